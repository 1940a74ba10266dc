import type { AppConfig } from '@duban/config';
import { ChannelRoutingStore, OutboxStore } from '@duban/outbox';
import { createMediumDatabase, type MediumDatabase } from '../support/medium-database';
import { insertInboxItem, insertPlan, insertTask, insertUnit, insertUser, rows } from '../support/medium-fixtures';

const NOON = new Date('2022-03-01T04:00:00Z'); // 12:00 in Shanghai
const NIGHT = new Date('2022-03-01T15:00:00Z'); // 23:00 in Shanghai

describe('OutboxStore: notice channel rows (PostgreSQL)', () => {
  let db: MediumDatabase;
  const store = new OutboxStore(new ChannelRoutingStore({ planTimezone: 'Asia/Shanghai' } as AppConfig));
  let unit: string;
  let taskId: string;
  let robot: string;
  let phone: string;

  const channel = async (owner: { unitId?: string; userId?: string }, kind: string, address: string): Promise<string> =>
    (
      await rows<{ id: string }>(db.dataSource, `INSERT INTO notice_channels (unit_id, user_id, channel, address) VALUES ($1, $2, $3, $4) RETURNING id::text`, [
        owner.unitId ?? null,
        owner.userId ?? null,
        kind,
        address,
      ])
    )[0].id;
  const deliveries = () =>
    rows<{ id: string; inbox_item_id: string; channel: string; channel_id: string; hold_until: Date | null; receiver: string }>(
      db.dataSource,
      `SELECT id::text, inbox_item_id::text, channel, channel_id::text, hold_until, receiver FROM outbox_deliveries ORDER BY id`,
    );
  const claim = (perReceiver: number | null) =>
    store.claimDueOfChannel(db.dataSource, 'wecom', { limit: 100, leaseSeconds: 60, simulatedClock: false, perReceiver, windowSeconds: 60 });

  beforeAll(async () => {
    db = await createMediumDatabase();
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    await db.truncate();
    unit = await insertUnit(db.dataSource, { name: '市卫生健康委员会' });
    const plan = await insertPlan(db.dataSource);
    taskId = await insertTask(db.dataSource, plan, { seq: 28, dueOn: '2022-12-31', leads: [unit] });
    robot = await channel({ unitId: unit }, 'wecom', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k');
    const head = await insertUser(db.dataSource, { username: 'wjw.head', unitId: unit, roles: ['unit_head'] });
    phone = await channel({ userId: head }, 'sms', '13800000001');
  });

  it('queues one delivery per notice and channel, however often it is queued', async () => {
    const notice = await insertInboxItem(db.dataSource, { unitId: unit, kind: 'notice', taskId, payload: { step: 'reminder' } });
    expect(await store.queueChannels(db.dataSource.manager, [notice], NOON)).toBe(1);
    expect(await store.queueChannels(db.dataSource.manager, [notice], NOON)).toBe(0);
    expect(await deliveries()).toEqual([
      expect.objectContaining({ inbox_item_id: notice, channel: 'wecom', channel_id: robot, hold_until: null, receiver: '市卫生健康委员会' }),
    ]);
  });

  it('routes an interview by SMS to the lead unit’s head at once, and holds a reminder raised at night', async () => {
    const office = await insertUnit(db.dataSource, { name: '市委市政府督查室', kind: 'supervision' });
    const interview = await insertInboxItem(db.dataSource, { unitId: office, kind: 'interview', taskId, payload: { step: 'interview' } });
    const reminder = await insertInboxItem(db.dataSource, { unitId: unit, kind: 'notice', taskId, payload: { step: 'reminder' } });
    await store.queueChannels(db.dataSource.manager, [interview, reminder], NIGHT);
    expect(await deliveries()).toEqual([
      expect.objectContaining({ inbox_item_id: interview, channel: 'sms', channel_id: phone, hold_until: null, receiver: 'wjw.head' }),
      // 07:30 the next morning in Shanghai
      expect.objectContaining({ inbox_item_id: reminder, channel: 'wecom', hold_until: new Date('2022-03-01T23:30:00Z') }),
    ]);
  });

  it('gives a robot at most its allowance in the window, and claims nothing held by the quiet hours', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 25; i += 1) ids.push(await insertInboxItem(db.dataSource, { unitId: unit, kind: 'notice', taskId: null, title: `通知${i}` }));
    await store.queueChannels(db.dataSource.manager, ids, NOON);
    const first = await claim(20);
    expect(first).toHaveLength(20);
    // the 20 claimed count against the window: nothing more for this robot now, even once their leases lapse
    await db.query(`UPDATE outbox_deliveries SET next_attempt_at = clock_timestamp() - interval '1 second' WHERE state = 'pending'`);
    expect(await claim(20)).toHaveLength(0);
    await db.query(`UPDATE outbox_deliveries SET last_attempt_at = clock_timestamp() - interval '61 seconds'`);
    expect(await claim(20)).toHaveLength(20);
    await db.query(
      `UPDATE outbox_deliveries SET hold_until = clock_timestamp() + interval '1 hour', next_attempt_at = clock_timestamp() - interval '1 second'`,
    );
    expect(await claim(null)).toHaveLength(0);
  });

  it('retries a failed delivery only', async () => {
    const notice = await insertInboxItem(db.dataSource, { unitId: unit, kind: 'notice', taskId });
    await store.queueChannels(db.dataSource.manager, [notice], NOON);
    const [delivery] = await deliveries();
    expect(await store.retry(db.dataSource.manager, delivery.id)).toBe('not_failed');
    await db.query(`UPDATE outbox_deliveries SET state = 'failed', attempts = 8, next_attempt_at = NULL`);
    expect(await store.retry(db.dataSource.manager, delivery.id)).toBe('retried');
    expect(await claim(null)).toEqual([expect.objectContaining({ id: delivery.id, attempts: 0 })]);
    expect(await store.retry(db.dataSource.manager, '999999')).toBe('not_found');
  });
});
