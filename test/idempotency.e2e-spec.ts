import { IdempotencyKeyStore, IdempotencyKeySweepService } from '@duban/idempotency';
import { createTestApp, loginAs, type TestApp } from './support/test-app';
import { planLookups, SEED_TABLE, seedUnitsAndUsers } from './support/seed-helpers';

jest.setTimeout(120_000);

describe('Idempotency-Key: a retried write applies once', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  let planId: string;
  let taskId: (seq: number) => string;

  const post = (username: string, path: string, body: object, key?: string) => {
    const call = t.http.post(path).set('Authorization', `Bearer ${tokens[username]}`);
    return (key === undefined ? call : call.set('Idempotency-Key', key)).send(body);
  };
  const event = (username: string, seq: number, type: string, payload: object, key?: string) =>
    post(username, `/api/v1/tasks/${taskId(seq)}/events`, { type, payload }, key);
  const eventCount = async (seq: number, type: string): Promise<number> =>
    (await t.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM task_events WHERE task_id = $1 AND type = $2', [taskId(seq), type]))[0].n;
  const keyRows = async (): Promise<number> => (await t.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM idempotency_keys'))[0].n;

  beforeAll(async () => {
    t = await createTestApp({ simulatedClock: true, now: '2021-03-01T02:00:00Z' });
    await seedUnitsAndUsers(t);
    for (const username of ['admin', 'inspector', 'weijian']) tokens[username] = await loginAs(t.http, username);
    const imported = await post('admin', '/api/v1/plans/import', { content: SEED_TABLE, planStart: '2021-01-01' }, 'import-1').expect(200);
    planId = imported.body.planId;
    ({ taskId } = await planLookups(t, planId));
    await event('weijian', 28, 'START', {}).expect(200);
  }, 300_000);
  afterAll(() => t.close(), 60_000);

  const report = { percent: 40, summary: '推进中' };

  it('answers a repeat with the first answer, marked as a replay, and applies the event once', async () => {
    const first = await event('weijian', 28, 'REPORT_PROGRESS', report, 'report-28-a').expect(200);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await event('weijian', 28, 'REPORT_PROGRESS', report, 'report-28-a').expect(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await eventCount(28, 'REPORT_PROGRESS')).toBe(1);
  });

  it('refuses the same key with another request (422, idempotency_key_reused) and applies nothing', async () => {
    const refused = await event('weijian', 28, 'REPORT_PROGRESS', { ...report, percent: 50 }, 'report-28-a').expect(422);
    expect(refused.body).toMatchObject({ statusCode: 422, code: 'idempotency_key_reused' });
    expect(await eventCount(28, 'REPORT_PROGRESS')).toBe(1);
  });

  it('lets repeats sent at the same time wait for the first: one event, one answer for all', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => event('weijian', 28, 'REPORT_PROGRESS', { ...report, percent: 60 }, 'report-28-b')));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(answers.filter((answer) => answer.headers['idempotent-replayed'] === 'true')).toHaveLength(5);
    for (const answer of answers) expect(answer.body).toEqual(answers[0].body);
    expect(await eventCount(28, 'REPORT_PROGRESS')).toBe(2);
  });

  it('replays a write whose answer the client never got: the retry with the same key finds it committed', async () => {
    // another session holds the task's row: the request waits, and its client gives up before it commits
    const before = await eventCount(28, 'REPORT_PROGRESS');
    const blocker = t.dataSource.createQueryRunner();
    await blocker.startTransaction();
    await blocker.query('SELECT id FROM tasks WHERE id = $1 FOR UPDATE', [taskId(28)]);
    const lost = event('weijian', 28, 'REPORT_PROGRESS', { ...report, percent: 65 }, 'report-28-lost').timeout(500);
    await expect(lost).rejects.toThrow(/timeout/i);
    await blocker.commitTransaction();
    await blocker.release();
    // sent again at once: it waits for the first (still committing) on the key, then answers its answer
    const retried = await event('weijian', 28, 'REPORT_PROGRESS', { ...report, percent: 65 }, 'report-28-lost').expect(200);
    expect(retried.headers['idempotent-replayed']).toBe('true');
    expect(await eventCount(28, 'REPORT_PROGRESS')).toBe(before + 1);
  });

  it('keeps keys per caller, remembers no refusal, and refuses a malformed key', async () => {
    // another caller's identical key is another key: the inspector's bulk action applies
    const extend = { action: 'extend', ids: [taskId(28)], payload: { dueAt: '2026-03-31', reason: '汛期' } };
    const other = await post('inspector', '/api/v1/tasks/bulk', extend, 'report-28-a').expect(200);
    expect(other.headers['idempotent-replayed']).toBeUndefined();
    expect(other.body.counts).toMatchObject({ done: 1 });
    // a refusal changed nothing and is not stored: the same key applies once the cause is gone
    await event('weijian', 31, 'REPORT_PROGRESS', report, 'report-31').expect(409);
    await event('weijian', 31, 'START', {}).expect(200);
    const applied = await event('weijian', 31, 'REPORT_PROGRESS', report, 'report-31').expect(200);
    expect(applied.headers['idempotent-replayed']).toBeUndefined();
    const bad = await event('weijian', 31, 'REPORT_PROGRESS', report, 'has a space').expect(400);
    expect(bad.body.code).toBe('invalid_idempotency_key');
    expect(await eventCount(31, 'REPORT_PROGRESS')).toBe(1);
  });

  it('replays other writes too: an import, a bulk action, a new user', async () => {
    const imported = await post('admin', '/api/v1/plans/import', { content: SEED_TABLE, planStart: '2021-01-01' }, 'import-1').expect(200);
    expect(imported.headers['idempotent-replayed']).toBe('true');
    expect(imported.body.planId).toBe(planId);

    const bulk = { action: 'extend', ids: [taskId(28), taskId(31)], payload: { dueAt: '2026-06-30', reason: '汛期' } };
    const first = await post('inspector', '/api/v1/tasks/bulk', bulk, 'bulk-1').expect(200);
    expect(first.body.counts).toMatchObject({ done: 2 });
    const again = await post('inspector', '/api/v1/tasks/bulk', bulk, 'bulk-1').expect(200);
    expect(again.body).toEqual(first.body);
    expect(await eventCount(31, 'GRANT_EXTENSION')).toBe(1);
    // a task refused inside a keyed bulk action (its part failed and the action went on): run again with savepoints
    const withUnknown = { action: 'extend', ids: [taskId(28), '999999'], payload: { dueAt: '2026-09-30', reason: '汛期' } };
    const mixed = await post('inspector', '/api/v1/tasks/bulk', withUnknown, 'bulk-2').expect(200);
    expect(mixed.body.counts).toMatchObject({ done: 1, skipped: 1 });
    expect(await eventCount(28, 'GRANT_EXTENSION')).toBe(3);

    const user = { username: 'keyed.user', password: 'a-long-password', unitId: null, roles: ['inspector'] };
    const created = await post('admin', '/api/v1/users', user, 'user-1').expect(201);
    const replayed = await post('admin', '/api/v1/users', user, 'user-1').expect(201);
    expect(replayed.body).toEqual(created.body);
    await post('admin', '/api/v1/users', user, 'user-2').expect(409);
  });

  it('hashes an uploaded file, answers a 204 again as a 204, and replays a clock move without firing twice', async () => {
    const upload = (key: string, table: string) =>
      t.http
        .post('/api/v1/plans/import')
        .set('Authorization', `Bearer ${tokens.admin}`)
        .set('Idempotency-Key', key)
        .field('name', '上传')
        .attach('file', Buffer.from(table, 'utf8'), 'table.tsv');
    const table = ['序号\t工作内容\t工作任务\t牵头单位', '一、上传', '1\t上传\t上传的任务\t市卫生健康委员会'].join('\n');
    const first = await upload('upload-1', table).expect(200);
    const again = await upload('upload-1', table).expect(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const other = await upload('upload-1', `${table}\n2\t上传\t另一个任务\t市卫生健康委员会`).expect(422);
    expect(other.body.code).toBe('idempotency_key_reused');

    const [{ id: unitId }] = await t.dataSource.query<{ id: string }[]>(`SELECT id::text FROM units WHERE name = '市卫生健康委员会'`);
    const remove = () => t.http.delete(`/api/v1/units/${unitId}/webhook`).set('Authorization', `Bearer ${tokens.admin}`).set('Idempotency-Key', 'webhook-off');
    await remove().expect(204);
    const removedAgain = await remove().expect(204);
    expect(removedAgain.headers['idempotent-replayed']).toBe('true');

    const move = () => post('admin', '/api/v1/admin/clock', { now: '2021-06-01T02:00:00Z' }, 'clock-june');
    const moved = await move().expect(200);
    expect(moved.body.fired).toBeGreaterThan(0);
    const firedTimers = await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM timers WHERE state = 'fired'`);
    const replayed = await move().expect(200);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(replayed.body).toEqual(moved.body);
    expect(await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM timers WHERE state = 'fired'`)).toEqual(firedTimers);
  });

  it('treats a key sent again after it expired as a new request, and the sweep deletes expired keys', async () => {
    await event('weijian', 28, 'REPORT_PROGRESS', { ...report, percent: 70 }, 'report-28-c').expect(200);
    const before = await eventCount(28, 'REPORT_PROGRESS');
    await t.dataSource.query(`UPDATE idempotency_keys SET created_at = created_at - interval '25 hours' WHERE key = 'report-28-c'`);
    const fresh = await event('weijian', 28, 'REPORT_PROGRESS', { ...report, percent: 70 }, 'report-28-c').expect(200);
    expect(fresh.headers['idempotent-replayed']).toBeUndefined();
    expect(await eventCount(28, 'REPORT_PROGRESS')).toBe(before + 1);

    await t.dataSource.query(`UPDATE idempotency_keys SET created_at = created_at - interval '25 hours' WHERE key IN ('report-28-a', 'bulk-1')`);
    const rows = await keyRows();
    const swept = await new IdempotencyKeySweepService(t.dataSource, t.config, new IdempotencyKeyStore()).sweep();
    expect(swept.deleted).toBe(3); // the weijian and inspector keys named report-28-a, and bulk-1
    expect(await keyRows()).toBe(rows - 3);
  });
});
