import { DomainError, type SystemActor, taskSnapshotAt, initialTaskContext } from '@duban/domain';
import { TaskStore } from '@duban/tasks';
import { createMediumDatabase, hasSettled, isRowLocked, type MediumDatabase, openTransaction, waitUntilWaitingForLock } from '../support/medium-database';
import { insertOrder, insertPlan, insertTask, insertUnit, type PlanFixture, setNextId } from '../support/medium-fixtures';

const NOW = new Date('2022-03-01T02:00:00.000Z');
const SYSTEM: SystemActor = { kind: 'system' };

/**
 * TaskStore's locks: the rows they answer, and the order they take them in (so that two callers never
 * wait on each other in a cycle). Its writes are in task.store.writes.medium-spec.ts.
 */
describe('TaskStore (PostgreSQL)', () => {
  let db: MediumDatabase;
  const store = new TaskStore();
  let plan: PlanFixture;
  let support: string;
  let taskId: string;

  beforeAll(async () => {
    db = await createMediumDatabase();
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    await db.truncate();
    const lead = await insertUnit(db.dataSource, { name: '市卫生健康委员会' });
    support = await insertUnit(db.dataSource, { name: '市教育局' });
    plan = await insertPlan(db.dataSource);
    // ids of one length (21, 22, …); the tests of lock order across a power of ten place their own
    await setNextId(db.dataSource, 'tasks', 21);
    taskId = await insertTask(db.dataSource, plan, { seq: 7, dueOn: '2022-12-31', leads: [lead], supports: [support], text: '开展爱国卫生月活动' });
  });

  describe('locks', () => {
    it('lockTask answers the row (a task that never moved has no snapshot) and refuses a missing task as not found', async () => {
      const locked = await db.dataSource.transaction((manager) => store.lockTask(manager, taskId));
      expect(locked).toEqual({ id: taskId, state: 'assigned', snapshot: null, version: 0, due_on: '2022-12-31' });
      const missing = db.dataSource.transaction((manager) => store.lockTask(manager, String(Number(taskId) + 100)));
      await expect(missing).rejects.toBeInstanceOf(DomainError);
      await expect(missing).rejects.toMatchObject({ kind: 'not_found', code: 'task_not_found' });
    });

    it('lockTaskWithRelations answers the unit’s relations, and says when the task changed while it waited for the lock', async () => {
      const plain = await db.dataSource.transaction((manager) => store.lockTaskWithRelations(manager, taskId, support));
      expect(plain).toMatchObject({ relations: ['support'], fresh: true, task: { id: taskId, version: 0 } });
      expect((await db.dataSource.transaction((manager) => store.lockTaskWithRelations(manager, taskId, null))).relations).toEqual([]);

      const holder = await openTransaction(db.dataSource);
      const waiter = await openTransaction(db.dataSource);
      try {
        const held = await store.lockTask(holder.runner.manager, taskId);
        const waiting = store.lockTaskWithRelations(waiter.runner.manager, taskId, support);
        await waitUntilWaitingForLock(db.dataSource, waiter.pid);
        // meanwhile the holder takes the support unit away and bumps the version, as every change of a task's units does
        await holder.runner.query('DELETE FROM task_units WHERE task_id = $1 AND unit_id = $2', [taskId, support]);
        await store.appendAudit(holder.runner.manager, held, 'REASSIGN_LEAD', SYSTEM, {}, NOW);
        await holder.commit();
        const seen = await waiting;
        expect(seen.fresh).toBe(false);
        expect(seen.task.version).toBe(1);
      } finally {
        await Promise.all([holder.rollback(), waiter.rollback()]);
      }
    });

    it('lockTasks answers the tasks found, by id, and leaves out missing ones', async () => {
      const second = await insertTask(db.dataSource, plan, { seq: 8, dueOn: '2022-06-30', state: 'in_progress', version: 3 });
      const locked = await db.dataSource.transaction((manager) => store.lockTasks(manager, [second, String(Number(second) + 50), taskId]));
      expect([...locked.keys()]).toEqual([taskId, second]);
      expect(locked.get(second)).toEqual({
        id: second,
        state: 'in_progress',
        snapshot: taskSnapshotAt('in_progress', initialTaskContext()),
        version: 3,
        due_on: '2022-06-30',
      });
      expect(await store.lockTasks(db.dataSource.manager, [])).toEqual(new Map());
    });

    /** holds `held`, lets `lockTasks(given)` run until it waits, and answers which of `probed` that call has locked meanwhile */
    const lockedWhileWaiting = async (held: string, given: string[], probed: string[]): Promise<{ locked: string[]; answered: string[] }> => {
      const holder = await openTransaction(db.dataSource);
      const locker = await openTransaction(db.dataSource);
      try {
        await holder.runner.query('SELECT 1 FROM tasks WHERE id = $1 FOR NO KEY UPDATE', [held]);
        const locking = store.lockTasks(locker.runner.manager, given);
        await waitUntilWaitingForLock(db.dataSource, locker.pid);
        expect(await hasSettled(locking)).toBe(false);
        const locked: string[] = [];
        for (const id of probed) if (await isRowLocked(db.dataSource, 'tasks', id)) locked.push(id);
        await holder.commit();
        return { locked, answered: [...(await locking).keys()] };
      } finally {
        await Promise.all([holder.rollback(), locker.rollback()]);
      }
    };

    it('lockTasks takes its locks in id order, whatever order it is given (so two callers never wait on each other in a cycle)', async () => {
      const higher = await insertTask(db.dataSource, plan, { seq: 8, dueOn: '2022-06-30' });
      // given the higher id first: in id order it locks the lower one, then waits for the higher one
      expect(await lockedWhileWaiting(higher, [higher, taskId], [taskId])).toEqual({ locked: [taskId], answered: [taskId, higher] });
    });

    // `SELECT id::text … ORDER BY id` would sort by the output column, the text, and lock task 100 before task 99, while
    // flagDueBy (a milestone check) locks the same tasks by the bigint id: the two could wait on each other in a cycle.
    it('lockTasks locks in id order across a power of ten (99 before 100)', async () => {
      await setNextId(db.dataSource, 'tasks', 99);
      const ninetyNine = await insertTask(db.dataSource, plan, { seq: 99, dueOn: '2022-06-30' });
      const hundred = await insertTask(db.dataSource, plan, { seq: 100, dueOn: '2022-06-30' });
      expect([ninetyNine, hundred]).toEqual(['99', '100']);
      expect(await lockedWhileWaiting(hundred, [hundred, ninetyNine], [ninetyNine])).toEqual({ locked: [ninetyNine], answered: [ninetyNine, hundred] });
    });

    it('lockTasksOfTimers locks the tasks of timers (their own, or their order’s) with their facts, and says which changed while it waited', async () => {
      const lead = (await db.query<{ unit_id: string }>(`SELECT unit_id::text FROM task_units WHERE task_id = $1 AND role = 'lead'`, [taskId]))[0].unit_id;
      const other = await insertTask(db.dataSource, plan, { seq: 8, dueOn: '2022-06-30', state: 'rectify', leads: [support] });
      const order = await insertOrder(db.dataSource, { taskId: other, unitId: support, dueOn: '2022-04-01', issuedAt: NOW });
      const timerIds = (
        await db.query<{ id: string }>(
          `INSERT INTO timers (kind, task_id, order_id, due_at, payload, created_at)
           VALUES ('task_reminder', $1, NULL, $3, '{}', $3), ('order_reminder', NULL, $2, $3, '{}', $3) RETURNING id::text`,
          [taskId, order, NOW],
        )
      ).map((row) => row.id);
      const plain = await db.dataSource.transaction((manager) => store.lockTasksOfTimers(manager, timerIds));
      expect([...plain.tasks.keys()]).toEqual([taskId, other]);
      expect(plain.stale).toEqual([]);
      expect(plain.facts.get(taskId)).toMatchObject({ seq: 7, text: '开展爱国卫生月活动', due_on: '2022-12-31', overdue: false, lead_unit_ids: [lead] });
      expect(plain.facts.get(other)).toMatchObject({ seq: 8, lead_unit_ids: [support] });

      const newLead = await insertUnit(db.dataSource, { name: '市住建局' });
      const holder = await openTransaction(db.dataSource);
      const waiter = await openTransaction(db.dataSource);
      try {
        const held = await store.lockTask(holder.runner.manager, taskId);
        const waiting = store.lockTasksOfTimers(waiter.runner.manager, timerIds);
        await waitUntilWaitingForLock(db.dataSource, waiter.pid);
        // meanwhile the holder changes the task's lead units and bumps the version, as every change of a task's units does
        await holder.runner.query(`UPDATE task_units SET unit_id = $2 WHERE task_id = $1 AND role = 'lead'`, [taskId, newLead]);
        await store.appendAudit(holder.runner.manager, held, 'REASSIGN_LEAD', SYSTEM, {}, NOW);
        await holder.commit();
        const seen = await waiting;
        expect(seen.stale).toEqual([taskId]);
        expect(seen.tasks.get(taskId)?.version).toBe(1);
      } finally {
        await Promise.all([holder.rollback(), waiter.rollback()]);
      }
    });

    it('lockOpenTasksOfPlan answers the plan’s open tasks in id order', async () => {
      const closed = await insertTask(db.dataSource, plan, { seq: 8, dueOn: '2022-06-30', state: 'closed' });
      const third = await insertTask(db.dataSource, plan, { seq: 9, dueOn: '2023-06-30', state: 'rectify' });
      const otherPlan = await insertPlan(db.dataSource, { name: '另一个计划' });
      await insertTask(db.dataSource, otherPlan, { seq: 1, dueOn: '2022-06-30' });
      expect(closed).toBeDefined();
      expect(await db.dataSource.transaction((manager) => store.lockOpenTasksOfPlan(manager, plan.planId))).toEqual([
        { id: taskId, due_on: '2022-12-31', state: 'assigned' },
        { id: third, due_on: '2023-06-30', state: 'rectify' },
      ]);
    });

    // the same trap: a plan's new deadline policy must lock its open tasks 99 before 100, as a milestone check does.
    it('lockOpenTasksOfPlan locks and answers in id order across a power of ten (99 before 100)', async () => {
      const otherPlan = await insertPlan(db.dataSource, { name: '另一个计划' });
      await setNextId(db.dataSource, 'tasks', 99);
      await insertTask(db.dataSource, otherPlan, { seq: 1, dueOn: '2022-06-30' });
      await insertTask(db.dataSource, otherPlan, { seq: 2, dueOn: '2022-06-30' });
      const open = await db.dataSource.transaction((manager) => store.lockOpenTasksOfPlan(manager, otherPlan.planId));
      expect(open.map((task) => task.id)).toEqual(['99', '100']);
    });
  });
});
