import { PlanPolicyService } from '@duban/plans';
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
    // the seed plan requires a file behind each self-assessment and rectification: the replay uploaded one for each
    expect((await t.app.get(PlanPolicyService).get(summary.planId)).evidence).toEqual({ fileRequiredFor: ['SUBMIT_SELF_ASSESSMENT', 'SUBMIT_RECTIFICATION'] });
    const files: { name: string; seq: number }[] = await t.dataSource.query(
      `SELECT a.name, t.seq FROM attachments a JOIN tasks t ON t.id = a.task_id WHERE a.attached_at IS NOT NULL ORDER BY t.seq, a.name`,
    );
    expect(files).toHaveLength(13);
    expect(files.filter((file) => file.seq === 28).map((file) => file.name)).toEqual(['AED配置清单.pdf', 'AED配置清单.pdf', '第28项工作总结.pdf']);
    const [assessed]: { evidence: { attachmentId?: string; fileName?: string }[] }[] = await t.dataSource.query(
      `SELECT payload->'evidence' AS evidence FROM task_events WHERE type = 'SUBMIT_SELF_ASSESSMENT' AND task_id = (SELECT id FROM tasks WHERE seq = 1 AND plan_id = $1)`,
      [summary.planId],
    );
    expect(assessed.evidence).toEqual([expect.objectContaining({ attachmentId: expect.any(String), fileName: '第1项工作总结.pdf' })]);
    expect(lines.join('\n')).toContain('milestone check as of 2022-12-31');
    expect(lines.join('\n')).toContain('milestone check as of 2025-12-31');
  });
});
