import { runDemoReplay } from '../apps/cli/src/demo-replay';
import { createTestApp, type TestApp } from './support/test-app';

describe('npm run demo:replay', () => {
  jest.setTimeout(60_000);
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ simulatedClock: true, now: '2021-01-01T00:00:00+08:00' });
  });
  afterAll(() => t.close());

  it('plays a year of activity and runs both milestone checks, with the ladder climbed for the late task', async () => {
    const lines: string[] = [];
    const summary = await runDemoReplay(t.app, (line) => lines.push(line));

    expect(summary.closedOnTime).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 28]);
    expect(summary.rectified).toBe(2);
    expect(summary.checks.map((c) => [c.asOf, c.trigger, c.status])).toEqual([
      ['2022-12-31', 'timer', 'done'],
      ['2025-12-31', 'timer', 'done'],
    ]);
    expect(summary.checks[0].overdueTasks.map((task) => task.seq)).toEqual([35]);
    expect(summary.checks[1].overdueTaskCount).toBe(34);
    expect(summary.checks[1].counts.byState).toEqual({ assigned: 32, closed: 11, in_progress: 2 });
    expect(summary.ladder).toMatchObject({
      urge: expect.any(Number),
      supervise: expect.any(Number),
      interview: expect.any(Number),
      reminder: expect.any(Number),
    });

    const [late] = await t.dataSource.query(`SELECT id::text FROM tasks WHERE seq = 35 AND plan_id = $1`, [summary.planId]);
    const trail: { type: string; level: string | null }[] = await t.dataSource.query(
      `SELECT type, payload->>'level' AS level FROM task_events WHERE task_id = $1 AND type IN ('OVERDUE', 'ESCALATE') ORDER BY seq`,
      [late.id],
    );
    expect(trail).toEqual([
      { type: 'OVERDUE', level: null },
      { type: 'ESCALATE', level: '1' },
      { type: 'ESCALATE', level: '2' },
      { type: 'ESCALATE', level: '3' },
    ]);
    expect(lines.join('\n')).toContain('milestone check as of 2022-12-31');
    expect(lines.join('\n')).toContain('milestone check as of 2025-12-31');
  });
});
