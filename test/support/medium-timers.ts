import type { DataSource } from 'typeorm';
import type { NewTimer, TimerStore } from '@duban/clock';
import { createMediumDatabase, type MediumDatabase } from './medium-database';
import { insertOrder, insertPlan, insertTask, insertUnit, type PlanFixture, rows } from './medium-fixtures';

/** A timer as stored, read back by the TimerStore specs. */
export interface TimerRow {
  id: string;
  kind: string;
  task_id: string | null;
  order_id: string | null;
  plan_id: string | null;
  due_at: Date;
  state: string;
  attempts: number;
  lease_until: Date | null;
  payload: Record<string, unknown>;
  created_at: Date;
  fired_at: Date | null;
}

/** Every timer, in id order. */
export function timerRows(db: DataSource): Promise<TimerRow[]> {
  return rows<TimerRow>(
    db,
    `SELECT id::text, kind, task_id::text, order_id::text, plan_id::text, due_at, state, attempts, lease_until, payload, created_at, fired_at
       FROM timers ORDER BY timers.id`,
  );
}

/** A timer to insert: its kind, due time, subject (a task or an order) and payload. */
export function newTimer(
  kind: string,
  dueAt: string,
  subject: { task_id?: string; order_id?: string },
  payload: Record<string, string | number> = {},
): NewTimer {
  return { kind, due_at: dueAt, payload, task_id: subject.task_id ?? null, order_id: subject.order_id ?? null };
}

/** Inserts timers through `store` and answers their ids, in the order given. */
export async function insertThrough(store: TimerStore, db: DataSource, timers: NewTimer[], now: Date): Promise<string[]> {
  const [{ max }] = await rows<{ max: string | null }>(db, 'SELECT max(id)::text AS max FROM timers');
  await store.insert(db.manager, timers, now);
  const ids = await rows<{ id: string }>(db, 'SELECT id::text FROM timers WHERE id > $1 ORDER BY timers.id', [max ?? '0']);
  return ids.map((row) => row.id);
}

/** What the TimerStore specs work on: a medium database with one unit, two tasks (the second in rectification) and an order of it. */
export interface TimerStoreWorld {
  db: MediumDatabase;
  plan: PlanFixture;
  taskA: string;
  taskB: string;
  orderOfB: string;
}

/**
 * Called inside a `describe`: opens a medium database for it, and before each test empties it and
 * builds the world afresh (`current()`). `inserted` writes timers through `store` and answers their ids.
 */
export function useTimerStoreWorld(store: TimerStore, now: Date) {
  let world: TimerStoreWorld | undefined;
  let db: MediumDatabase;
  beforeAll(async () => {
    db = await createMediumDatabase();
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    await db.truncate();
    const unit = await insertUnit(db.dataSource, { name: '市卫生健康委员会' });
    const plan = await insertPlan(db.dataSource);
    const taskA = await insertTask(db.dataSource, plan, { seq: 1, dueOn: '2022-12-31', leads: [unit] });
    const taskB = await insertTask(db.dataSource, plan, { seq: 2, dueOn: '2022-12-31', state: 'rectify', leads: [unit] });
    const orderOfB = await insertOrder(db.dataSource, { taskId: taskB, unitId: unit, dueOn: '2022-04-01', issuedAt: now });
    world = { db, plan, taskA, taskB, orderOfB };
  });
  const timers = () => timerRows(db.dataSource);
  return {
    current: (): TimerStoreWorld => world as TimerStoreWorld,
    timers,
    inserted: (toInsert: NewTimer[]): Promise<string[]> => insertThrough(store, db.dataSource, toInsert, now),
    stateOf: async (id: string) => (await timers()).find((row) => row.id === id),
  };
}
