import { Logger } from '@nestjs/common';
import { InboxStore } from '@duban/inbox';
import { createMediumDatabase, type MediumDatabase, openTransaction } from '../support/medium-database';
import { insertInboxItem, insertPlan, insertTask, insertUnit, type PlanFixture, rows, tableCounts, mediumOutboxStore } from '../support/medium-fixtures';

const NOW = new Date('2022-03-01T02:00:00.000Z');
const LATER = new Date('2022-03-02T09:30:00.000Z');

interface ItemRow {
  id: string;
  unit_id: string;
  kind: string;
  task_id: string | null;
  order_id: string | null;
  title: string;
  due_on: string | null;
  status: string;
  payload: Record<string, unknown>;
  created_at: Date;
  done_at: Date | null;
  read_at: Date | null;
}

describe('InboxStore (PostgreSQL)', () => {
  let db: MediumDatabase;
  const store = new InboxStore(mediumOutboxStore());
  let plan: PlanFixture;
  let unit: Record<'a' | 'b' | 'c' | 'hooked', string>;
  let taskId: string;

  const items = (where = 'TRUE', params: unknown[] = []) =>
    rows<ItemRow>(
      db.dataSource,
      `SELECT id::text, unit_id::text, kind, task_id::text, order_id::text, title, due_on, status, payload, created_at, done_at, read_at
         FROM inbox_items WHERE ${where} ORDER BY inbox_items.id`,
      params,
    );
  const item = async (id: string) => (await items('id = $1', [id]))[0];
  const deliveries = () =>
    rows<{ unit_id: string; inbox_item_id: string }>(
      db.dataSource,
      'SELECT unit_id::text, inbox_item_id::text FROM outbox_deliveries ORDER BY outbox_deliveries.id',
    );

  beforeAll(async () => {
    db = await createMediumDatabase();
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    await db.truncate();
    unit = {
      a: await insertUnit(db.dataSource, { name: '甲局' }),
      b: await insertUnit(db.dataSource, { name: '乙局' }),
      c: await insertUnit(db.dataSource, { name: '丙局' }),
      hooked: await insertUnit(db.dataSource, { name: '有回调的局', webhookUrl: 'https://hooks.example.test/x' }),
    };
    plan = await insertPlan(db.dataSource);
    taskId = await insertTask(db.dataSource, plan, { seq: 5, dueOn: '2022-12-31', leads: [unit.a, unit.b], supports: [unit.c] });
  });

  describe('apply', () => {
    it('closes, moves and opens items in one call, leaving the other items as they were', async () => {
      const closing = await insertInboxItem(db.dataSource, { unitId: unit.a, kind: 'start_task', taskId, dueOn: '2022-12-31' });
      const moving = await insertInboxItem(db.dataSource, { unitId: unit.b, kind: 'self_assess', taskId, dueOn: '2022-12-31' });
      const untouched = await insertInboxItem(db.dataSource, { unitId: unit.c, kind: 'contribute', taskId, dueOn: '2022-12-31' });
      const before = await item(untouched);
      await store.apply(
        db.dataSource.manager,
        {
          doneIds: [closing],
          movedIds: [moving],
          movedTo: '2023-06-30',
          opened: [{ unit_id: unit.a, kind: 'self_assess', task_id: taskId, order_id: null, title: '自评：第5项', due_on: '2023-06-30' }],
        },
        NOW,
      );
      expect(await item(closing)).toMatchObject({ status: 'done', done_at: NOW });
      expect(await item(moving)).toMatchObject({ status: 'open', due_on: '2023-06-30', done_at: null });
      expect(await item(untouched)).toEqual(before);
      expect(await items('id > $1', [untouched])).toEqual([
        expect.objectContaining({
          unit_id: unit.a,
          kind: 'self_assess',
          task_id: taskId,
          order_id: null,
          title: '自评：第5项',
          due_on: '2023-06-30',
          status: 'open',
          created_at: NOW,
        }),
      ]);
    });

    it('writes nothing when an item cannot be opened (a second open action of the same kind): the three changes are one statement', async () => {
      const closing = await insertInboxItem(db.dataSource, { unitId: unit.a, kind: 'start_task', taskId, dueOn: '2022-12-31' });
      const moving = await insertInboxItem(db.dataSource, { unitId: unit.b, kind: 'self_assess', taskId, dueOn: '2022-12-31' });
      const before = await items();
      await expect(
        store.apply(
          db.dataSource.manager,
          {
            doneIds: [closing],
            movedIds: [moving],
            movedTo: '2023-06-30',
            opened: [{ unit_id: unit.b, kind: 'self_assess', task_id: taskId, order_id: null, title: 'again', due_on: '2023-06-30' }],
          },
          NOW,
        ),
      ).rejects.toThrow(/inbox_items_open_action_key/);
      expect(await items()).toEqual(before);
    });
  });

  describe('notifyAll', () => {
    it('writes one notice per unit, in the order of the items and of their units, and queues deliveries only for units with a webhook', async () => {
      await db.dataSource.transaction((manager) =>
        store.notifyAll(
          manager,
          [
            { unitIds: [unit.b, unit.hooked], kind: 'notice', taskId, orderId: null, title: '提醒一', dueOn: '2022-12-31', payload: { offsetDays: 7 } },
            { unitIds: [], kind: 'notice', taskId, orderId: null, title: '无人', dueOn: null, payload: {} },
            { unitIds: [unit.c, unit.a, unit.c], kind: 'interview', taskId: null, orderId: null, title: '约谈', dueOn: null, payload: { step: 'interview' } },
          ],
          NOW,
        ),
      );
      const written = await items();
      expect(written.map((row) => [row.unit_id, row.kind, row.task_id, row.title, row.due_on, row.payload, row.status, row.created_at])).toEqual([
        [unit.b, 'notice', taskId, '提醒一', '2022-12-31', { offsetDays: 7 }, 'open', NOW],
        [unit.hooked, 'notice', taskId, '提醒一', '2022-12-31', { offsetDays: 7 }, 'open', NOW],
        [unit.c, 'interview', null, '约谈', null, { step: 'interview' }, 'open', NOW],
        [unit.a, 'interview', null, '约谈', null, { step: 'interview' }, 'open', NOW],
      ]);
      expect(await deliveries()).toEqual([{ unit_id: unit.hooked, inbox_item_id: written[1].id }]);
    });

    it('writes nothing for items without units', async () => {
      await store.notifyAll(db.dataSource.manager, [{ unitIds: [], kind: 'notice', taskId, orderId: null, title: '无人', dueOn: null, payload: {} }], NOW);
      await store.notifyAll(db.dataSource.manager, [], NOW);
      expect(await items()).toEqual([]);
    });

    it('keeps the notices and the caller’s transaction usable when their deliveries cannot be queued', async () => {
      await db.query(`CREATE FUNCTION refuse_delivery() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'the outbox refuses'; END $$`);
      await db.query(`CREATE TRIGGER refuse_delivery BEFORE INSERT ON outbox_deliveries FOR EACH ROW EXECUTE FUNCTION refuse_delivery()`);
      const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      const caller = await openTransaction(db.dataSource);
      try {
        const earlier = await insertInboxItem(caller.runner.manager, { unitId: unit.a, kind: 'start_task', taskId, dueOn: '2022-12-31' });
        await store.notifyAll(
          caller.runner.manager,
          [{ unitIds: [unit.hooked, unit.b], kind: 'notice', taskId, orderId: null, title: '提醒', dueOn: null, payload: {} }],
          NOW,
        );
        // the transaction goes on: a later write of the same change, then the commit
        const later = await insertInboxItem(caller.runner.manager, { unitId: unit.c, kind: 'contribute', taskId, dueOn: '2022-12-31' });
        await caller.commit();
        expect((await items()).map((row) => [row.id, row.unit_id, row.kind])).toEqual([
          [earlier, unit.a, 'start_task'],
          [expect.any(String), unit.hooked, 'notice'],
          [expect.any(String), unit.b, 'notice'],
          [later, unit.c, 'contribute'],
        ]);
        expect(await deliveries()).toEqual([]);
        expect(logged).toHaveBeenCalledWith(expect.stringMatching(/were kept, but their deliveries could not be queued: the outbox refuses/));
      } finally {
        await caller.rollback();
        logged.mockRestore();
        await db.query('DROP TRIGGER refuse_delivery ON outbox_deliveries');
        await db.query('DROP FUNCTION refuse_delivery()');
      }
    });
  });

  it('notifyLeadUnitsOf notifies each lead unit of each task, with the task’s number in the title, and queues webhook deliveries', async () => {
    const second = await insertTask(db.dataSource, plan, { seq: 12, dueOn: '2022-12-31', leads: [unit.hooked], supports: [unit.a] });
    const third = await insertTask(db.dataSource, plan, { seq: 13, dueOn: '2022-12-31', leads: [unit.c] });
    expect(third).toBeDefined();
    await db.dataSource.transaction((manager) =>
      store.notifyLeadUnitsOf(
        manager,
        [second, taskId],
        { titleTemplate: '【催办】第{seq}项（{seq}）', payload: { milestoneCheckId: '3', step: 'urge' } },
        NOW,
      ),
    );
    const written = await items();
    expect(written.map((row) => [row.unit_id, row.kind, row.task_id, row.title, row.payload, row.created_at])).toEqual([
      [unit.a, 'notice', taskId, '【催办】第5项（5）', { milestoneCheckId: '3', step: 'urge' }, NOW],
      [unit.b, 'notice', taskId, '【催办】第5项（5）', { milestoneCheckId: '3', step: 'urge' }, NOW],
      [unit.hooked, 'notice', second, '【催办】第12项（12）', { milestoneCheckId: '3', step: 'urge' }, NOW],
    ]);
    expect(await deliveries()).toEqual([{ unit_id: unit.hooked, inbox_item_id: written[2].id }]);
    await store.notifyLeadUnitsOf(db.dataSource.manager, [], { titleTemplate: 'x', payload: {} }, NOW);
    expect(await items()).toHaveLength(3);
  });

  describe('progress reports', () => {
    const report = (unitIds: string[], dueOn = '2022-04-15') =>
      store.openReport(db.dataSource.manager, { unitIds, taskId, title: '报送2022年第一季度进展', dueOn, payload: { periodEnd: '2022-03-31' } }, NOW);

    it('openReport opens one report per unit, and no second one while it is open', async () => {
      expect(await report([unit.a, unit.b, unit.a])).toBe(2);
      expect(await report([unit.a, unit.b], '2022-07-15')).toBe(0);
      expect((await items()).map((row) => [row.unit_id, row.kind, row.due_on, row.payload])).toEqual([
        [unit.a, 'report_progress', '2022-04-15', { periodEnd: '2022-03-31' }],
        [unit.b, 'report_progress', '2022-04-15', { periodEnd: '2022-03-31' }],
      ]);
      expect((await store.unitsOwingReport(db.dataSource.manager, taskId)).sort()).toEqual([unit.a, unit.b].sort());
      expect(await report([])).toBe(0);

      await store.closeReports(db.dataSource.manager, taskId, LATER);
      expect(await store.unitsOwingReport(db.dataSource.manager, taskId)).toEqual([]);
      expect(await report([unit.a], '2022-07-15')).toBe(1);
      expect((await items()).map((row) => [row.unit_id, row.status, row.due_on, row.done_at])).toEqual([
        [unit.a, 'done', '2022-04-15', LATER],
        [unit.b, 'done', '2022-04-15', LATER],
        [unit.a, 'open', '2022-07-15', null],
      ]);
    });

    it('passReportsToNewLead passes a leaving lead unit’s report to the first new lead and closes the other leaving ones', async () => {
      await report([unit.a, unit.b]);
      const contribute = await insertInboxItem(db.dataSource, { unitId: unit.c, kind: 'contribute', taskId, dueOn: '2022-12-31' });
      const [ofA, ofB] = await items("kind = 'report_progress'");
      await store.passReportsToNewLead(db.dataSource.manager, taskId, [unit.hooked, unit.c], LATER);
      expect(await item(ofA.id)).toMatchObject({ unit_id: unit.hooked, status: 'open', due_on: '2022-04-15', created_at: NOW });
      expect(await item(ofB.id)).toMatchObject({ unit_id: unit.b, status: 'done', done_at: LATER });
      expect(await item(contribute)).toMatchObject({ unit_id: unit.c, status: 'open' });
    });

    it('passReportsToNewLead keeps the report of a unit that stays lead, and closes the leaving one’s when the first new lead already owes one', async () => {
      await report([unit.a, unit.b]);
      const [ofA, ofB] = await items("kind = 'report_progress'");
      // b stays first lead and owes its own report: a's is closed, not passed
      await store.passReportsToNewLead(db.dataSource.manager, taskId, [unit.b], LATER);
      expect(await item(ofA.id)).toMatchObject({ unit_id: unit.a, status: 'done', done_at: LATER });
      expect(await item(ofB.id)).toMatchObject({ unit_id: unit.b, status: 'open', done_at: null });
    });
  });

  describe('markRead', () => {
    const COLUMNS = 'i.id::text, i.unit_id::text, i.read_at';

    it('marks a unit’s own item read and keeps the first reading time', async () => {
      const id = await insertInboxItem(db.dataSource, { unitId: unit.a, kind: 'notice', taskId });
      expect(await store.markRead(db.dataSource, id, NOW, unit.a, COLUMNS)).toEqual([{ id, unit_id: unit.a, read_at: NOW }]);
      expect(await store.markRead(db.dataSource, id, LATER, unit.a, COLUMNS)).toEqual([{ id, unit_id: unit.a, read_at: NOW }]);
      expect((await item(id)).read_at).toEqual(NOW);
    });

    it('does not mark another unit’s item, except for a reader of every unit (no unit); answers nothing for a missing item', async () => {
      const id = await insertInboxItem(db.dataSource, { unitId: unit.a, kind: 'notice', taskId });
      expect(await store.markRead(db.dataSource, id, NOW, unit.b, COLUMNS)).toEqual([]);
      expect((await item(id)).read_at).toBeNull();
      expect(await store.markRead(db.dataSource, id, LATER, null, COLUMNS)).toEqual([{ id, unit_id: unit.a, read_at: LATER }]);
      expect(await store.markRead(db.dataSource, String(Number(id) + 100), NOW, null, COLUMNS)).toEqual([]);
    });
  });

  it('open inserts action items for many tasks at once, and nothing for none', async () => {
    const before = await tableCounts(db.dataSource);
    await store.open(db.dataSource.manager, [], NOW);
    expect(await tableCounts(db.dataSource)).toEqual(before);
    await store.open(
      db.dataSource.manager,
      [
        { unit_id: unit.a, kind: 'start_task', task_id: taskId, order_id: null, title: '启动：第5项', due_on: '2022-12-31' },
        { unit_id: unit.b, kind: 'start_task', task_id: taskId, order_id: null, title: '启动：第5项', due_on: '2022-12-31' },
      ],
      NOW,
    );
    expect((await items()).map((row) => [row.unit_id, row.kind, row.status, row.created_at])).toEqual([
      [unit.a, 'start_task', 'open', NOW],
      [unit.b, 'start_task', 'open', NOW],
    ]);
  });
});
