import { contributionPeriod } from '@duban/domain';
import { ContributionStore, TaskHandlersStore } from '@duban/tasks';
import { createMediumDatabase, type MediumDatabase } from '../support/medium-database';
import { insertPlan, insertTask, insertUnit, insertUser, rows } from '../support/medium-fixtures';

const timeZone = 'Asia/Shanghai';
const MARCH = new Date('2021-03-10T02:00:00.000Z');
const Q1 = contributionPeriod('2021-03-31', { timeZone });
const Q2 = contributionPeriod('2021-06-30', { timeZone });

interface Row {
  unit_id: string;
  period_end: string;
  due_on: string;
  status: string;
  summary: string | null;
  returned_reason: string | null;
}

describe('ContributionStore and TaskHandlersStore (PostgreSQL)', () => {
  let db: MediumDatabase;
  const store = new ContributionStore();
  const handlers = new TaskHandlersStore();
  let unit: Record<'lead' | 'a' | 'b' | 'c', string>;
  let taskId: string;
  let officer: string;

  const contributionsOf = () =>
    rows<Row>(
      db.dataSource,
      'SELECT unit_id::text, period_end, due_on, status, summary, returned_reason FROM contributions WHERE task_id = $1 ORDER BY period_end, unit_id',
      [taskId],
    );
  const submit = (unitId: string, summary: string, now: Date, period = Q1, explicit = false) =>
    db.dataSource.transaction((manager) => store.submit(manager, { taskId, unitId, userId: officer, summary, evidence: [], period, explicit }, now));

  beforeAll(async () => {
    db = await createMediumDatabase();
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    await db.truncate();
    unit = {
      lead: await insertUnit(db.dataSource, { name: '牵头局' }),
      a: await insertUnit(db.dataSource, { name: '甲旗' }),
      b: await insertUnit(db.dataSource, { name: '乙旗' }),
      c: await insertUnit(db.dataSource, { name: '丙旗' }),
    };
    const plan = await insertPlan(db.dataSource);
    taskId = await insertTask(db.dataSource, plan, { seq: 1, dueOn: '2022-12-31', leads: [unit.lead], supports: [unit.a, unit.b, unit.c] });
    officer = await insertUser(db.dataSource, { username: 'jia', unitId: unit.a });
  });

  it('stores a submission for the period given, and replaces its content when the unit submits again', async () => {
    expect(await submit(unit.a, '第一次', MARCH)).toEqual({ period_end: '2021-03-31', due_on: '2021-04-12' });
    expect(await submit(unit.a, '第二次', MARCH)).toEqual({ period_end: '2021-03-31', due_on: '2021-04-12' });
    expect(await contributionsOf()).toEqual([
      { unit_id: unit.a, period_end: '2021-03-31', due_on: '2021-04-12', status: 'submitted', summary: '第二次', returned_reason: null },
    ]);
  });

  it('opens a period for the units without a contribution and answers who still owes it', async () => {
    await submit(unit.a, '已报', MARCH);
    const owing = await db.dataSource.transaction((manager) => store.openPeriod(manager, taskId, [unit.c, unit.a, unit.b], Q1, MARCH));
    expect(owing).toEqual([unit.c, unit.b]);
    expect((await contributionsOf()).map((row) => `${row.unit_id === unit.a ? 'a' : row.unit_id === unit.b ? 'b' : 'c'} ${row.status}`)).toEqual([
      'a submitted',
      'b due',
      'c due',
    ]);
    // opening it again changes nothing
    expect(await db.dataSource.transaction((manager) => store.openPeriod(manager, taskId, [unit.a, unit.b, unit.c], Q1, MARCH))).toEqual([unit.b, unit.c]);
    expect(await db.dataSource.transaction((manager) => store.owing(manager, taskId, '2021-03-31'))).toEqual([unit.b, unit.c].sort());
  });

  it('without a period, answers the oldest period the unit owes, then a period still within its term, then the period offered', async () => {
    await db.dataSource.transaction((manager) => store.openPeriod(manager, taskId, [unit.b], Q1, MARCH));
    const afterTerm = new Date('2021-04-20T02:00:00.000Z');
    // b owes the first quarter: its late answer goes there, though the second quarter is offered
    expect(await submit(unit.b, '补报', afterTerm, Q2)).toEqual({ period_end: '2021-03-31', due_on: '2021-04-12' });
    // c owes nothing and the first quarter's term has ended: the second quarter
    expect(await submit(unit.c, '二季度', afterTerm, Q2)).toEqual({ period_end: '2021-06-30', due_on: Q2.dueOn });
    // within the first quarter's term, a new unit's answer joins the period being gathered
    const early = new Date('2021-04-02T02:00:00.000Z');
    expect(await submit(unit.a, '一季度', early, Q2)).toEqual({ period_end: '2021-03-31', due_on: '2021-04-12' });
    // an explicit period wins
    expect(await submit(unit.a, '二季度预报', early, Q2, true)).toEqual({ period_end: '2021-06-30', due_on: Q2.dueOn });
  });

  it('returns the latest submitted contribution of a unit (or the given period’s), and nothing when none is submitted', async () => {
    await submit(unit.a, '一季度', MARCH);
    await submit(unit.a, '二季度', MARCH, Q2, true);
    const returned = await db.dataSource.transaction((manager) =>
      store.returnSubmitted(manager, { taskId, unitId: unit.a, period: null, reason: '缺数据', userId: null }, MARCH),
    );
    expect(returned).toEqual({ period_end: '2021-06-30', due_on: Q2.dueOn });
    const first = await db.dataSource.transaction((manager) =>
      store.returnSubmitted(manager, { taskId, unitId: unit.a, period: '2021-03-31', reason: '缺照片', userId: null }, MARCH),
    );
    expect(first?.period_end).toBe('2021-03-31');
    expect((await contributionsOf()).map((row) => [row.period_end, row.status, row.returned_reason])).toEqual([
      ['2021-03-31', 'returned', '缺照片'],
      ['2021-06-30', 'returned', '缺数据'],
    ]);
    expect(
      await db.dataSource.transaction((manager) => store.returnSubmitted(manager, { taskId, unitId: unit.a, period: null, reason: 'x', userId: null }, MARCH)),
    ).toBeNull();
    // the returned period is the one the unit owes first
    expect(await submit(unit.a, '一季度补充', MARCH, Q2)).toEqual({ period_end: '2021-03-31', due_on: '2021-04-12' });
  });

  it('moves a merged unit’s contributions and handlers to the survivor, keeping the survivor’s where both have one', async () => {
    await submit(unit.a, '甲', MARCH);
    await submit(unit.b, '乙', MARCH);
    await submit(unit.a, '甲二季度', MARCH, Q2, true);
    const other = await insertUser(db.dataSource, { username: 'yi', unitId: unit.b });
    await db.dataSource.transaction(async (manager) => {
      await handlers.replace(manager, { taskId, unitId: unit.a, userIds: [officer], assignedBy: null }, MARCH);
      await handlers.replace(manager, { taskId, unitId: unit.b, userIds: [other, officer], assignedBy: null }, MARCH);
    });
    expect(await db.dataSource.transaction((manager) => store.moveUnit(manager, unit.a, unit.b))).toBe(1);
    expect((await contributionsOf()).map((row) => [row.unit_id === unit.b, row.period_end, row.summary])).toEqual([
      [true, '2021-03-31', '乙'],
      [true, '2021-06-30', '甲二季度'],
    ]);
    expect(await db.dataSource.transaction((manager) => handlers.moveUnit(manager, unit.a, unit.b))).toBe(0);
    expect(await rows(db.dataSource, 'SELECT unit_id::text, user_id::text FROM task_handlers ORDER BY user_id')).toHaveLength(2);
  });

  it('replaces a unit’s handlers of a task, and names the users who are not enabled users of the unit', async () => {
    const second = await insertUser(db.dataSource, { username: 'jia2', unitId: unit.a });
    const stranger = await insertUser(db.dataSource, { username: 'yi', unitId: unit.b });
    const handlersOf = async () => (await db.dataSource.transaction((manager) => handlers.unitsWithHandlers(manager, taskId))).find((u) => u.unitId === unit.a);
    await db.dataSource.transaction((manager) => handlers.replace(manager, { taskId, unitId: unit.a, userIds: [officer, second], assignedBy: null }, MARCH));
    expect((await handlersOf())?.handlers.map((user) => user.username)).toEqual(['jia', 'jia2']);
    await db.dataSource.transaction((manager) => handlers.replace(manager, { taskId, unitId: unit.a, userIds: [second], assignedBy: null }, MARCH));
    expect((await handlersOf())?.handlers.map((user) => user.username)).toEqual(['jia2']);
    await db.dataSource.transaction((manager) => handlers.replace(manager, { taskId, unitId: unit.a, userIds: [], assignedBy: null }, MARCH));
    expect((await handlersOf())?.handlers).toEqual([]);
    expect(await db.dataSource.transaction((manager) => handlers.strangersTo(manager, unit.a, [officer, stranger, '999999']))).toEqual(
      [stranger, '999999'].sort(),
    );
  });
});
