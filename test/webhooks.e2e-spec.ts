import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { type AddressInfo, createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { InboxStore } from '@duban/inbox';
import { createTestApp, loginAs, type TestApp } from './support/test-app';
import { SEED_TABLE, seedUnitsAndUsers } from './support/seed-helpers';
import { startWorker, waitFor, type WorkerProcess } from './support/worker-process';

const RECEIVER_SECRET = 'weijian-oa-webhook-secret-2022';
const UNREACHABLE_SECRET = 'duchashi-im-webhook-secret';

interface ReceivedRequest {
  deliveryId: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  signatureValid: boolean;
  answeredStatus: number;
}

interface DeliveryView {
  id: string;
  unitId: string;
  inboxItemId: string;
  state: string;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  body: Record<string, unknown>;
}

/**
 * A receiver on 127.0.0.1 that checks every signature the way the README tells receivers to, and
 * answers 500 to the first attempt of the first delivery it sees, so that one delivery needs a retry.
 */
async function startReceiver(secret: string): Promise<{ server: Server; url: string; requests: ReceivedRequest[] }> {
  const requests: ReceivedRequest[] = [];
  let refusedDeliveryId: string | null = null;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const timestamp = String(req.headers['x-duban-timestamp']);
      const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
      const fresh = Math.abs(Date.now() / 1_000 - Number(timestamp)) <= 300;
      const deliveryId = String(req.headers['x-duban-delivery']);
      refusedDeliveryId ??= deliveryId;
      const firstAttemptOfRefused = deliveryId === refusedDeliveryId && !requests.some((r) => r.deliveryId === deliveryId);
      const answeredStatus = firstAttemptOfRefused ? 500 : 200;
      requests.push({ deliveryId, headers: req.headers, rawBody, signatureValid: fresh && req.headers['x-duban-signature'] === expected, answeredStatus });
      res.writeHead(answeredStatus, { 'content-type': 'text/plain' }).end(answeredStatus === 500 ? 'receiver busy' : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/duban/notices`, requests };
}

/** A receiver that accepts connections and never answers. */
async function startSilentReceiver(): Promise<{ server: TcpServer; url: string; heldOpen: Socket[] }> {
  const heldOpen: Socket[] = [];
  const server = createTcpServer((socket) => heldOpen.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, heldOpen };
}

/** A port on 127.0.0.1 that nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('webhooks: every notice is POSTed, signed, to its unit’s receiver; failures retry and are shown to admins', () => {
  jest.setTimeout(60_000);
  let t: TestApp;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let unreachableUrl: string;
  let silent: Awaited<ReturnType<typeof startSilentReceiver>>;
  let worker: WorkerProcess | null = null;
  const tokens: Record<string, string> = {};
  let unitIdOf: (name: string) => string;
  let weijian: string;
  let duchashi: string;
  let aiweiban: string;

  const as = (username: string) => ({
    get: (path: string) => t.http.get(path).set('Authorization', `Bearer ${tokens[username]}`),
    post: (path: string, body: object) => t.http.post(path).set('Authorization', `Bearer ${tokens[username]}`).send(body),
    put: (path: string, body: object) => t.http.put(path).set('Authorization', `Bearer ${tokens[username]}`).send(body),
    delete: (path: string) => t.http.delete(path).set('Authorization', `Bearer ${tokens[username]}`),
  });
  const deliveries = async (query: string): Promise<DeliveryView[]> =>
    (await as('admin').get(`/api/v1/admin/deliveries?limit=200&${query}`).expect(200)).body as DeliveryView[];
  const noticeIdsOf = async (unitId: string): Promise<string[]> => {
    const rows: { id: string }[] = await t.dataSource.query(
      `SELECT id::text FROM inbox_items WHERE unit_id = $1 AND kind IN ('notice', 'interview') ORDER BY id`,
      [unitId],
    );
    return rows.map((row) => row.id);
  };

  beforeAll(async () => {
    t = await createTestApp({ simulatedClock: true, now: '2021-03-01T02:00:00Z' });
    await seedUnitsAndUsers(t);
    for (const username of ['admin', 'weijian', 'inspector']) tokens[username] = await loginAs(t.http, username);
    await as('admin').post('/api/v1/plans/import', { content: SEED_TABLE, planStart: '2021-01-01' }).expect(200);
    const units: { id: string; name: string }[] = await t.dataSource.query('SELECT id::text, name FROM units');
    unitIdOf = (name) => units.find((u) => u.name === name)!.id;
    weijian = unitIdOf('市卫生健康委员会');
    duchashi = unitIdOf('市委市政府督查室');
    aiweiban = unitIdOf('市爱国卫生运动委员会办公室');
    receiver = await startReceiver(RECEIVER_SECRET);
    unreachableUrl = `http://127.0.0.1:${await closedPort()}/hook`;
    silent = await startSilentReceiver();
  });
  afterAll(async () => {
    if (worker && worker.child.exitCode === null && worker.child.signalCode === null) {
      worker.child.kill('SIGTERM');
      await worker.exited;
    }
    await new Promise<void>((resolve) => receiver.server.close(() => resolve()));
    for (const socket of silent.heldOpen) socket.destroy();
    await new Promise<void>((resolve) => silent.server.close(() => resolve()));
    await t.close();
  });

  it('lets only admins set a webhook, checks url and secret, and never shows the secret', async () => {
    const path = `/api/v1/units/${weijian}/webhook`;
    const refused = await as('admin').put(path, { url: 'ftp://127.0.0.1/x', secret: 'short' }).expect(400);
    expect(refused.body.message).toEqual(expect.arrayContaining(['url must be an http or https URL', 'secret must be at least 16 characters']));
    await as('admin').put(path, { url: receiver.url }).expect(400);
    await as('admin').put(path, { url: receiver.url, secret: RECEIVER_SECRET, extra: 1 }).expect(400);
    await as('weijian').put(path, { url: receiver.url, secret: RECEIVER_SECRET }).expect(403);
    await as('admin').put('/api/v1/units/999999/webhook', { url: receiver.url, secret: RECEIVER_SECRET }).expect(404);
    await as('admin').delete('/api/v1/units/999999/webhook').expect(404);
    await as('admin').get('/api/v1/admin/deliveries?state=lost').expect(400);
    await as('inspector').get('/api/v1/admin/deliveries').expect(403);

    const set = await as('admin').put(path, { url: receiver.url, secret: RECEIVER_SECRET }).expect(200);
    expect(set.body).toEqual({ unitId: weijian, unitName: '市卫生健康委员会', url: receiver.url });
    await as('admin').put(`/api/v1/units/${duchashi}/webhook`, { url: unreachableUrl, secret: UNREACHABLE_SECRET }).expect(200);
    await as('admin').put(`/api/v1/units/${aiweiban}/webhook`, { url: silent.url, secret: 'aiweiban-webhook-secret' }).expect(200);
    expect((await as('admin').get(path).expect(200)).body).toEqual({ unitId: weijian, unitName: '市卫生健康委员会', url: receiver.url });
    for (const response of [
      await as('weijian').get('/api/v1/units').expect(200),
      await as('admin').get(`/api/v1/units/${weijian}`).expect(200),
      await as('admin').get(path).expect(200),
    ]) {
      expect(JSON.stringify(response.body)).not.toContain(RECEIVER_SECRET);
    }
  });

  it('keeps the in-app notices and queues deliveries in the clock’s transaction, without sending anything from the api', async () => {
    // task 35 (lead: 市卫生健康委员会) is due 2022-12-31: its reminders, its overdue notices (also to 督查室),
    // and at +15 days its 督办 notices (also to the committees' offices)
    for (const now of ['2022-12-31T12:00:00+08:00', '2023-01-01T08:00:00+08:00', '2023-01-16T08:00:00+08:00']) {
      await as('admin').post('/api/v1/admin/clock', { now }).expect(200);
    }
    const weijianNotices = await noticeIdsOf(weijian);
    expect(weijianNotices.length).toBeGreaterThanOrEqual(5);
    expect((await noticeIdsOf(duchashi)).length).toBeGreaterThanOrEqual(1);
    expect((await noticeIdsOf(aiweiban)).length).toBeGreaterThanOrEqual(1);
    // 市健推办 has notices too, but no webhook: it gets no deliveries
    expect((await noticeIdsOf(unitIdOf('市健康鄂尔多斯行动推进委员会办公室'))).length).toBeGreaterThanOrEqual(1);

    const pending = await deliveries('state=pending');
    const noticesWithWebhook = [...weijianNotices, ...(await noticeIdsOf(duchashi)), ...(await noticeIdsOf(aiweiban))];
    expect(pending.map((d) => d.inboxItemId).sort()).toEqual(noticesWithWebhook.sort());
    expect(pending.every((d) => d.attempts === 0 && d.lastError === null)).toBe(true);
    expect(receiver.requests).toEqual([]);
  });

  it('delivers each notice exactly once with a valid signature, retrying after a 500; the deliveries to a closed port and to a silent receiver show their errors', async () => {
    worker = startWorker(t.config);
    const weijianNotices = await noticeIdsOf(weijian);
    const duchashiNotices = await noticeIdsOf(duchashi);
    await waitFor(
      'every notice of 市卫生健康委员会 delivered, every one of 督查室 tried twice and of 市爱卫办 once',
      async () => {
        const [delivered, toClosedPort, toSilentReceiver] = await Promise.all([
          deliveries(`unitId=${weijian}&state=delivered`),
          deliveries(`unitId=${duchashi}`),
          deliveries(`unitId=${aiweiban}`),
        ]);
        return delivered.length === weijianNotices.length && toClosedPort.every((d) => d.attempts >= 2) && toSilentReceiver.every((d) => d.attempts >= 1);
      },
      40_000,
    );

    expect(receiver.requests.every((r) => r.signatureValid)).toBe(true);
    const accepted = receiver.requests.filter((r) => r.answeredStatus === 200);
    const acceptedNoticeIds = accepted.map((r) => (JSON.parse(r.rawBody) as { id: string }).id);
    expect([...acceptedNoticeIds].sort()).toEqual([...weijianNotices].sort());
    expect(new Set(accepted.map((r) => r.deliveryId)).size).toBe(accepted.length);
    for (const request of receiver.requests) {
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers['x-duban-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
      expect(request.headers['x-duban-timestamp']).toMatch(/^\d{10}$/);
    }

    // the refused delivery came again with the same delivery id and is now delivered on its 2nd attempt
    const refused = receiver.requests.filter((r) => r.answeredStatus === 500);
    expect(refused).toHaveLength(1);
    expect(receiver.requests.filter((r) => r.deliveryId === refused[0].deliveryId).map((r) => r.answeredStatus)).toEqual([500, 200]);
    const weijianDeliveries = await deliveries(`unitId=${weijian}`);
    expect(weijianDeliveries.find((d) => d.id === refused[0].deliveryId)).toMatchObject({ state: 'delivered', attempts: 2, lastStatus: 200, lastError: null });
    expect(weijianDeliveries.filter((d) => d.id !== refused[0].deliveryId).every((d) => d.attempts === 1 && d.state === 'delivered')).toBe(true);

    // the body is the inbox item as GET /inbox shows it, with the unit
    const inbox = await as('weijian').get('/api/v1/inbox?kind=notice&limit=200').expect(200);
    for (const item of inbox.body.items as {
      id: string;
      kind: string;
      taskId: string;
      orderId: string | null;
      title: string;
      dueAt: string | null;
      createdAt: string;
      payload: object;
    }[]) {
      const sent = JSON.parse(accepted.find((r) => (JSON.parse(r.rawBody) as { id: string }).id === item.id)!.rawBody);
      const { id, kind, taskId, orderId, title, dueAt, createdAt, payload } = item;
      expect(sent).toEqual({ id, kind, unitId: weijian, unitName: '市卫生健康委员会', taskId, orderId, title, dueAt, createdAt, payload });
    }

    // the unreachable receiver: nothing arrived, the in-app notices are there, admins see why
    const failing = await deliveries(`unitId=${duchashi}`);
    expect(failing.map((d) => d.inboxItemId).sort()).toEqual([...duchashiNotices].sort());
    for (const delivery of failing) {
      expect(delivery.state).toBe('pending');
      expect(delivery.attempts).toBeGreaterThanOrEqual(2);
      expect(delivery.lastStatus).toBeNull();
      expect(delivery.lastError).toMatch(/ECONNREFUSED/);
      expect(delivery.nextAttemptAt).not.toBeNull();
    }
    const duchashiInbox = await as('admin').get(`/api/v1/inbox?unitId=${duchashi}&kind=notice&limit=200`).expect(200);
    expect((duchashiInbox.body.items as { id: string }[]).map((i) => i.id).sort()).toEqual([...duchashiNotices].sort());

    // the receiver that never answers: each attempt ends after 5 s
    const unanswered = await deliveries(`unitId=${aiweiban}`);
    expect(unanswered.length).toBeGreaterThanOrEqual(1);
    expect(unanswered.every((d) => d.state === 'pending' && d.attempts >= 1 && d.lastStatus === null && d.lastError === 'no answer within 5 s')).toBe(true);
    expect(silent.heldOpen.length).toBeGreaterThanOrEqual(1);
  });

  it('removing a webhook marks its pending deliveries failed, for admins to see', async () => {
    await as('admin').delete(`/api/v1/units/${duchashi}/webhook`).expect(204);
    expect((await as('admin').get(`/api/v1/units/${duchashi}/webhook`).expect(200)).body.url).toBeNull();
    expect(await deliveries(`unitId=${duchashi}&state=pending`)).toEqual([]);
    const failed = await deliveries('state=failed');
    expect(failed.map((d) => d.inboxItemId).sort()).toEqual((await noticeIdsOf(duchashi)).sort());
    expect(failed.every((d) => d.unitId === duchashi && d.attempts >= 2 && /removed/.test(d.lastError ?? ''))).toBe(true);
  });

  it('keeps the notice and the caller’s transaction when its delivery cannot be queued', async () => {
    await as('admin').put(`/api/v1/units/${weijian}/webhook`, { url: receiver.url, secret: RECEIVER_SECRET }).expect(200);
    await t.dataSource.query(`CREATE FUNCTION refuse_outbox_delivery() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'outbox refused'; END $$`);
    await t.dataSource.query(`CREATE TRIGGER refuse_outbox_delivery BEFORE INSERT ON outbox_deliveries FOR EACH ROW EXECUTE FUNCTION refuse_outbox_delivery()`);
    try {
      await t.dataSource.transaction(async (manager) => {
        await t.app
          .get(InboxStore)
          .notifyAll(
            manager,
            [{ unitIds: [weijian], kind: 'notice', taskId: null, orderId: null, title: '【测试】投递无法入队', dueOn: null, payload: {} }],
            new Date(),
          );
        // the transaction is still usable after the refused insert
        await manager.query(`UPDATE inbox_items SET payload = '{"after": true}' WHERE title = '【测试】投递无法入队'`);
      });
    } finally {
      await t.dataSource.query(`DROP TRIGGER refuse_outbox_delivery ON outbox_deliveries`);
      await t.dataSource.query(`DROP FUNCTION refuse_outbox_delivery()`);
    }
    const kept: { id: string; payload: object }[] = await t.dataSource.query(`SELECT id::text, payload FROM inbox_items WHERE title = '【测试】投递无法入队'`);
    expect(kept).toEqual([{ id: expect.any(String), payload: { after: true } }]);
    const [queued]: { n: number }[] = await t.dataSource.query(`SELECT count(*)::int AS n FROM outbox_deliveries WHERE inbox_item_id = $1`, [kept[0].id]);
    expect(queued.n).toBe(0);
  });
});
