import { Logger } from '@nestjs/common';
import type { ClaimedDelivery } from '@duban/outbox';
import { createMediumDatabase, type MediumDatabase } from '../support/medium-database';
import { insertInboxItem, insertOrder, insertPlan, insertTask, insertUnit, rows, mediumOutboxStore } from '../support/medium-fixtures';

const CREATED = new Date('2022-03-01T02:00:00.123Z');

interface DeliveryRow {
  id: string;
  unit_id: string;
  inbox_item_id: string;
  url: string;
  body: Record<string, unknown>;
  state: string;
  attempts: number;
  next_attempt_at: Date | null;
  last_error: string | null;
  last_status: number | null;
  delivered_at: Date | null;
}

describe('OutboxStore (PostgreSQL)', () => {
  let db: MediumDatabase;
  const store = mediumOutboxStore();
  let hooked: string;
  let plain: string;
  let taskId: string;

  const deliveries = () =>
    rows<DeliveryRow>(
      db.dataSource,
      `SELECT id::text, unit_id::text, inbox_item_id::text, url, body, state, attempts, next_attempt_at, last_error, last_status, delivered_at
         FROM outbox_deliveries ORDER BY outbox_deliveries.id`,
    );
  /** notices for the unit with a webhook, queued one by one (so their next attempts are in this order) */
  const queued = async (n: number): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = 0; i < n; i += 1) {
      const id = await insertInboxItem(db.dataSource, { unitId: hooked, kind: 'notice', taskId, title: `通知 ${i + 1}`, createdAt: CREATED });
      await store.queueNotices(db.dataSource.manager, { webhook: [id], channels: [] }, CREATED);
      ids.push(id);
    }
    return ids;
  };
  /** a delivery an earlier attempt delivered */
  const alreadyDelivered = (deliveryId: string) =>
    db.query(`UPDATE outbox_deliveries SET state = 'delivered', delivered_at = now(), next_attempt_at = NULL WHERE id = $1`, [deliveryId]);
  /** moves a delivery's lease (its next attempt) into the past, as if it had lapsed */
  const lapse = (deliveryId: string) =>
    db.query(`UPDATE outbox_deliveries SET next_attempt_at = clock_timestamp() - interval '1 second' WHERE id = $1`, [deliveryId]);

  beforeAll(async () => {
    db = await createMediumDatabase();
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    await db.truncate();
    hooked = await insertUnit(db.dataSource, { name: '市卫生健康委员会', webhookUrl: 'https://hooks.example.test/wjw' });
    plain = await insertUnit(db.dataSource, { name: '市教育局' });
    const plan = await insertPlan(db.dataSource);
    taskId = await insertTask(db.dataSource, plan, { seq: 28, dueOn: '2022-12-31', leads: [hooked] });
  });

  describe('queueNotices', () => {
    it('queues one delivery per notice of a unit with a webhook, its body the inbox item as the api shows it', async () => {
      const notice = await insertInboxItem(db.dataSource, {
        unitId: hooked,
        kind: 'notice',
        taskId,
        title: '【催办】第28项',
        dueOn: '2022-12-31',
        payload: { step: 'urge', level: 1 },
        createdAt: CREATED,
      });
      const unhooked = await insertInboxItem(db.dataSource, { unitId: plain, kind: 'notice', taskId, createdAt: CREATED });
      await db.dataSource.transaction((manager) => store.queueNotices(manager, { webhook: [notice, unhooked], channels: [] }, CREATED));
      const [delivery, ...others] = await deliveries();
      expect(others).toEqual([]);
      expect(delivery).toMatchObject({ unit_id: hooked, inbox_item_id: notice, url: 'https://hooks.example.test/wjw', state: 'pending', attempts: 0 });
      expect(delivery.next_attempt_at).toBeInstanceOf(Date);
      expect(delivery.body).toEqual({
        id: notice,
        kind: 'notice',
        unitId: hooked,
        unitName: '市卫生健康委员会',
        taskId,
        orderId: null,
        title: '【催办】第28项',
        dueAt: '2022-12-31',
        createdAt: '2022-03-01T02:00:00.123Z',
        payload: { step: 'urge', level: 1 },
      });
    });

    it('names the order and leaves task and due day null when the notice has none; queues nothing for no ids', async () => {
      const orderId = await insertOrder(db.dataSource, { taskId, unitId: hooked, dueOn: '2022-04-01', issuedAt: CREATED });
      const withOrder = await insertInboxItem(db.dataSource, { unitId: hooked, kind: 'notice', taskId, orderId, createdAt: CREATED });
      const bare = await insertInboxItem(db.dataSource, { unitId: hooked, kind: 'interview', taskId: null, createdAt: CREATED });
      await store.queueNotices(db.dataSource.manager, { webhook: [], channels: [] }, CREATED);
      expect(await deliveries()).toEqual([]);
      await store.queueNotices(db.dataSource.manager, { webhook: [bare, withOrder], channels: [] }, CREATED);
      expect((await deliveries()).map((d) => [d.inbox_item_id, d.body.kind, d.body.taskId, d.body.orderId, d.body.dueAt])).toEqual([
        [withOrder, 'notice', taskId, orderId, null],
        [bare, 'interview', null, null, null],
      ]);
    });

    it('outside a transaction, a failure to queue is logged, not thrown', async () => {
      const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      try {
        await expect(store.queueNotices(db.dataSource.manager, { webhook: ['not a number'], channels: [] }, CREATED)).resolves.toBeUndefined();
        expect(logged).toHaveBeenCalledWith(expect.stringContaining('notices not a number were kept, but their deliveries could not be queued'));
      } finally {
        logged.mockRestore();
      }
    });
  });

  describe('claimDue', () => {
    it('claims the due deliveries oldest first, with their unit’s secret, and not again while their lease runs', async () => {
      await queued(3);
      const all = await deliveries();
      const first = await store.claimDue(db.dataSource, 2, 60);
      expect(first).toEqual(
        all
          .slice(0, 2)
          .map((d) => ({ id: d.id, url: 'https://hooks.example.test/wjw', body: d.body, attempts: 0, webhook_secret: 'secret of 市卫生健康委员会' })),
      );
      // the lease moved their next attempt a minute ahead
      for (const d of (await deliveries()).slice(0, 2)) expect(d.next_attempt_at!.getTime()).toBeGreaterThan(Date.now() + 50_000);
      expect((await store.claimDue(db.dataSource, 10, 60)).map((d) => d.id)).toEqual([all[2].id]);
      expect(await store.claimDue(db.dataSource, 10, 60)).toEqual([]);

      await lapse(all[1].id);
      expect((await store.claimDue(db.dataSource, 10, 60)).map((d) => d.id)).toEqual([all[1].id]);
    });

    it('claims neither delivered nor failed deliveries, nor one whose retry is not due; a removed webhook answers no secret', async () => {
      await queued(4);
      const [delivered, failed, later, gone] = await deliveries();
      await alreadyDelivered(delivered.id);
      await db.query(`UPDATE outbox_deliveries SET state = 'failed', next_attempt_at = NULL WHERE id = $1`, [failed.id]);
      await db.query(`UPDATE outbox_deliveries SET next_attempt_at = clock_timestamp() + interval '1 hour' WHERE id = $1`, [later.id]);
      await db.query('UPDATE units SET webhook_url = NULL, webhook_secret = NULL WHERE id = $1', [hooked]);
      expect(await store.claimDue(db.dataSource, 10, 60)).toEqual([expect.objectContaining({ id: gone.id, webhook_secret: null })]);
    });
  });

  describe('outcomes of an attempt', () => {
    const claimOne = async (): Promise<ClaimedDelivery> => {
      const [claimed] = await store.claimDue(db.dataSource, 1, 60);
      return claimed;
    };

    it('markDelivered records the delivery', async () => {
      await queued(1);
      const claimed = await claimOne();
      await store.markDelivered(db.dataSource, claimed, { status: 204 });
      const [row] = await deliveries();
      expect(row).toMatchObject({ state: 'delivered', attempts: 1, next_attempt_at: null, last_status: 204, last_error: null });
      expect(row.delivered_at).toBeInstanceOf(Date);
    });

    it('markAttemptFailed schedules a retry, or fails the delivery for good; an outcome of a stale attempt changes nothing', async () => {
      await queued(1);
      const stale = await claimOne();
      const before = Date.now();
      await store.markAttemptFailed(db.dataSource, stale, { status: 500, error: 'HTTP 500', retryInSeconds: 30 });
      const [retrying] = await deliveries();
      expect(retrying).toMatchObject({ state: 'pending', attempts: 1, last_status: 500, last_error: 'HTTP 500' });
      expect(retrying.next_attempt_at!.getTime()).toBeGreaterThanOrEqual(before + 29_000);

      // the first worker answers late (its lease lapsed and the retry was scheduled): nothing changes
      await store.markDelivered(db.dataSource, stale, { status: 200 });
      await store.markAttemptFailed(db.dataSource, stale, { status: null, error: 'timeout', retryInSeconds: null });
      expect(await deliveries()).toEqual([retrying]);

      await lapse(retrying.id);
      const second = await claimOne();
      expect(second.attempts).toBe(1);
      await store.markAttemptFailed(db.dataSource, second, { status: null, error: 'connection refused', retryInSeconds: null });
      const [failed] = await deliveries();
      expect(failed).toMatchObject({ state: 'failed', attempts: 2, next_attempt_at: null, last_status: null, last_error: 'connection refused' });
      await store.markDelivered(db.dataSource, second, { status: 200 });
      expect(await deliveries()).toEqual([failed]);
    });

    it('markReceiverGone fails the delivery without counting an attempt', async () => {
      await queued(1);
      const claimed = await claimOne();
      await store.markReceiverGone(db.dataSource, claimed);
      expect(await deliveries()).toEqual([
        expect.objectContaining({ state: 'failed', attempts: 0, next_attempt_at: null, last_error: 'the unit’s webhook was removed' }),
      ]);
    });
  });

  it('retargetPending sends a unit’s pending deliveries to its new URL; failPending fails them, keeping the last error', async () => {
    await queued(3);
    const [delivered, pendingOne, pendingTwo] = await deliveries();
    await alreadyDelivered(delivered.id);
    await db.query(`UPDATE outbox_deliveries SET last_error = 'HTTP 502' WHERE id = $1`, [pendingTwo.id]);
    await store.retargetPending(db.dataSource.manager, hooked, 'https://new.example.test/hook');
    expect((await deliveries()).map((d) => d.url)).toEqual([
      'https://hooks.example.test/wjw',
      'https://new.example.test/hook',
      'https://new.example.test/hook',
    ]);

    await store.failPending(db.dataSource.manager, { unitId: hooked });
    expect((await deliveries()).map((d) => [d.id, d.state, d.last_error])).toEqual([
      [delivered.id, 'delivered', null],
      [pendingOne.id, 'failed', 'the unit’s webhook was removed before delivery'],
      [pendingTwo.id, 'failed', 'the unit’s webhook was removed before delivery (last error: HTTP 502)'],
    ]);
  });
});
