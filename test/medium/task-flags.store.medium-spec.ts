import { initialTaskContext, milestoneOverdueChange, type PersistedTaskSnapshot, taskSnapshotAt, type TaskState } from '@duban/domain';
import { TaskFlagsStore } from '@duban/tasks';
import { createMediumDatabase, type MediumDatabase } from '../support/medium-database';
import { insertPlan, insertTask, insertUnit, machineStep, type PlanFixture, rows, type TaskFixture } from '../support/medium-fixtures';

const NOW = new Date('2023-01-01T02:00:00.000Z');
const AS_OF = '2022-12-31';
const CHECK_ID = '17';

/**
 * A milestone check's set-based flagging (节点检查): the machine's OVERDUE then ESCALATE, written for
 * every open task of the plan due by the day (its due day or a milestone) that is not yet overdue.
 */
describe('TaskFlagsStore.flagDueBy with milestoneOverdueChange (PostgreSQL)', () => {
  let db: MediumDatabase;
  const store = new TaskFlagsStore();
  const change = milestoneOverdueChange(CHECK_ID, AS_OF);
  let plan: PlanFixture;
  let ids: Record<string, string>;

  /** the tasks, inserted in this order (so their ids are in this order) */
  const TASKS: Record<string, TaskFixture> = {
    dueBefore: { seq: 1, dueOn: '2022-11-30' },
    milestoneBefore: { seq: 2, dueOn: '2025-12-31', state: 'in_progress', version: 3, milestones: ['2022-12-31', '2025-12-31'] },
    closed: { seq: 3, dueOn: '2022-06-30', state: 'closed', version: 9 },
    alreadyOverdue: { seq: 4, dueOn: '2022-06-30', state: 'in_progress', overdue: true, escalationLevel: 2, version: 5 },
    escalatedNotOverdue: { seq: 5, dueOn: '2022-12-31', state: 'self_assessed', escalationLevel: 2, version: 4 },
    dueLater: { seq: 6, dueOn: '2023-01-01', milestones: ['2023-01-01'] },
    rectify: { seq: 7, dueOn: '2022-01-01', state: 'rectify', version: 8 },
  };
  const FLAGGED = ['dueBefore', 'milestoneBefore', 'escalatedNotOverdue', 'rectify'];

  const stateOf = async (name: string) =>
    (
      await rows<{ state: TaskState; version: number; overdue: boolean; escalation_level: number; snapshot: PersistedTaskSnapshot | null; updated_at: Date }>(
        db.dataSource,
        'SELECT state, version, overdue, escalation_level, snapshot, updated_at FROM tasks WHERE id = $1',
        [ids[name]],
      )
    )[0];
  const eventsOf = (name: string) =>
    rows<{ seq: number; type: string; from_state: string; to_state: string; actor_kind: string; payload: unknown; at: Date }>(
      db.dataSource,
      'SELECT seq, type, from_state, to_state, actor_kind, payload, at FROM task_events WHERE task_id = $1 ORDER BY task_events.id',
      [ids[name]],
    );
  const flag = (chunk: { afterId?: string; limit?: number; planId?: string } = {}) =>
    db.dataSource.transaction((manager) =>
      store.flagDueBy(
        manager,
        { planId: chunk.planId ?? plan.planId, asOf: AS_OF, afterId: chunk.afterId ?? '0', limit: chunk.limit ?? 1_000, now: NOW },
        change,
      ),
    );

  beforeAll(async () => {
    db = await createMediumDatabase();
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    await db.truncate();
    const lead = await insertUnit(db.dataSource, { name: '市卫生健康委员会' });
    plan = await insertPlan(db.dataSource);
    ids = {};
    for (const [name, task] of Object.entries(TASKS)) ids[name] = await insertTask(db.dataSource, plan, { ...task, leads: [lead] });
    // a task of another plan, due long ago
    const other = await insertPlan(db.dataSource, { name: '另一个计划' });
    ids.otherPlan = await insertTask(db.dataSource, other, { seq: 1, dueOn: '2021-06-30', leads: [lead] });
  });

  it('flags the open tasks due by the day that are not yet overdue, as the machine would, and answers them in id order', async () => {
    const result = await flag();
    expect(result.flaggedIds).toEqual(FLAGGED.map((name) => ids[name]));
    expect(result.lastId).toBe(ids.rectify);

    for (const name of FLAGGED) {
      const task = TASKS[name];
      const state = task.state ?? 'assigned';
      const before = task.state === undefined ? null : taskSnapshotAt(state, { ...initialTaskContext(), escalationLevel: task.escalationLevel ?? 0 });
      // what the machine does to this task with the same two events
      const overdue = machineStep(before, change.events[0]);
      const escalated = machineStep(overdue.snapshot, change.events[1]);
      const version = (task.version ?? 0) + 2;
      const after = await stateOf(name);
      expect({ name, ...after, snapshot: JSON.parse(JSON.stringify(after.snapshot)) }).toEqual({
        name,
        state,
        version,
        overdue: true,
        escalation_level: escalated.context.escalationLevel,
        snapshot: JSON.parse(JSON.stringify(escalated.snapshot)),
        updated_at: NOW,
      });
      expect(await eventsOf(name)).toEqual([
        {
          seq: version - 1,
          type: 'OVERDUE',
          from_state: state,
          to_state: state,
          actor_kind: 'system',
          payload: { milestoneCheckId: CHECK_ID, asOf: AS_OF },
          at: NOW,
        },
        {
          seq: version,
          type: 'ESCALATE',
          from_state: state,
          to_state: state,
          actor_kind: 'system',
          payload: { level: 1, milestoneCheckId: CHECK_ID },
          at: NOW,
        },
      ]);
    }
    // an escalation level above the check's is kept
    expect((await stateOf('escalatedNotOverdue')).escalation_level).toBe(2);
  });

  it('leaves closed, already overdue and later tasks, and other plans’ tasks, as they were', async () => {
    const untouched = ['closed', 'alreadyOverdue', 'dueLater', 'otherPlan'];
    const before = await Promise.all(untouched.map(stateOf));
    await flag();
    expect(await Promise.all(untouched.map(stateOf))).toEqual(before);
    for (const name of untouched) expect(await eventsOf(name)).toEqual([]);
  });

  it('in chunks (afterId, limit) flags what one pass flags, each chunk answering the last id it looked at and whether it was full', async () => {
    const chunks: { lastId: string | null; more: boolean; flaggedIds: string[] }[] = [];
    let afterId = '0';
    for (;;) {
      const chunk = await flag({ afterId, limit: 2 });
      chunks.push(chunk);
      if (!chunk.more || chunk.lastId === null) break;
      afterId = chunk.lastId;
    }
    // the due tasks in id order are dueBefore, milestoneBefore, alreadyOverdue, escalatedNotOverdue, rectify
    expect(chunks).toEqual([
      { lastId: ids.milestoneBefore, more: true, flaggedIds: [ids.dueBefore, ids.milestoneBefore] },
      { lastId: ids.escalatedNotOverdue, more: true, flaggedIds: [ids.escalatedNotOverdue] },
      { lastId: ids.rectify, more: false, flaggedIds: [ids.rectify] },
    ]);
    // after the last due task there is nothing
    expect(await flag({ afterId: ids.rectify, limit: 2 })).toEqual({ lastId: null, more: false, flaggedIds: [] });
    const events = await rows<{ n: number }>(db.dataSource, 'SELECT count(*)::int AS n FROM task_events');
    expect(events).toEqual([{ n: 2 * FLAGGED.length }]);
  });

  it('flags nothing a second time', async () => {
    await flag();
    const [{ n: before }] = await rows<{ n: number }>(db.dataSource, 'SELECT count(*)::int AS n FROM task_events');
    expect(await flag()).toEqual({ lastId: ids.rectify, more: false, flaggedIds: [] });
    expect(await rows(db.dataSource, 'SELECT count(*)::int AS n FROM task_events')).toEqual([{ n: before }]);
  });

  it('answers null and flags nothing for a plan with no task due', async () => {
    const empty = await insertPlan(db.dataSource, { name: '空计划' });
    expect(await flag({ planId: empty.planId })).toEqual({ lastId: null, more: false, flaggedIds: [] });
  });
});
