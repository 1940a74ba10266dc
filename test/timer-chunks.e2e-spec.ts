import { TimerFiringService } from '@duban/clock';
import { createTestApp, loginAs, type TestApp } from './support/test-app';
import { SEED_TABLE, seedUnitsAndUsers } from './support/seed-helpers';

/**
 * The worker fires the timers it claims together in one transaction per chunk (fireAll), the admin
 * clock fires them one at a time (fire). Both must leave a task exactly as the other would.
 */
describe('timers fired in one chunk do what firing them one by one does', () => {
  let t: TestApp;
  let firing: TimerFiringService;
  let sameDay: string[];

  const dueTimers = async (taskIds: string[]): Promise<string[]> => {
    const rows: { id: string }[] = await t.dataSource.query(
      `SELECT id::text FROM timers WHERE task_id = ANY($1::bigint[]) AND state = 'pending' AND due_at <= $2 ORDER BY due_at, id`,
      [taskIds, t.clock.now()],
    );
    return rows.map((row) => row.id);
  };
  const trail = async (taskId: string): Promise<string[]> => {
    const rows: { seq: number; type: string; to_state: string; payload: { level?: number; offsetDays?: number } }[] = await t.dataSource.query(
      'SELECT seq, type, to_state, payload FROM task_events WHERE task_id = $1 ORDER BY seq',
      [taskId],
    );
    return rows.map((row) => `${row.seq} ${row.type} ${row.payload.level ?? row.payload.offsetDays ?? ''} → ${row.to_state}`);
  };
  const noticesOf = async (taskId: string): Promise<string[]> => {
    const rows: { unit_id: string; kind: string; step: string }[] = await t.dataSource.query(
      `SELECT unit_id::text, kind, payload->>'step' AS step FROM inbox_items WHERE task_id = $1 AND kind IN ('notice', 'interview') ORDER BY id`,
      [taskId],
    );
    return rows.map((row) => `${row.kind} ${row.step} → ${row.unit_id}`).sort();
  };
  const taskRow = async (taskId: string) => {
    const [row]: { state: string; overdue: boolean; escalation_level: number; version: number }[] = await t.dataSource.query(
      'SELECT state, overdue, escalation_level, version FROM tasks WHERE id = $1',
      [taskId],
    );
    return row;
  };
  /** each delivery's body is the notice it carries */
  const deliveriesOf = async (taskId: string): Promise<number> => {
    const rows: { matches: boolean }[] = await t.dataSource.query(
      `SELECT (d.body->>'taskId' = i.task_id::text AND d.body->>'title' = i.title AND d.body->>'kind' = i.kind AND (d.body->>'id')::bigint = i.id) AS matches
         FROM outbox_deliveries d JOIN inbox_items i ON i.id = d.inbox_item_id WHERE i.task_id = $1`,
      [taskId],
    );
    expect(rows.every((row) => row.matches)).toBe(true);
    return rows.length;
  };
  const timerOutcomes = async (taskId: string): Promise<string[]> => {
    const rows: { kind: string; state: string; outcome: string | null }[] = await t.dataSource.query(
      `SELECT kind, state, payload->>'outcome' AS outcome FROM timers WHERE task_id = $1 ORDER BY due_at, id`,
      [taskId],
    );
    return rows.map((row) => `${row.kind} ${row.state} ${row.outcome ?? ''}`);
  };

  beforeAll(async () => {
    t = await createTestApp({ now: '2021-03-01T02:00:00Z' });
    await seedUnitsAndUsers(t);
    const token = await loginAs(t.http, 'admin');
    const imported = await t.http
      .post('/api/v1/plans/import')
      .set('Authorization', `Bearer ${token}`)
      .send({ content: SEED_TABLE, planStart: '2021-01-01' })
      .expect(200);
    // three tasks with the same due day and the same lead units: their ladders are the same
    const [group]: { ids: string[] }[] = await t.dataSource.query(
      `SELECT (array_agg(t.id::text ORDER BY t.seq))[1:3] AS ids
         FROM tasks t
        WHERE t.plan_id = $1
        GROUP BY t.due_on, (SELECT array_agg(tu.unit_id ORDER BY tu.unit_id) FROM task_units tu WHERE tu.task_id = t.id AND tu.role = 'lead')
       HAVING count(*) >= 3
        ORDER BY t.due_on LIMIT 1`,
      [imported.body.planId],
    );
    sameDay = group.ids;
    // their lead unit receives its notices by webhook too
    await t.dataSource.query(
      `UPDATE units SET webhook_url = 'https://example.org/duban', webhook_secret = 'a webhook secret of enough length'
        WHERE id = (SELECT unit_id FROM task_units WHERE task_id = $1 AND role = 'lead' ORDER BY position LIMIT 1)`,
      [sameDay[0]],
    );
    firing = t.app.get(TimerFiringService);
    // long after the due day: every reminder and every step of the ladder is due
    const [{ due_on }]: { due_on: string }[] = await t.dataSource.query('SELECT due_on FROM tasks WHERE id = $1', [sameDay[0]]);
    t.clock.set(new Date(Date.parse(`${due_on}T00:00:00Z`) + 120 * 86_400_000));
  });
  afterAll(() => t.close());

  it('applies the same events, notices and timer outcomes, and firing the chunk again changes nothing', async () => {
    const [alone, ...together] = sameDay;
    const dueAlone = await dueTimers([alone]);
    expect(dueAlone.length).toBeGreaterThanOrEqual(4); // reminders, overdue, escalation steps
    for (const id of dueAlone) expect(await firing.fire(id)).not.toBe('gone');

    const dueTogether = await dueTimers(together);
    expect(dueTogether).toHaveLength(2 * dueAlone.length);
    const outcomes = await firing.fireAll(dueTogether);
    expect(outcomes).not.toContain('gone');
    expect(await dueTimers(together)).toEqual([]);

    for (const taskId of together) {
      expect(await trail(taskId)).toEqual(await trail(alone));
      expect(await noticesOf(taskId)).toEqual(await noticesOf(alone));
      expect(await taskRow(taskId)).toEqual(await taskRow(alone));
      expect(await timerOutcomes(taskId)).toEqual(await timerOutcomes(alone));
      expect(await deliveriesOf(taskId)).toBe(await deliveriesOf(alone));
    }
    expect(await deliveriesOf(alone)).toBeGreaterThan(0);
    expect((await taskRow(alone)).overdue).toBe(true);

    const before = await Promise.all(together.map(trail));
    expect(await firing.fireAll(dueTogether)).toEqual(dueTogether.map(() => 'gone'));
    expect(await Promise.all(together.map(trail))).toEqual(before);
  });
});
