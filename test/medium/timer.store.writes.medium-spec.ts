import { TimerStore } from '@duban/clock';
import type { MediumDatabase } from '../support/medium-database';
import type { PlanFixture } from '../support/medium-fixtures';
import { newTimer, useTimerStoreWorld } from '../support/medium-timers';

const NOW = new Date('2022-03-01T03:00:00.000Z');

/**
 * TimerStore on the scheduling side: inserting timers, a plan's milestone checks, and cancelling a
 * task's or an order's. Claiming, firing and locking them: timer.store.claims.medium-spec.ts.
 */
describe('TimerStore (PostgreSQL)', () => {
  const store = new TimerStore();
  const world = useTimerStoreWorld(store, NOW);
  const { timers, inserted, stateOf } = world;
  let db: MediumDatabase;
  let plan: PlanFixture;
  let taskA: string;
  let taskB: string;
  let orderOfB: string;
  beforeEach(() => ({ db, plan, taskA, taskB, orderOfB } = world.current()));

  it('insert writes pending timers with their subject, due time and payload; nothing for no rows', async () => {
    await store.insert(db.dataSource.manager, [], NOW);
    expect(await timers()).toEqual([]);
    await store.insert(
      db.dataSource.manager,
      [
        newTimer('task_reminder', '2022-12-24T01:00:00.000Z', { task_id: taskA }, { offsetDays: 7, dueOn: '2022-12-31' }),
        newTimer('order_overdue', '2022-04-01T16:00:00.000Z', { order_id: orderOfB }, { dueOn: '2022-04-01' }),
      ],
      NOW,
    );
    expect((await timers()).map(({ id: _id, ...row }) => row)).toEqual([
      {
        kind: 'task_reminder',
        task_id: taskA,
        order_id: null,
        plan_id: null,
        due_at: new Date('2022-12-24T01:00:00.000Z'),
        state: 'pending',
        attempts: 0,
        lease_until: null,
        payload: { offsetDays: 7, dueOn: '2022-12-31' },
        created_at: NOW,
        fired_at: null,
      },
      {
        kind: 'order_overdue',
        task_id: null,
        order_id: orderOfB,
        plan_id: null,
        due_at: new Date('2022-04-01T16:00:00.000Z'),
        state: 'pending',
        attempts: 0,
        lease_until: null,
        payload: { dueOn: '2022-04-01' },
        created_at: NOW,
        fired_at: null,
      },
    ]);
  });

  describe('cancelOfTasks and replaceOfTasks', () => {
    let ids: Record<'reminder' | 'chase' | 'fired' | 'claimed' | 'otherTask' | 'order', string>;
    beforeEach(async () => {
      const [reminder, chase, fired, claimed, otherTask, order] = await inserted([
        newTimer('task_reminder', '2022-12-24T01:00:00Z', { task_id: taskA }),
        newTimer('report_overdue', '2022-04-16T16:00:00Z', { task_id: taskA }),
        newTimer('task_reminder', '2022-01-24T01:00:00Z', { task_id: taskA }),
        newTimer('task_reminder', '2022-02-24T01:00:00Z', { task_id: taskA }),
        newTimer('task_reminder', '2022-12-24T01:00:00Z', { task_id: taskB }),
        newTimer('order_reminder', '2022-03-25T01:00:00Z', { order_id: orderOfB }),
      ]);
      ids = { reminder, chase, fired, claimed, otherTask, order };
      await db.query(`UPDATE timers SET state = 'fired', fired_at = $2 WHERE id = $1`, [fired, new Date('2022-01-24T01:00:00Z')]);
      await db.query(`UPDATE timers SET state = 'claimed', lease_until = now() + interval '1 minute' WHERE id = $1`, [claimed]);
    });

    it('replaceOfTasks: cancels the task’s other pending timers, keeps the report’s chase, and adds the new ones pending, in one statement', async () => {
      await store.replaceOfTasks(db.dataSource.manager, [taskA], [newTimer('task_reminder', '2023-01-24T01:00:00Z', { task_id: taskA })], NOW);
      const states = Object.fromEntries(await Promise.all(Object.entries(ids).map(async ([name, id]) => [name, (await stateOf(id))!.state])));
      expect(states).toEqual({ reminder: 'cancelled', chase: 'pending', fired: 'fired', claimed: 'claimed', otherTask: 'pending', order: 'pending' });
      expect((await stateOf(ids.reminder))!.fired_at).toEqual(NOW);
      expect((await stateOf(ids.fired))!.fired_at).toEqual(new Date('2022-01-24T01:00:00Z'));
      const added: { state: string }[] = await db.query(`SELECT state FROM timers WHERE task_id = $1 AND due_at = '2023-01-24T01:00:00Z'`, [taskA]);
      expect(added).toEqual([{ state: 'pending' }]);
    });

    it('cancelOfTasks: cancels the chase too', async () => {
      await store.cancelOfTasks(db.dataSource.manager, [taskA], NOW);
      expect((await stateOf(ids.chase))!.state).toBe('cancelled');
      expect((await stateOf(ids.otherTask))!.state).toBe('pending');
    });

    it('cancelOfOrders cancels the orders’ pending timers only', async () => {
      await store.cancelOfOrders(db.dataSource.manager, [orderOfB], NOW);
      expect((await stateOf(ids.order))!).toMatchObject({ state: 'cancelled', fired_at: NOW });
      expect((await stateOf(ids.otherTask))!.state).toBe('pending');
    });
  });

  it('replaceOfTasks keeps an urgent task’s feedback rhythm, which does not follow the due day', async () => {
    const [feedback] = await inserted([newTimer('task_feedback', '2022-03-02T01:00:00Z', { task_id: taskA }, { on: '2022-03-02' })]);
    await store.replaceOfTasks(db.dataSource.manager, [taskA], [], NOW);
    expect((await stateOf(feedback))!.state).toBe('pending');
  });

  it('insertUnlessPending arms the next of a repeating timer once: the firing one aside, a pending one of its kind stops a second', async () => {
    const [firing] = await inserted([newTimer('task_repeat_reminder', '2022-03-01T01:00:00Z', { task_id: taskA })]);
    const next = newTimer('task_repeat_reminder', '2022-03-08T01:00:00Z', { task_id: taskA }, { on: '2022-03-08', dueOn: '2022-01-31' });
    // the effect applied twice (a job run again): one next timer
    await store.insertUnlessPending(db.dataSource.manager, next, firing, NOW);
    await store.insertUnlessPending(db.dataSource.manager, next, firing, NOW);
    const rows: { kind: string; state: string; due_at: Date; payload: object }[] = await db.query(
      `SELECT kind, state, due_at, payload FROM timers WHERE task_id = $1 AND id <> $2`,
      [taskA, firing],
    );
    expect(rows).toEqual([
      { kind: 'task_repeat_reminder', state: 'pending', due_at: new Date('2022-03-08T01:00:00Z'), payload: { on: '2022-03-08', dueOn: '2022-01-31' } },
    ]);
    // another task's chain is its own
    await store.insertUnlessPending(db.dataSource.manager, { ...next, task_id: taskB }, firing, NOW);
    const ofB: { n: number }[] = await db.query(`SELECT count(*)::int AS n FROM timers WHERE task_id = $1`, [taskB]);
    expect(ofB[0].n).toBe(1);
  });

  it('insertMilestoneChecks writes one plan timer per check, its day in the payload', async () => {
    await store.insertMilestoneChecks(
      db.dataSource.manager,
      plan.planId,
      [
        { as_of: '2022-12-31', due_at: '2022-12-31T16:00:00.000Z' },
        { as_of: '2025-12-31', due_at: '2025-12-31T16:00:00.000Z' },
      ],
      NOW,
    );
    expect((await timers()).map((row) => [row.kind, row.plan_id, row.task_id, row.due_at.toISOString(), row.payload, row.state])).toEqual([
      ['milestone_check', plan.planId, null, '2022-12-31T16:00:00.000Z', { asOf: '2022-12-31' }, 'pending'],
      ['milestone_check', plan.planId, null, '2025-12-31T16:00:00.000Z', { asOf: '2025-12-31' }, 'pending'],
    ]);
  });
});
