import { AuthRevocations, AuthUserCache, SecurityEventStore, UserStore } from '@duban/auth';
import { Clock, DomainError } from '@duban/domain';
import { InboxStore } from '@duban/inbox';
import { OrderStore } from '@duban/rectification';
import { ContributionStore, SubmissionDraftStore, TaskHandlersStore, TaskLinksStore, TaskStore } from '@duban/tasks';
import { UnitMergeService } from '@duban/unit-merge';
import { AttachmentStore } from '@duban/attachments';
import { UnitAdminService, UnitStore } from '@duban/units';
import { createMediumDatabase, type MediumDatabase } from '../support/medium-database';
import { insertInboxItem, insertOrder, insertPlan, insertTask, insertUnit, insertUser, rows, tableCounts, mediumOutboxStore } from '../support/medium-fixtures';

const NOW = new Date('2022-03-01T02:00:00.000Z');

class FixedClock extends Clock {
  now(): Date {
    return new Date(NOW);
  }
}

describe('UnitMergeService (PostgreSQL)', () => {
  let db: MediumDatabase;
  let merges: UnitMergeService;
  let typo: string;
  let health: string;
  let group: string;
  let taskA: string;
  let taskB: string;

  beforeAll(async () => {
    db = await createMediumDatabase();
    const units = new UnitStore();
    const clock = new FixedClock();
    merges = new UnitMergeService(
      db.dataSource,
      units,
      new UnitAdminService(db.dataSource, units, clock),
      new TaskLinksStore(),
      new TaskStore(),
      new OrderStore(),
      new InboxStore(mediumOutboxStore()),
      mediumOutboxStore(),
      new UserStore(),
      new ContributionStore(),
      new TaskHandlersStore(),
      new SubmissionDraftStore(),
      new AuthRevocations(new AuthUserCache({ authUserCacheMs: 0 }), { queuePrefix: 'medium' }),
      new SecurityEventStore(),
      clock,
      new AttachmentStore(),
    );
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    await db.truncate();
    group = await insertUnit(db.dataSource, { name: '市直各单位', kind: 'group' });
    typo = await insertUnit(db.dataSource, { name: '市卫生建康委', kind: 'unverified', verified: false, webhookUrl: 'https://typo.example/hook' });
    health = await insertUnit(db.dataSource, { name: '市卫生健康委员会' });
    await db.query('INSERT INTO unit_memberships (group_id, member_id) VALUES ($1, $2)', [group, typo]);
    const plan = await insertPlan(db.dataSource);
    taskA = await insertTask(db.dataSource, plan, { seq: 1, dueOn: '2022-12-31', state: 'rectify', leads: [typo] });
    taskB = await insertTask(db.dataSource, plan, { seq: 2, dueOn: '2022-12-31', leads: [health], supports: [typo] });
  });

  it('moves orders, inbox items, memberships and the webhook; one open action of the same task stays, the merged copy closed', async () => {
    const order = await insertOrder(db.dataSource, { taskId: taskA, unitId: typo });
    const rectify = await insertInboxItem(db.dataSource, { unitId: typo, kind: 'rectify', taskId: taskA, orderId: order });
    const duplicate = await insertInboxItem(db.dataSource, { unitId: typo, kind: 'start_task', taskId: taskB });
    const kept = await insertInboxItem(db.dataSource, { unitId: health, kind: 'start_task', taskId: taskB });

    const moved = await merges.merge(typo, health, null);

    expect(moved).toEqual({
      taskUnits: 2,
      taskEvents: 0,
      rectificationOrders: 1,
      inboxItems: 2,
      outboxDeliveries: 0,
      users: 0,
      attachments: 0,
      contributions: 0,
      taskHandlers: 0,
      submissionDrafts: 0,
    });
    expect(await rows(db.dataSource, 'SELECT unit_id::text FROM rectification_orders WHERE id = $1', [order])).toEqual([{ unit_id: health }]);
    expect(await rows(db.dataSource, 'SELECT id::text, unit_id::text, status FROM inbox_items ORDER BY id')).toEqual([
      { id: rectify, unit_id: health, status: 'open' },
      { id: duplicate, unit_id: health, status: 'done' },
      { id: kept, unit_id: health, status: 'open' },
    ]);
    // task B named both: the survivor keeps its lead link only
    expect(await rows(db.dataSource, 'SELECT task_id::text, role FROM task_units WHERE unit_id = $1 ORDER BY task_id', [health])).toEqual([
      { task_id: taskA, role: 'lead' },
      { task_id: taskB, role: 'lead' },
    ]);
    expect(await rows(db.dataSource, 'SELECT group_id::text FROM unit_memberships WHERE member_id = $1', [health])).toEqual([{ group_id: group }]);
    expect(await rows(db.dataSource, 'SELECT aliases, webhook_url FROM units WHERE id = $1', [health])).toEqual([
      { aliases: ['市卫生建康委'], webhook_url: 'https://typo.example/hook' },
    ]);
    expect(await rows(db.dataSource, 'SELECT count(*)::int AS n FROM units WHERE id = $1', [typo])).toEqual([{ n: 0 }]);
    const [event] = await rows<{ type: string; unit_id: string; payload: Record<string, unknown> }>(
      db.dataSource,
      'SELECT type, unit_id::text, payload FROM unit_events',
    );
    expect(event).toMatchObject({ type: 'merged', unit_id: typo, payload: { fromName: '市卫生建康委', intoUnitId: health, moved } });
  });

  it('refuses (409 unit_merge_order_clash) when both units hold an order of the same task and round, writing nothing', async () => {
    await insertOrder(db.dataSource, { taskId: taskA, unitId: typo });
    await insertOrder(db.dataSource, { taskId: taskA, unitId: health });
    const user = await insertUser(db.dataSource, { username: 'typo.officer', unitId: typo });
    const before = await tableCounts(db.dataSource);

    const refusal = await merges.merge(typo, health, null).catch((error: unknown) => error);

    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ kind: 'conflict', code: 'unit_merge_order_clash' });
    expect(await tableCounts(db.dataSource)).toEqual(before);
    expect(await rows(db.dataSource, 'SELECT unit_id::text FROM users WHERE id = $1', [user])).toEqual([{ unit_id: typo }]);
  });
});
