import { TimerStore } from '@duban/clock';
import { isRowLocked, type MediumDatabase, openTransaction, waitUntilWaitingForLock } from '../support/medium-database';
import { type PlanFixture, rows, setNextId } from '../support/medium-fixtures';
import { newTimer, useTimerStoreWorld } from '../support/medium-timers';

const NOW = new Date('2022-03-01T03:00:00.000Z');

/**
 * TimerStore on the worker's side: claiming due timers (leases, SKIP LOCKED, two claimers), marking
 * them fired, and locking them. Inserting and cancelling them: timer.store.writes.medium-spec.ts.
 */
describe('TimerStore (PostgreSQL)', () => {
  const store = new TimerStore();
  const world = useTimerStoreWorld(store, NOW);
  const { inserted, stateOf } = world;
  let db: MediumDatabase;
  let plan: PlanFixture;
  let taskA: string;
  let taskB: string;
  let orderOfB: string;
  beforeEach(() => ({ db, plan, taskA, taskB, orderOfB } = world.current()));

  describe('claimDue', () => {
    it('claims the timers due by the given time (not cancelled ones, not later ones), with the task each locks; not again while leased', async () => {
      const [late, early, future, cancelled, ofOrder] = await inserted([
        newTimer('task_reminder', '2022-03-01T02:00:00Z', { task_id: taskA }),
        newTimer('task_overdue', '2022-02-01T16:00:00Z', { task_id: taskB }),
        newTimer('task_reminder', '2022-03-01T03:00:01Z', { task_id: taskA }),
        newTimer('task_reminder', '2022-01-01T00:00:00Z', { task_id: taskA }),
        newTimer('order_reminder', '2022-02-15T01:00:00Z', { order_id: orderOfB }),
      ]);
      await db.query(`UPDATE timers SET state = 'cancelled' WHERE id = $1`, [cancelled]);
      await store.insertMilestoneChecks(db.dataSource.manager, plan.planId, [{ as_of: '2021-12-31', due_at: '2021-12-31T16:00:00Z' }], NOW);
      const [{ id: check }] = await rows<{ id: string }>(db.dataSource, `SELECT id::text FROM timers WHERE kind = 'milestone_check'`);

      const claimed = await store.claimDue(db.dataSource, NOW, 10, 60);
      expect(claimed.map((row) => [row.id, row.attempts, row.lock_task, row.due_at.toISOString()])).toEqual(
        expect.arrayContaining([
          [check, 1, null, '2021-12-31T16:00:00.000Z'],
          [early, 1, taskB, '2022-02-01T16:00:00.000Z'],
          [ofOrder, 1, taskB, '2022-02-15T01:00:00.000Z'],
          [late, 1, taskA, '2022-03-01T02:00:00.000Z'],
        ]),
      );
      expect(claimed).toHaveLength(4);
      expect(future).toBeDefined();
      for (const id of [check, early, ofOrder, late]) {
        const row = (await stateOf(id))!;
        expect(row.state).toBe('claimed');
        expect(row.lease_until!.getTime()).toBeGreaterThan(Date.now() + 50_000);
      }
      // leased: not claimed again, even when asked later
      expect(await store.claimDue(db.dataSource, new Date('2022-03-02T00:00:00Z'), 10, 60)).toEqual([
        expect.objectContaining({ id: future, attempts: 1, lock_task: taskA }),
      ]);
      expect(await store.claimDue(db.dataSource, new Date('2022-03-02T00:00:00Z'), 10, 60)).toEqual([]);
    });

    it('claims again a timer whose lease lapsed (its worker died), counting the attempt; at most `limit`, earliest first', async () => {
      const ids = await inserted(
        ['2022-02-01T00:00:00Z', '2022-02-02T00:00:00Z', '2022-02-03T00:00:00Z'].map((dueAt) => newTimer('task_reminder', dueAt, { task_id: taskA })),
      );
      expect((await store.claimDue(db.dataSource, NOW, 2, 60)).map((row) => row.id)).toEqual(ids.slice(0, 2));
      await db.query(`UPDATE timers SET lease_until = now() - interval '1 second' WHERE id = $1`, [ids[1]]);
      const again = await store.claimDue(db.dataSource, NOW, 10, 60);
      expect(again.map((row) => [row.id, row.attempts]).sort()).toEqual(
        [
          [ids[1], 2],
          [ids[2], 1],
        ].sort(),
      );
      expect(await store.pendingDue(db.dataSource, NOW)).toBe(3);
    });

    it('skips timers another claimer holds instead of waiting for them', async () => {
      const ids = await inserted(
        ['2022-02-01T00:00:00Z', '2022-02-02T00:00:00Z', '2022-02-03T00:00:00Z'].map((dueAt) => newTimer('task_reminder', dueAt, { task_id: taskA })),
      );
      const other = await openTransaction(db.dataSource);
      try {
        await other.runner.query('SELECT 1 FROM timers WHERE id = ANY($1::bigint[]) FOR UPDATE', [[ids[0], ids[2]]]);
        expect((await store.claimDue(db.dataSource, NOW, 10, 60)).map((row) => row.id)).toEqual([ids[1]]);
      } finally {
        await other.rollback();
      }
      expect((await store.claimDue(db.dataSource, NOW, 10, 60)).map((row) => row.id).sort()).toEqual([ids[0], ids[2]].sort());
    });

    it('two claimers at the same time get disjoint sets that together hold every due timer', async () => {
      const due = Array.from({ length: 300 }, (_, i) =>
        newTimer('task_reminder', new Date(Date.UTC(2022, 1, 1, 0, i)).toISOString(), { task_id: i % 2 ? taskA : taskB }),
      );
      const ids = await inserted(due);
      for (let round = 0; round < 3; round += 1) {
        if (round > 0) await db.query(`UPDATE timers SET state = 'pending', lease_until = NULL`);
        const [one, two] = await Promise.all([store.claimDue(db.dataSource, NOW, 200, 60), store.claimDue(db.dataSource, NOW, 200, 60)]);
        const first = new Set(one.map((row) => row.id));
        expect(two.filter((row) => first.has(row.id))).toEqual([]);
        expect([...one, ...two].map((row) => row.id).sort()).toEqual([...ids].sort());
      }
    });
  });

  it('markFired marks each timer fired with its outcome, keeping its payload', async () => {
    const [applied, skipped, untouched] = await inserted([
      newTimer('task_reminder', '2022-02-01T00:00:00Z', { task_id: taskA }, { offsetDays: 30 }),
      newTimer('task_reminder', '2022-02-02T00:00:00Z', { task_id: taskB }, { offsetDays: 7 }),
      newTimer('task_reminder', '2022-02-03T00:00:00Z', { task_id: taskA }, { offsetDays: 1 }),
    ]);
    await store.claimDue(db.dataSource, NOW, 10, 60);
    await store.markFired(
      db.dataSource.manager,
      [
        [applied, 'applied'],
        [skipped, 'skipped'],
      ],
      NOW,
    );
    await store.markFired(db.dataSource.manager, [], NOW);
    expect((await stateOf(applied))!).toMatchObject({ state: 'fired', fired_at: NOW, lease_until: null, payload: { offsetDays: 30, outcome: 'applied' } });
    expect((await stateOf(skipped))!).toMatchObject({ state: 'fired', fired_at: NOW, lease_until: null, payload: { offsetDays: 7, outcome: 'skipped' } });
    expect((await stateOf(untouched))!).toMatchObject({ state: 'claimed', fired_at: null, payload: { offsetDays: 1 } });
    expect(await store.pendingDue(db.dataSource, NOW)).toBe(1);
    expect(await store.nextDue(db.dataSource, NOW)).toEqual({ id: untouched, dueAt: new Date('2022-02-03T00:00:00Z') });
  });

  it('lock answers the rows with the task each locks (its own, or its order’s)', async () => {
    const [ofA, ofOrder, fired] = await inserted([
      newTimer('task_reminder', '2022-02-01T00:00:00Z', { task_id: taskA }),
      newTimer('order_reminder', '2022-02-02T00:00:00Z', { order_id: orderOfB }),
      newTimer('task_reminder', '2022-02-03T00:00:00Z', { task_id: taskB }),
    ]);
    await store.markFired(db.dataSource.manager, [[fired, 'applied']], NOW);
    const locked = await db.dataSource.transaction((manager) => store.lock(manager, [ofOrder, ofA, fired]));
    expect(locked.get(ofA)).toMatchObject({ kind: 'task_reminder', task_id: taskA, lock_task: taskA, state: 'pending' });
    expect(locked.get(ofOrder)).toMatchObject({ kind: 'order_reminder', task_id: null, order_id: orderOfB, lock_task: taskB, state: 'pending' });
    expect(locked.get(fired)).toMatchObject({ state: 'fired', lock_task: taskB, payload: { outcome: 'applied' } });
  });

  // `SELECT id::text … ORDER BY id` would sort by the output column, the text, and lock timer 100 before timer 99.
  it('lock takes the timers’ locks in id order across a power of ten (99 before 100)', async () => {
    await setNextId(db.dataSource, 'timers', 99);
    const [ninetyNine, hundred] = await inserted([
      newTimer('task_reminder', '2022-02-01T00:00:00Z', { task_id: taskA }),
      newTimer('task_reminder', '2022-02-02T00:00:00Z', { task_id: taskA }),
    ]);
    expect([ninetyNine, hundred]).toEqual(['99', '100']);
    const holder = await openTransaction(db.dataSource);
    const locker = await openTransaction(db.dataSource);
    try {
      await holder.runner.query('SELECT 1 FROM timers WHERE id = $1 FOR UPDATE', [hundred]);
      const locking = store.lock(locker.runner.manager, [hundred, ninetyNine]);
      await waitUntilWaitingForLock(db.dataSource, locker.pid);
      // in id order it holds 99 while it waits for 100
      expect(await isRowLocked(db.dataSource, 'timers', ninetyNine)).toBe(true);
      await holder.commit();
      await locking;
    } finally {
      await Promise.all([holder.rollback(), locker.rollback()]);
    }
  });
});
