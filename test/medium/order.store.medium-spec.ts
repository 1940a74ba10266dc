import { initialOrderContext, orderSnapshotAt } from '@duban/domain';
import { OrderStore } from '@duban/rectification';
import { createMediumDatabase, isRowLocked, type MediumDatabase, openTransaction } from '../support/medium-database';
import { insertPlan, insertTask, insertUnit, insertUser, rows, setNextId, tableCounts } from '../support/medium-fixtures';

const NOW = new Date('2022-03-01T02:00:00.000Z');

describe('OrderStore (PostgreSQL)', () => {
  let db: MediumDatabase;
  const store = new OrderStore();
  let taskId: string;
  let otherTask: string;
  let lead: string;
  let banner: string;
  let kangbashi: string;
  let inspector: string;

  const round = (number: number, unitIds: string[], task = taskId) => ({
    taskId: task,
    round: number,
    findings: '台账不全',
    requiredActions: '补齐台账',
    dueAt: '2022-03-31',
    issuedBy: inspector,
    unitIds,
  });
  const orderRow = async (id: string) =>
    (
      await rows<{ state: string; snapshot: unknown; version: number; overdue: boolean; escalation_level: number }>(
        db.dataSource,
        'SELECT state, snapshot, version, overdue, escalation_level FROM rectification_orders WHERE id = $1',
        [id],
      )
    )[0];

  beforeAll(async () => {
    db = await createMediumDatabase();
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    await db.truncate();
    lead = await insertUnit(db.dataSource, { name: '市卫生健康委员会' });
    banner = await insertUnit(db.dataSource, { name: '东胜区人民政府', kind: 'banner_government' });
    kangbashi = await insertUnit(db.dataSource, { name: '康巴什区人民政府', kind: 'banner_government' });
    const office = await insertUnit(db.dataSource, { name: '市委市政府督查室', kind: 'supervision' });
    inspector = await insertUser(db.dataSource, { username: 'inspector', unitId: office, roles: ['inspector'] });
    const plan = await insertPlan(db.dataSource);
    taskId = await insertTask(db.dataSource, plan, { seq: 28, dueOn: '2022-12-31', state: 'rectify', leads: [lead] });
    otherTask = await insertTask(db.dataSource, plan, { seq: 29, dueOn: '2022-12-31', state: 'rectify', leads: [lead] });
    // order ids of one length (21, 22, …); the test of lock order across a power of ten places its own
    await setNextId(db.dataSource, 'rectification_orders', 21);
  });

  it('insertRound issues one order per addressed unit, in state issued, and answers their ids and due day', async () => {
    const inserted = await db.dataSource.transaction((manager) => store.insertRound(manager, round(1, [lead, banner]), NOW));
    expect(inserted.map((order) => order.due_on)).toEqual(['2022-03-31', '2022-03-31']);
    expect(
      await rows(
        db.dataSource,
        `SELECT id::text, task_id::text, unit_id::text, round, state, snapshot, version, findings, required_actions, due_on, overdue, escalation_level,
                issued_by::text, issued_at, submission, submitted_at, return_reason
           FROM rectification_orders ORDER BY rectification_orders.id`,
      ),
    ).toEqual(
      [lead, banner].map((unitId, i) => ({
        id: inserted[i].id,
        task_id: taskId,
        unit_id: unitId,
        round: 1,
        state: 'issued',
        snapshot: null,
        version: 0,
        findings: '台账不全',
        required_actions: '补齐台账',
        due_on: '2022-03-31',
        overdue: false,
        escalation_level: 0,
        issued_by: inspector,
        issued_at: NOW,
        submission: null,
        submitted_at: null,
        return_reason: null,
      })),
    );
    expect(await store.taskOf(db.dataSource.manager, inserted[1].id)).toBe(taskId);
    expect(await store.taskOf(db.dataSource.manager, String(Number(inserted[1].id) + 10))).toBeNull();
  });

  it('refuses a second order to the same unit in the same round, and writes none of the round', async () => {
    await store.insertRound(db.dataSource.manager, round(1, [lead]), NOW);
    const before = await tableCounts(db.dataSource);
    await expect(store.insertRound(db.dataSource.manager, round(1, [banner, lead]), NOW)).rejects.toThrow(/rectification_orders_task_round_unit_key/);
    expect(await tableCounts(db.dataSource)).toEqual(before);
    // the next round may address it again
    expect(await store.insertRound(db.dataSource.manager, round(2, [lead]), NOW)).toHaveLength(1);
  });

  it('saveState moves an order (its snapshot, a new version) and leaves its flags unless a timer set them', async () => {
    const [order] = await store.insertRound(db.dataSource.manager, round(1, [lead]), NOW);
    const submitted = orderSnapshotAt('submitted');
    await store.saveState(db.dataSource.manager, order.id, { to: 'submitted', snapshot: submitted });
    expect(await orderRow(order.id)).toEqual({
      state: 'submitted',
      snapshot: JSON.parse(JSON.stringify(submitted)),
      version: 1,
      overdue: false,
      escalation_level: 0,
    });

    const returned = orderSnapshotAt('returned', { ...initialOrderContext(), overdue: true, escalationLevel: 1 });
    await store.saveState(db.dataSource.manager, order.id, { to: 'returned', snapshot: returned, flags: { overdue: true, escalationLevel: 1 } });
    expect(await orderRow(order.id)).toEqual({
      state: 'returned',
      snapshot: JSON.parse(JSON.stringify(returned)),
      version: 2,
      overdue: true,
      escalation_level: 1,
    });

    // without flags, the flags stay as the timer left them
    await store.saveState(db.dataSource.manager, order.id, { to: 'submitted', snapshot: orderSnapshotAt('submitted') });
    expect(await orderRow(order.id)).toMatchObject({ state: 'submitted', version: 3, overdue: true, escalation_level: 1 });
  });

  it('recordSubmission and recordReturn keep what the unit sent and why it was returned', async () => {
    const [order] = await store.insertRound(db.dataSource.manager, round(1, [lead]), NOW);
    const submission = { summary: '已整改', evidence: [{ title: '台账' }] };
    await store.recordSubmission(db.dataSource.manager, order.id, submission, NOW);
    await store.recordReturn(db.dataSource.manager, order.id, '证据不足');
    expect(await rows(db.dataSource, 'SELECT submission, submitted_at, return_reason FROM rectification_orders WHERE id = $1', [order.id])).toEqual([
      { submission, submitted_at: NOW, return_reason: '证据不足' },
    ]);
  });

  it('lockSubmittedOfRound locks and answers the round’s submitted orders only, in id order', async () => {
    const [first, second, third] = await store.insertRound(db.dataSource.manager, round(1, [banner, lead, kangbashi]), NOW);
    const [nextRound] = await store.insertRound(db.dataSource.manager, round(2, [lead]), NOW);
    const [otherTasks] = await store.insertRound(db.dataSource.manager, round(1, [lead], otherTask), NOW);
    for (const id of [third.id, first.id, nextRound.id, otherTasks.id]) {
      await store.saveState(db.dataSource.manager, id, { to: 'submitted', snapshot: orderSnapshotAt('submitted') });
    }
    expect(second).toBeDefined();

    const holder = await openTransaction(db.dataSource);
    try {
      const locked = await store.lockSubmittedOfRound(holder.runner.manager, taskId, 1);
      expect(locked.map((order) => order.id)).toEqual([first.id, third.id]);
      expect(locked[0]).toEqual({
        id: first.id,
        unit_id: banner,
        snapshot: JSON.parse(JSON.stringify(orderSnapshotAt('submitted'))),
        due_on: '2022-03-31',
        round: 1,
      });
      // the submitted orders of the round are locked; the round's order still issued, the next round's and another task's are not
      const lockedNow = await Promise.all(
        [first, second, third, nextRound, otherTasks].map((order) => isRowLocked(db.dataSource, 'rectification_orders', order.id)),
      );
      expect(lockedNow).toEqual([true, false, true, false, false]);
    } finally {
      await holder.rollback();
    }
  });

  // `SELECT id::text … ORDER BY id` would sort by the output column, the text, and lock (and accept) order 100 before 99.
  it('lockSubmittedOfRound locks in id order across a power of ten (99 before 100)', async () => {
    await setNextId(db.dataSource, 'rectification_orders', 99);
    const [ninetyNine, hundred] = await store.insertRound(db.dataSource.manager, round(1, [lead, banner]), NOW);
    expect([ninetyNine.id, hundred.id]).toEqual(['99', '100']);
    for (const id of ['99', '100']) await store.saveState(db.dataSource.manager, id, { to: 'submitted', snapshot: orderSnapshotAt('submitted') });
    const locked = await db.dataSource.transaction((manager) => store.lockSubmittedOfRound(manager, taskId, 1));
    expect(locked.map((order) => order.id)).toEqual(['99', '100']);
  });

  it('roundStates answers the states of one round of one task; idsOfTask every order of the task', async () => {
    const [a, b] = await store.insertRound(db.dataSource.manager, round(1, [lead, banner]), NOW);
    const [c] = await store.insertRound(db.dataSource.manager, round(2, [lead]), NOW);
    await store.insertRound(db.dataSource.manager, round(1, [lead], otherTask), NOW);
    await store.saveState(db.dataSource.manager, a.id, { to: 'submitted', snapshot: orderSnapshotAt('submitted') });
    await store.saveState(db.dataSource.manager, b.id, { to: 'accepted', snapshot: orderSnapshotAt('accepted') });
    expect((await store.roundStates(db.dataSource.manager, taskId, 1)).sort()).toEqual(['accepted', 'submitted']);
    expect(await store.roundStates(db.dataSource.manager, taskId, 2)).toEqual(['issued']);
    expect(await store.roundStates(db.dataSource.manager, taskId, 3)).toEqual([]);
    expect((await store.idsOfTask(db.dataSource.manager, taskId)).sort()).toEqual([a.id, b.id, c.id].sort());
  });

  it('lock answers one order (null when it does not exist)', async () => {
    const [order] = await store.insertRound(db.dataSource.manager, round(1, [lead]), NOW);
    expect(await db.dataSource.transaction((manager) => store.lock(manager, order.id))).toEqual({
      id: order.id,
      unit_id: lead,
      snapshot: null,
      due_on: '2022-03-31',
      round: 1,
    });
    expect(await db.dataSource.transaction((manager) => store.lock(manager, String(Number(order.id) + 10)))).toBeNull();
  });
});
