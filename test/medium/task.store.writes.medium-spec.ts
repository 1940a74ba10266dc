import { type PersistedTaskSnapshot, type SystemActor, taskSnapshotAt, type UserActor } from '@duban/domain';
import { type DeferredTransition, TaskStore } from '@duban/tasks';
import { createMediumDatabase, type MediumDatabase } from '../support/medium-database';
import {
  insertInboxItem,
  insertOrder,
  insertPlan,
  insertTask,
  insertUnit,
  insertUser,
  machineStep,
  OTHER_JURISDICTION,
  type PlanFixture,
  rows,
  setTaskState,
} from '../support/medium-fixtures';

const NOW = new Date('2022-03-01T02:00:00.000Z');
const SYSTEM: SystemActor = { kind: 'system' };

interface EventRow {
  id: string;
  task_id: string;
  seq: number;
  type: string;
  from_state: string;
  to_state: string;
  actor_kind: string;
  actor_user_id: string | null;
  actor_unit_id: string | null;
  payload: Record<string, unknown>;
  at: Date;
}

/**
 * TaskStore's writes: a transition with its audit event, the transitions a timer chunk deferred, an
 * audit event alone. Its locks are in task.store.locks.medium-spec.ts.
 */
describe('TaskStore (PostgreSQL)', () => {
  let db: MediumDatabase;
  const store = new TaskStore();
  let plan: PlanFixture;
  let lead: string;
  let support: string;
  let inspector: string;
  let officer: UserActor;
  let taskId: string;

  const taskRow = async (id: string) =>
    (
      await rows<{
        state: string;
        version: number;
        snapshot: PersistedTaskSnapshot | null;
        overdue: boolean;
        escalation_level: number;
        due_on: string;
        updated_at: Date;
      }>(db.dataSource, 'SELECT state, version, snapshot, overdue, escalation_level, due_on, updated_at FROM tasks WHERE id = $1', [id])
    )[0];
  const eventsOf = (id: string) =>
    rows<EventRow>(
      db.dataSource,
      `SELECT id::text, task_id::text, seq, type, from_state, to_state, actor_kind, actor_user_id::text, actor_unit_id::text, payload, at
         FROM task_events WHERE task_id = $1 ORDER BY task_events.id`,
      [id],
    );

  beforeAll(async () => {
    db = await createMediumDatabase();
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    await db.truncate();
    lead = await insertUnit(db.dataSource, { name: '市卫生健康委员会' });
    support = await insertUnit(db.dataSource, { name: '市教育局' });
    inspector = await insertUnit(db.dataSource, { name: '市委市政府督查室', kind: 'supervision' });
    await insertUnit(db.dataSource, { name: '别市督查室', kind: 'supervision', jurisdiction: OTHER_JURISDICTION });
    const userId = await insertUser(db.dataSource, { username: 'lead.officer', unitId: lead });
    officer = { kind: 'user', userId, unitId: lead, roles: ['officer'], relations: ['lead'] };
    plan = await insertPlan(db.dataSource);
    taskId = await insertTask(db.dataSource, plan, { seq: 7, dueOn: '2022-12-31', leads: [lead], supports: [support], text: '开展爱国卫生月活动' });
  });

  describe('writeTransition', () => {
    it('saves the new state, version and snapshot with the audit event of the user who sent it', async () => {
      const result = machineStep(null, { type: 'START', payload: {}, actor: officer });
      const written = await db.dataSource.transaction((manager) =>
        store.writeTransition(manager, { taskId, version: 1, eventType: 'START', result, actor: officer, payload: {}, dueOn: '2022-12-31', now: NOW }, false),
      );
      expect(written.facts).toBeNull();
      expect(await taskRow(taskId)).toEqual({
        state: 'in_progress',
        version: 1,
        snapshot: result.snapshot,
        overdue: false,
        escalation_level: 0,
        due_on: '2022-12-31',
        updated_at: NOW,
      });
      expect(await eventsOf(taskId)).toEqual([
        {
          id: written.eventId,
          task_id: taskId,
          seq: 1,
          type: 'START',
          from_state: 'assigned',
          to_state: 'in_progress',
          actor_kind: 'user',
          actor_user_id: officer.userId,
          actor_unit_id: lead,
          payload: {},
          at: NOW,
        },
      ]);
    });

    it('writes a system event’s flags and a moved due day, without a user', async () => {
      await setTaskState(db.dataSource, taskId, 'in_progress', { version: 4 });
      const result = machineStep(taskSnapshotAt('in_progress'), { type: 'OVERDUE', payload: {}, actor: SYSTEM });
      await db.dataSource.transaction((manager) =>
        store.writeTransition(
          manager,
          { taskId, version: 5, eventType: 'OVERDUE', result, actor: SYSTEM, payload: { dueOn: '2022-12-31' }, dueOn: '2023-01-31', now: NOW },
          false,
        ),
      );
      expect(await taskRow(taskId)).toMatchObject({ state: 'in_progress', version: 5, overdue: true, escalation_level: 0, due_on: '2023-01-31' });
      expect(await eventsOf(taskId)).toMatchObject([
        { seq: 5, type: 'OVERDUE', from_state: 'in_progress', to_state: 'in_progress', actor_kind: 'system', actor_user_id: null, actor_unit_id: null },
      ]);
    });

    it('answers the inbox policy’s facts as they are after the write: units, the jurisdiction’s inspectors, orders not accepted, open items', async () => {
      const result = machineStep(null, { type: 'START', payload: {}, actor: officer });
      const open = await insertInboxItem(db.dataSource, { unitId: lead, kind: 'start_task', taskId, dueOn: '2022-12-31' });
      const report = await insertInboxItem(db.dataSource, { unitId: lead, kind: 'report_progress', taskId, dueOn: '2022-04-15' });
      await insertInboxItem(db.dataSource, { unitId: lead, kind: 'notice', taskId });
      const done = await insertInboxItem(db.dataSource, { unitId: support, kind: 'contribute', taskId });
      await db.query(`UPDATE inbox_items SET status = 'done', done_at = $2 WHERE id = $1`, [done, NOW]);
      const issued = await insertOrder(db.dataSource, { taskId, unitId: lead, state: 'issued', dueOn: '2022-05-01', issuedAt: NOW });
      const accepted = await insertOrder(db.dataSource, { taskId, unitId: support, state: 'accepted', dueOn: '2022-05-01', issuedAt: NOW });
      expect(accepted).toBeDefined();
      // a contribution counts while its term runs: the support unit's current one does, its lapsed one of the quarter before does not
      await db.query(
        `INSERT INTO contributions (task_id, unit_id, period_end, due_on, term_ends_at, status, summary, submitted_at, returned_reason, returned_at, created_at, updated_at)
         VALUES ($1, $2, '2021-12-31', '2022-01-12', $3::timestamptz - interval '1 day', 'submitted', '上季度', $3, NULL, NULL, $3, $3),
                ($1, $2, '2022-03-31', '2022-04-12', $3::timestamptz + interval '1 day', 'submitted', '本季度', $3, NULL, NULL, $3, $3),
                ($1, $4, '2022-03-31', '2022-04-12', $3::timestamptz + interval '1 day', 'returned', '被退回', $3, '缺数据', $3, $3, $3)`,
        [taskId, support, NOW, lead],
      );

      const written = await db.dataSource.transaction((manager) =>
        store.writeTransition(manager, { taskId, version: 1, eventType: 'START', result, actor: officer, payload: {}, dueOn: '2022-12-31', now: NOW }, true),
      );
      expect(written.facts).toEqual({
        seq: 7,
        text: '开展爱国卫生月活动',
        units: [
          { unit_id: lead, role: 'lead' },
          { unit_id: support, role: 'support' },
        ],
        inspector_units: [inspector],
        orders: [{ id: issued, unit_id: lead, state: 'issued', due_on: '2022-05-01', round: 1 }],
        open: [
          { id: open, unit_id: lead, kind: 'start_task', order_id: null, due_on: '2022-12-31' },
          { id: report, unit_id: lead, kind: 'report_progress', order_id: null, due_on: '2022-04-15' },
        ],
        contributed: [support],
        drafting: [],
      });
    });

    it('answers the task’s view as the write leaves it, with what it reads besides the row (units, the report owed, an order keeping it red)', async () => {
      const result = machineStep(null, { type: 'START', payload: {}, actor: officer });
      await insertInboxItem(db.dataSource, { unitId: lead, kind: 'report_progress', taskId, dueOn: '2022-04-15' });
      await insertOrder(db.dataSource, { taskId, unitId: lead, state: 'issued', dueOn: '2022-05-01', issuedAt: NOW });
      await db.query(`UPDATE rectification_orders SET overdue = true WHERE task_id = $1`, [taskId]);
      const write = { taskId, version: 1, eventType: 'START', result, actor: officer, payload: {}, dueOn: '2022-12-31', now: NOW };

      const written = await db.dataSource.transaction((manager) => store.writeTransition(manager, write, true, true));
      expect(written.view).toMatchObject({
        id: taskId,
        seq: 7,
        text: '开展爱国卫生月活动',
        state: 'in_progress',
        version: 1,
        due_on: '2022-12-31',
        overdue: false,
        escalation_level: 0,
        report_due_on: '2022-04-15',
        order_overdue: true,
        lead_units: [{ id: lead }],
        support_units: [{ id: support }],
      });
      expect(written.facts?.units).toHaveLength(2);
      const plain = await db.dataSource.transaction((manager) => store.writeTransition(manager, { ...write, version: 2 }, false));
      expect(plain.view).toBeNull();
    });

    it('writes nothing when the audit event cannot be stored (a seq already taken): state and event are one statement', async () => {
      const started = machineStep(null, { type: 'START', payload: {}, actor: officer });
      await db.dataSource.transaction((manager) =>
        store.writeTransition(
          manager,
          { taskId, version: 1, eventType: 'START', result: started, actor: officer, payload: {}, dueOn: '2022-12-31', now: NOW },
          false,
        ),
      );
      const before = await taskRow(taskId);
      const overdue = machineStep(started.snapshot, { type: 'OVERDUE', payload: {}, actor: SYSTEM });
      await expect(
        store.writeTransition(
          db.dataSource.manager,
          { taskId, version: 1, eventType: 'OVERDUE', result: overdue, actor: SYSTEM, payload: {}, dueOn: '2023-06-30', now: new Date('2023-01-01T00:00:00Z') },
          false,
        ),
      ).rejects.toThrow(/task_events_task_seq_key/);
      expect(await taskRow(taskId)).toEqual(before);
      expect(await eventsOf(taskId)).toHaveLength(1);
    });
  });

  describe('writeDeferred', () => {
    it('saves each task’s last state and every event in order, whatever order they were collected in, and empties the list', async () => {
      const other = await insertTask(db.dataSource, plan, { seq: 8, dueOn: '2022-06-30', leads: [lead] });
      await setTaskState(db.dataSource, taskId, 'in_progress', { version: 2 });

      const reminder = machineStep(taskSnapshotAt('in_progress'), { type: 'REMINDER', payload: { kind: 'task_reminder', offsetDays: 7 }, actor: SYSTEM });
      const overdue = machineStep(reminder.snapshot, { type: 'OVERDUE', payload: {}, actor: SYSTEM });
      const escalated = machineStep(overdue.snapshot, { type: 'ESCALATE', payload: { level: 1 }, actor: SYSTEM });
      const otherOverdue = machineStep(null, { type: 'OVERDUE', payload: {}, actor: SYSTEM });
      const deferred = (id: string, seq: number, type: string, step: typeof reminder, payload: Record<string, unknown>, dueOn: string): DeferredTransition => ({
        task_id: id,
        seq,
        type,
        from_state: step.from,
        to_state: step.to,
        payload,
        snapshot: step.snapshot,
        overdue: step.context.overdue,
        escalation_level: step.context.escalationLevel,
        due_on: dueOn,
      });
      const collected = [
        deferred(taskId, 5, 'ESCALATE', escalated, { level: 1 }, '2022-12-31'),
        deferred(other, 1, 'OVERDUE', otherOverdue, {}, '2022-06-30'),
        deferred(taskId, 3, 'REMINDER', reminder, { kind: 'task_reminder', offsetDays: 7 }, '2022-12-31'),
        deferred(taskId, 4, 'OVERDUE', overdue, {}, '2022-12-31'),
      ];
      await db.dataSource.transaction((manager) => store.writeDeferred(manager, collected, NOW));
      expect(collected).toEqual([]);

      expect(await taskRow(taskId)).toEqual({
        state: 'in_progress',
        version: 5,
        snapshot: escalated.snapshot,
        overdue: true,
        escalation_level: 1,
        due_on: '2022-12-31',
        updated_at: NOW,
      });
      expect(await taskRow(other)).toEqual({
        state: 'assigned',
        version: 1,
        snapshot: otherOverdue.snapshot,
        overdue: true,
        escalation_level: 0,
        due_on: '2022-06-30',
        updated_at: NOW,
      });
      const trail = (await eventsOf(taskId)).map((e) => [e.seq, e.type, e.from_state, e.to_state, e.actor_kind, e.payload, e.at]);
      expect(trail).toEqual([
        [3, 'REMINDER', 'in_progress', 'in_progress', 'system', { kind: 'task_reminder', offsetDays: 7 }, NOW],
        [4, 'OVERDUE', 'in_progress', 'in_progress', 'system', {}, NOW],
        [5, 'ESCALATE', 'in_progress', 'in_progress', 'system', { level: 1 }, NOW],
      ]);
      expect((await eventsOf(other)).map((e) => [e.seq, e.type])).toEqual([[1, 'OVERDUE']]);
    });

    it('does nothing for an empty list', async () => {
      const before = await taskRow(taskId);
      await store.writeDeferred(db.dataSource.manager, [], NOW);
      expect(await taskRow(taskId)).toEqual(before);
    });
  });

  it('appendAudit records an event that leaves the state as it is, bumps the version, and updates the locked task it was given', async () => {
    await setTaskState(db.dataSource, taskId, 'rectify', { version: 6 });
    await db.dataSource.transaction(async (manager) => {
      const locked = await store.lockTask(manager, taskId);
      await store.appendAudit(manager, locked, 'ORDER_SUBMITTED', officer, { orderId: '12' }, NOW);
      expect(locked.version).toBe(7);
      await store.appendAudit(manager, locked, 'ORDER_RETURNED', SYSTEM, { orderId: '12', reason: '材料不全' }, NOW);
      expect(locked.version).toBe(8);
    });
    expect(await taskRow(taskId)).toMatchObject({ state: 'rectify', version: 8, updated_at: NOW });
    expect((await eventsOf(taskId)).map((e) => [e.seq, e.type, e.from_state, e.to_state, e.actor_kind, e.actor_user_id, e.payload])).toEqual([
      [7, 'ORDER_SUBMITTED', 'rectify', 'rectify', 'user', officer.userId, { orderId: '12' }],
      [8, 'ORDER_RETURNED', 'rectify', 'rectify', 'system', null, { orderId: '12', reason: '材料不全' }],
    ]);
  });
});
