import { expectedTaskInbox, inboxItemTitle, initialTaskContext, type TaskContext, type TaskState } from '@duban/domain';
import { InboxStore, InboxSync } from '@duban/inbox';
import { createMediumDatabase, type MediumDatabase } from '../support/medium-database';
import {
  insertInboxItem,
  insertOrder,
  insertPlan,
  insertTask,
  insertUnit,
  OTHER_JURISDICTION,
  type PlanFixture,
  rows,
  setTaskState,
  mediumOutboxStore,
} from '../support/medium-fixtures';

const NOW = new Date('2022-03-01T02:00:00.000Z');
const TEXT = '开展爱国卫生月活动，营造全民参与的良好氛围';

interface OpenItem {
  id: string;
  unit: string;
  kind: string;
  order: string | null;
  due_on: string | null;
  title: string;
}

/**
 * A task with two lead units, a support unit, and the supervising office of its jurisdiction, taken
 * through its states: after each sync its open items are the inbox policy's, and nothing else moves.
 */
describe('InboxSync.syncTask (PostgreSQL)', () => {
  let db: MediumDatabase;
  const sync = new InboxSync(new InboxStore(mediumOutboxStore()));
  let plan: PlanFixture;
  let u: Record<'lead1' | 'lead2' | 'support' | 'office' | 'farOffice', string>;
  let taskId: string;
  const name = (unitId: string): string => Object.entries(u).find(([, id]) => id === unitId)?.[0] ?? unitId;

  /** the task's open items, by unit name and kind (ids kept to see which rows stayed) */
  const openItems = async (): Promise<OpenItem[]> =>
    (
      await rows<Omit<OpenItem, 'unit'> & { unit_id: string }>(
        db.dataSource,
        `SELECT id::text, unit_id::text, kind, order_id::text AS order, due_on, title FROM inbox_items WHERE task_id = $1 AND status = 'open' ORDER BY inbox_items.id`,
        [taskId],
      )
    ).map(({ unit_id, ...row }) => ({ ...row, unit: name(unit_id) }));
  const shape = (items: OpenItem[]) => items.map((item) => `${item.kind} ${item.unit}${item.order ? ` order ${item.order}` : ''} due ${item.due_on}`).sort();
  const title = (kind: string) => inboxItemTitle(kind, 28, TEXT);
  const moveTask = (state: TaskState, context: Partial<TaskContext> = {}, dueOn = '2022-12-31') =>
    setTaskState(db.dataSource, taskId, state, { context, dueOn });
  const syncNow = () => db.dataSource.transaction((manager) => sync.syncTask(manager, taskId, NOW));
  /** the policy's own answer for the task as it is now, in the same shape */
  const policy = (
    state: TaskState,
    context: Partial<TaskContext> = {},
    orders: { orderId: string; unitId: string; state: 'issued' | 'submitted' | 'returned' }[] = [],
  ) =>
    expectedTaskInbox({
      state,
      context: { ...initialTaskContext(), ...context },
      leadUnitIds: [u.lead1, u.lead2],
      supportUnitIds: [u.support],
      inspectorUnitIds: [u.office],
      openOrders: orders,
      contributedUnitIds: [],
    })
      .map((item) => `${item.kind} ${name(item.unitId)}${item.orderId ? ` order ${item.orderId}` : ''}`)
      .sort();
  const withoutDue = (items: OpenItem[]) =>
    items
      .filter((item) => item.kind !== 'report_progress')
      .map((item) => `${item.kind} ${item.unit}${item.order ? ` order ${item.order}` : ''}`)
      .sort();

  beforeAll(async () => {
    db = await createMediumDatabase();
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    await db.truncate();
    u = {
      lead1: await insertUnit(db.dataSource, { name: '市卫生健康委员会' }),
      lead2: await insertUnit(db.dataSource, { name: '市爱卫办', kind: 'office' }),
      support: await insertUnit(db.dataSource, { name: '市教育局' }),
      office: await insertUnit(db.dataSource, { name: '市委市政府督查室', kind: 'supervision' }),
      farOffice: await insertUnit(db.dataSource, { name: '别市督查室', kind: 'supervision', jurisdiction: OTHER_JURISDICTION }),
    };
    plan = await insertPlan(db.dataSource);
    taskId = await insertTask(db.dataSource, plan, { seq: 28, dueOn: '2022-12-31', leads: [u.lead1, u.lead2], supports: [u.support], text: TEXT });
  });

  it('assigned: start_task for each lead unit, with the task’s due day and title; a second sync changes nothing', async () => {
    await syncNow();
    const first = await openItems();
    expect(first.map(({ id: _id, ...item }) => item)).toEqual([
      { unit: 'lead1', kind: 'start_task', order: null, due_on: '2022-12-31', title: title('start_task') },
      { unit: 'lead2', kind: 'start_task', order: null, due_on: '2022-12-31', title: title('start_task') },
    ]);
    expect(withoutDue(first)).toEqual(policy('assigned'));
    await syncNow();
    expect(await openItems()).toEqual(first);
    expect(await rows(db.dataSource, 'SELECT count(*)::int AS n FROM inbox_items')).toEqual([{ n: 2 }]);
  });

  it('in progress: start_task done; self_assess for the leads, contribute for the support unit; reports and notices kept', async () => {
    await syncNow();
    const [startOfLead1] = await openItems();
    const report = await insertInboxItem(db.dataSource, { unitId: u.lead1, kind: 'report_progress', taskId, dueOn: '2022-04-15' });
    const notice = await insertInboxItem(db.dataSource, { unitId: u.lead2, kind: 'notice', taskId });
    await moveTask('in_progress');
    await syncNow();
    const open = await openItems();
    expect(shape(open)).toEqual([
      'contribute support due 2022-12-31',
      'notice lead2 due null',
      'report_progress lead1 due 2022-04-15',
      'self_assess lead1 due 2022-12-31',
      'self_assess lead2 due 2022-12-31',
    ]);
    expect(withoutDue(open.filter((item) => item.kind !== 'notice'))).toEqual(policy('in_progress'));
    expect(open.map((item) => item.id)).toEqual(expect.arrayContaining([report, notice]));
    expect(await rows(db.dataSource, 'SELECT status, done_at FROM inbox_items WHERE id = $1', [startOfLead1.id])).toEqual([{ status: 'done', done_at: NOW }]);
  });

  it('a moved due day moves the open action items with it (the same rows), not a report', async () => {
    await moveTask('in_progress');
    await syncNow();
    await insertInboxItem(db.dataSource, { unitId: u.lead1, kind: 'report_progress', taskId, dueOn: '2022-04-15' });
    const before = await openItems();
    await moveTask('in_progress', {}, '2023-06-30');
    await syncNow();
    const after = await openItems();
    expect(after.map((item) => item.id)).toEqual(before.map((item) => item.id));
    expect(shape(after)).toEqual([
      'contribute support due 2023-06-30',
      'report_progress lead1 due 2022-04-15',
      'self_assess lead1 due 2023-06-30',
      'self_assess lead2 due 2023-06-30',
    ]);
  });

  it('self-assessed and inspected: inspect for the jurisdiction’s supervising office only; the report is no longer owed', async () => {
    await moveTask('in_progress');
    await syncNow();
    await insertInboxItem(db.dataSource, { unitId: u.lead1, kind: 'report_progress', taskId, dueOn: '2022-04-15' });
    await moveTask('self_assessed');
    await syncNow();
    expect(shape(await openItems())).toEqual(['inspect office due 2022-12-31']);
    expect(withoutDue(await openItems())).toEqual(policy('self_assessed'));
    const inspect = (await openItems())[0].id;
    await moveTask('inspected', { lastVerdict: 'fail' });
    await syncNow();
    expect((await openItems()).map((item) => item.id)).toEqual([inspect]);
  });

  it('an extension pending: decide_extension for the supervising office, without a due day', async () => {
    await moveTask('in_progress', { pendingExtension: { proposedDueAt: '2023-03-31', reason: '疫情', requestedByUnitId: u.lead1 } });
    await syncNow();
    const open = await openItems();
    expect(shape(open)).toContain('decide_extension office due null');
    expect(withoutDue(open)).toEqual(policy('in_progress', { pendingExtension: { proposedDueAt: '2023-03-31', reason: '疫情', requestedByUnitId: u.lead1 } }));
    expect(open.find((item) => item.kind === 'decide_extension')?.title).toBe(title('decide_extension'));
  });

  it('rectify: a rectify item per order of the current round awaiting an answer, due when the order is; contribute for the support unit', async () => {
    await moveTask('self_assessed');
    await syncNow();
    await insertOrder(db.dataSource, { taskId, unitId: u.lead1, round: 1, state: 'accepted', dueOn: '2022-02-01', issuedAt: NOW });
    const issued = await insertOrder(db.dataSource, { taskId, unitId: u.lead1, round: 2, state: 'issued', dueOn: '2022-04-30', issuedAt: NOW });
    const submitted = await insertOrder(db.dataSource, { taskId, unitId: u.lead2, round: 2, state: 'submitted', dueOn: '2022-04-30', issuedAt: NOW });
    const returned = await insertOrder(db.dataSource, { taskId, unitId: u.support, round: 2, state: 'returned', dueOn: '2022-05-15', issuedAt: NOW });
    await moveTask('rectify', { rectificationRound: 2 });
    await syncNow();
    const open = await openItems();
    expect(shape(open)).toEqual([
      `contribute support due 2022-12-31`,
      `rectify lead1 order ${issued} due 2022-04-30`,
      `rectify support order ${returned} due 2022-05-15`,
    ]);
    expect(withoutDue(open)).toEqual(
      policy('rectify', { rectificationRound: 2 }, [
        { orderId: issued, unitId: u.lead1, state: 'issued' },
        { orderId: submitted, unitId: u.lead2, state: 'submitted' },
        { orderId: returned, unitId: u.support, state: 'returned' },
      ]),
    );
  });

  it('closed: every action item done, notices left alone', async () => {
    await moveTask('in_progress', { pendingExtension: { proposedDueAt: '2023-03-31', reason: '疫情', requestedByUnitId: u.lead1 } });
    await syncNow();
    await insertInboxItem(db.dataSource, { unitId: u.lead1, kind: 'report_progress', taskId, dueOn: '2022-04-15' });
    const notice = await insertInboxItem(db.dataSource, { unitId: u.lead2, kind: 'notice', taskId });
    await moveTask('closed');
    await syncNow();
    expect((await openItems()).map((item) => item.id)).toEqual([notice]);
    expect(policy('closed')).toEqual([]);
  });

  it('a supervising office that leads the task gets no inspect item', async () => {
    await db.query(`INSERT INTO task_units (task_id, unit_id, role, position) VALUES ($1, $2, 'lead', 2)`, [taskId, u.office]);
    await moveTask('self_assessed');
    await syncNow();
    expect(await openItems()).toEqual([]);
  });
});
