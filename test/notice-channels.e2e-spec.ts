import { InboxStore } from '@duban/inbox';
import { createTestApp, loginAs, type TestApp } from './support/test-app';
import { SEED_TABLE, seedUnitsAndUsers } from './support/seed-helpers';
import { startWorker, waitFor, type WorkerProcess } from './support/worker-process';
import { mailHeader, startDingTalkRobot, startSmtpServer, startTencentSms, startWeComRobot } from './support/notice-receivers';

const KEY = '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0';
const DINGTALK_SECRET = 'SECb6c3a1f0e0d9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4';
const SMS_ID = 'AKIDduban0000000000000000000000000000';
const WINDOW_SECONDS = 4;

interface DeliveryView {
  id: string;
  inboxItemId: string;
  channel: string;
  receiver: string | null;
  url: string;
  state: string;
  attempts: number;
  lastAnswer: string | null;
  holdUntil: string | null;
}

/**
 * Issue 19's "done when", on the simulated clock: the seed's ladder sends reminders to a unit's
 * DingTalk robot, the 督办 notice by e-mail and the interview notice by SMS to the lead unit's head,
 * each once, within the quiet hours; a DingTalk outage and the WeCom robot's rate limit lose nothing
 * and repeat nothing. Real protocol servers on loopback, a real worker process.
 */
describe('notice channels: robots, e-mail and SMS, each notice once, through outages and rate limits', () => {
  jest.setTimeout(120_000);
  let t: TestApp;
  let worker: WorkerProcess;
  let dingtalk: Awaited<ReturnType<typeof startDingTalkRobot>>;
  let wecom: Awaited<ReturnType<typeof startWeComRobot>>;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let sms: Awaited<ReturnType<typeof startTencentSms>>;
  const tokens: Record<string, string> = {};
  let weijian: string;
  let aiweiban: string;
  let headId: string;

  const as = (username: string) => ({
    get: (path: string) => t.http.get(path).set('Authorization', `Bearer ${tokens[username]}`),
    post: (path: string, body: object) => t.http.post(path).set('Authorization', `Bearer ${tokens[username]}`).send(body),
    put: (path: string, body: object) => t.http.put(path).set('Authorization', `Bearer ${tokens[username]}`).send(body),
    delete: (path: string) => t.http.delete(path).set('Authorization', `Bearer ${tokens[username]}`),
  });
  const deliveries = async (query: string): Promise<DeliveryView[]> =>
    (await as('admin').get(`/api/v1/admin/deliveries?limit=200&${query}`).expect(200)).body as DeliveryView[];
  const moveClock = (now: string) => as('admin').post('/api/v1/admin/clock', { now }).expect(200);
  const noticesOf = async (unitId: string, where = 'TRUE'): Promise<string[]> => {
    const rows: { id: string }[] = await t.dataSource.query(
      `SELECT id::text FROM inbox_items WHERE unit_id = $1 AND kind IN ('notice','interview') AND ${where} ORDER BY id`,
      [unitId],
    );
    return rows.map((row) => row.id);
  };
  /** a probe of what the loopback servers received, for waitFor */
  const until = (probe: () => boolean) => () => Promise.resolve(probe());

  beforeAll(async () => {
    dingtalk = await startDingTalkRobot('dt-weijian-token', DINGTALK_SECRET);
    wecom = await startWeComRobot('wecom-aiweiban-key', 20, WINDOW_SECONDS * 1_000);
    smtp = await startSmtpServer();
    sms = await startTencentSms(SMS_ID);
    // the api and the worker read these (the worker inherits this process's environment)
    Object.assign(process.env, {
      CHANNEL_SECRET_KEY: KEY,
      SMTP_URL: smtp.url,
      MAIL_FROM: '督查室 <duchashi@ordos.example.gov.cn>',
      SMS_URL: `tencent+http://${SMS_ID}:sms-secret-key-0123456789@${sms.host}?sdkAppId=1400000001&sign=鄂尔多斯督查&template=100001`,
      ROBOT_RATE_WINDOW_SECONDS: String(WINDOW_SECONDS),
      // a failed delivery is retried after 1 s, 2 s, 4 s … here, not 5 s, 10 s, 20 s …
      DELIVERY_RETRY_SECONDS: '1',
    });
    t = await createTestApp({ simulatedClock: true, now: '2022-11-01T02:00:00Z' });
    await seedUnitsAndUsers(t);
    for (const username of ['admin', 'weijian']) tokens[username] = await loginAs(t.http, username);
    const plan = await as('admin').post('/api/v1/plans/import', { content: SEED_TABLE, planStart: '2021-01-01' }).expect(200);
    // the plan's routes: the ladder to the unit's robot, 督办 by e-mail too, 约谈 by SMS to the lead unit's head, other notices to WeCom
    const unit = (channel: string) => ({ channel, to: 'unit' });
    const policy = await as('admin')
      .put(`/api/v1/plans/${plan.body.planId}/policy`, {
        notices: {
          routes: {
            reminder: [unit('dingtalk')],
            urge: [unit('dingtalk')],
            supervise: [unit('dingtalk'), unit('email')],
            interview: [{ channel: 'sms', to: 'lead_unit_heads' }],
            order_reminder: [],
            order_overdue: [],
            report_request: [],
            report_overdue: [],
            contribution_overdue: [],
            notice: [unit('wecom')],
          },
        },
      })
      .expect(200);
    expect(policy.body.policy.notices.quietHours).toEqual({ start: '22:00', end: '07:30' });
    const units: { id: string; name: string }[] = await t.dataSource.query('SELECT id::text, name FROM units');
    weijian = units.find((u) => u.name === '市卫生健康委员会')!.id;
    aiweiban = units.find((u) => u.name === '市爱国卫生运动委员会办公室')!.id;
    // the health commission's head, a demo user of the seed
    const [head]: { id: string }[] = await t.dataSource.query(
      `SELECT id::text FROM users WHERE username = 'weijian.head' AND unit_id = $1 AND 'unit_head' = ANY(roles)`,
      [weijian],
    );
    headId = head.id;
    worker = startWorker(t.config);
  });
  afterAll(async () => {
    if (worker && worker.child.exitCode === null && worker.child.signalCode === null) await worker.stop();
    for (const server of [dingtalk.server, wecom.server, sms.server]) await new Promise<void>((resolve) => server.close(() => resolve()));
    await new Promise<void>((resolve) => smtp.server.close(() => resolve()));
    await t.close();
  });

  it('lets admins set channels, checks every address, and never returns or stores a secret in clear', async () => {
    const path = `/api/v1/units/${weijian}/channels`;
    const refused = await as('admin')
      .put(path, {
        channels: [
          { channel: 'dingtalk', address: 'https://example.test/no-token' },
          { channel: 'sms', address: '12345' },
        ],
      })
      .expect(400);
    expect(refused.body.code).toBe('invalid_channel');
    expect(refused.body.message).toEqual(
      expect.arrayContaining([
        expect.stringContaining('channels[0].address must be a DingTalk robot’s webhook URL'),
        expect.stringContaining('channels[0].secret is required'),
        expect.stringContaining('channels[1].address must be a mainland mobile number'),
      ]),
    );
    await as('weijian').put(path, { channels: [] }).expect(403);
    await as('admin').put('/api/v1/units/999999/channels', { channels: [] }).expect(404);

    const set = await as('admin')
      .put(path, {
        channels: [
          { channel: 'dingtalk', address: dingtalk.url, secret: DINGTALK_SECRET },
          { channel: 'email', address: 'bgs@wjw.ordos.example.gov.cn' },
        ],
      })
      .expect(200);
    expect(set.body).toEqual([
      expect.objectContaining({ channel: 'dingtalk', address: dingtalk.url, hasSecret: true, enabled: true, kinds: [] }),
      expect.objectContaining({ channel: 'email', address: 'bgs@wjw.ordos.example.gov.cn', hasSecret: false }),
    ]);
    // written again without the secret: the stored one is kept
    await as('admin')
      .put(path, {
        channels: [
          { channel: 'dingtalk', address: dingtalk.url },
          { channel: 'email', address: 'bgs@wjw.ordos.example.gov.cn' },
        ],
      })
      .expect(200);
    const read = await as('admin').get(path).expect(200);
    expect((read.body as { hasSecret: boolean }[]).map((c) => c.hasSecret)).toEqual([true, false]);
    expect(JSON.stringify(read.body)).not.toContain(DINGTALK_SECRET);
    const stored: { secret_enc: string }[] = await t.dataSource.query(`SELECT secret_enc FROM notice_channels WHERE secret_enc IS NOT NULL`);
    expect(stored).toHaveLength(1);
    expect(stored[0].secret_enc).toMatch(/^v1\./);
    expect(stored[0].secret_enc).not.toContain(DINGTALK_SECRET);
    const audit = await as('admin').get('/api/v1/admin/security-events?kind=channels_changed').expect(200);
    expect(audit.body.items.length).toBe(2);
    expect(JSON.stringify(audit.body)).not.toContain(DINGTALK_SECRET);

    await as('admin')
      .put(`/api/v1/users/${headId}/channels`, { channels: [{ channel: 'sms', address: '13800000001' }] })
      .expect(200);
    await as('admin')
      .put(`/api/v1/units/${aiweiban}/channels`, { channels: [{ channel: 'wecom', address: wecom.url }] })
      .expect(200);
  });

  it('sends the reminders to the unit’s DingTalk robot, signed, each once', async () => {
    await moveClock('2022-12-31T12:00:00+08:00');
    const reminders = await noticesOf(weijian, `payload->>'step' = 'reminder'`);
    expect(reminders.length).toBeGreaterThanOrEqual(3);
    await waitFor(
      'every reminder delivered to DingTalk',
      async () => (await deliveries(`channel=dingtalk&state=delivered`)).length >= reminders.length,
      30_000,
    );
    const sent = await deliveries('channel=dingtalk');
    expect(sent.map((d) => d.inboxItemId).sort()).toEqual([...reminders].sort());
    expect(sent.every((d) => d.state === 'delivered' && d.attempts === 1 && d.receiver === '市卫生健康委员会')).toBe(true);
    expect(dingtalk.messages.every((m) => m.answered === 0)).toBe(true);
    expect(dingtalk.messages).toHaveLength(reminders.length);
    const texts = dingtalk.messages.map((m) => (m.body.markdown as { text: string }).text);
    expect(texts.every((text) => text.includes('【到期提醒】'))).toBe(true);
    expect(new Set(texts).size).toBe(texts.length);
    // the robot's answer is in the delivery log of the notice
    const log = await deliveries(`inboxItemId=${reminders[0]}`);
    expect(log).toEqual([expect.objectContaining({ channel: 'dingtalk', state: 'delivered', lastAnswer: expect.stringContaining('"errcode":0') })]);
  });

  it('holds the night’s urges in the quiet hours and sends them in the morning', async () => {
    const before = dingtalk.messages.length;
    // the urges are raised as the due day ends, at midnight: in the quiet hours (22:00–07:30)
    await moveClock('2023-01-01T06:00:00+08:00');
    const urges = await noticesOf(weijian, `payload->>'step' = 'urge'`);
    expect(urges.length).toBeGreaterThanOrEqual(1);
    const held = (await deliveries('channel=dingtalk&state=pending')).filter((d) => urges.includes(d.inboxItemId));
    expect(held.map((d) => d.holdUntil)).toEqual(urges.map(() => '2022-12-31T23:30:00.000Z'));
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(dingtalk.messages.length).toBe(before);
    await moveClock('2023-01-01T08:00:00+08:00');
    await waitFor(
      'the urges sent in the morning',
      until(() => dingtalk.messages.length === before + urges.length),
      20_000,
    );
    expect(dingtalk.messages.slice(before).every((m) => (m.body.markdown as { text: string }).text.includes('【催办】'))).toBe(true);
  });

  it('sends the 督办 notice by e-mail and, through a DingTalk outage, to the robot once it is back', async () => {
    // the office's own 督办 letter, checked and previewed before use
    const template = '/api/v1/admin/templates/supervise/email';
    expect((await as('admin').get(template).expect(200)).body).toMatchObject({ kind: 'supervise', channel: 'email', isDefault: true });
    const bad = await as('admin').put(template, { subject: '{title}', body: '第{seq}项 {deadline}' }).expect(400);
    expect(bad.body.code).toBe('invalid_template');
    await as('weijian').put(template, { subject: 'x', body: 'y' }).expect(403);
    const letter = { subject: '【督办函】第{seq}项：{step}', body: '{unitName}：\n{title}\n期限：{dueOn}\n{link}' };
    const preview = await as('admin').post(`${template}/preview`, letter).expect(200);
    expect(preview.body).toEqual({ subject: '【督办函】第28项：督办', body: expect.stringContaining('市卫生健康委员会：') });
    await as('admin').put(template, letter).expect(200);
    expect((await as('admin').get(template).expect(200)).body).toMatchObject({ ...letter, isDefault: false });

    const before = dingtalk.messages.filter((m) => m.answered === 0).length;
    dingtalk.state.down = true;
    await moveClock('2023-01-16T08:00:00+08:00');
    const supervise = await noticesOf(weijian, `payload->>'step' = 'supervise'`);
    expect(supervise.length).toBeGreaterThanOrEqual(1);
    await waitFor(
      'the 督办 mails received',
      until(() => smtp.mails.length >= supervise.length),
      30_000,
    );
    await waitFor(
      'a failed attempt on DingTalk',
      until(() => dingtalk.messages.some((m) => m.answered === 'outage')),
      20_000,
    );
    dingtalk.state.down = false;
    await waitFor(
      'the 督办 notices on DingTalk after the outage',
      until(() => dingtalk.messages.filter((m) => m.answered === 0).length === before + supervise.length),
      40_000,
    );
    const afterOutage = (await deliveries('channel=dingtalk')).filter((d) => supervise.includes(d.inboxItemId));
    expect(afterOutage.every((d) => d.state === 'delivered' && d.attempts >= 2)).toBe(true);

    expect(smtp.mails).toHaveLength(supervise.length);
    for (const mail of smtp.mails) {
      expect(mail.to).toEqual(['bgs@wjw.ordos.example.gov.cn']);
      expect(mail.from).toBe('duchashi@ordos.example.gov.cn');
      expect(mailHeader(mail.raw, 'Subject')).toMatch(/^【督办函】第\d+项：督办$/);
      expect(mailHeader(mail.raw, 'X-Duban-Delivery')).toMatch(/^\d+$/);
    }
    const mailed = await deliveries('channel=email');
    expect(mailed.every((d) => d.state === 'delivered' && d.attempts === 1 && /^250/.test(d.lastAnswer ?? ''))).toBe(true);
  });

  it('sends the interview notice by SMS to the lead unit’s head at once, even at night (urgent)', async () => {
    // 约谈 is raised at midnight, in the quiet hours: it is urgent and goes at once
    await moveClock('2023-01-31T05:00:00+08:00');
    const interviews: { id: string }[] = await t.dataSource.query(
      `SELECT n.id::text FROM inbox_items n JOIN task_units tu ON tu.task_id = n.task_id AND tu.role = 'lead' AND tu.unit_id = $1
        WHERE n.kind = 'interview'`,
      [weijian],
    );
    expect(interviews.length).toBeGreaterThanOrEqual(1);
    await waitFor(
      'the SMS sent',
      until(() => sms.calls.length >= interviews.length),
      30_000,
    );
    expect(sms.calls).toHaveLength(interviews.length);
    for (const call of sms.calls) {
      expect(call.action).toBe('SendSms');
      expect(call.authorization).toMatch(
        new RegExp(`^TC3-HMAC-SHA256 Credential=${SMS_ID}/\\d{4}-\\d{2}-\\d{2}/[^/]+/tc3_request, SignedHeaders=content-type;host, Signature=[0-9a-f]{64}$`),
      );
      expect(call.body).toMatchObject({ PhoneNumberSet: ['+8613800000001'], SmsSdkAppId: '1400000001', SignName: '鄂尔多斯督查', TemplateId: '100001' });
      expect(call.body.TemplateParamSet[1]).toBe('约谈');
    }
    const texted = await deliveries('channel=sms');
    expect(texted.every((d) => d.state === 'delivered' && d.holdUntil === null && d.receiver === 'weijian.head')).toBe(true);
    expect(texted.map((d) => d.inboxItemId).sort()).toEqual(interviews.map((i) => i.id).sort());
  });

  it('keeps WeCom to 20 messages a window: the rest, and those the robot refuses (45009), are held and sent later, none twice', async () => {
    const inbox = t.app.get(InboxStore);
    const before = wecom.messages.filter((m) => m.answered === 0).length;
    const now = new Date('2023-02-01T10:00:00+08:00');
    await moveClock(now.toISOString());
    // another sender uses 5 of the robot's 20 messages in every window: Duban's own limit (20) is not enough, the robot answers 45009
    wecom.state.otherSender = 5;
    await t.dataSource.transaction((manager) =>
      inbox.notifyAll(
        manager,
        Array.from({ length: 30 }, (_, i) => ({
          unitIds: [aiweiban],
          kind: 'notice' as const,
          taskId: null,
          orderId: null,
          title: `【通知】爱国卫生月第${i + 1}号通知`,
          dueOn: null,
          payload: {},
        })),
        now,
      ),
    );
    const queued = (await deliveries('channel=wecom')).length;
    expect(queued).toBe(30);
    await waitFor('every WeCom message accepted', async () => (await deliveries('channel=wecom&state=delivered')).length === queued, 90_000);
    expect(before).toBe(0);
    const accepted = wecom.messages.filter((m) => m.answered === 0).map((m) => (m.body.markdown as { content: string }).content);
    expect(accepted).toHaveLength(30);
    expect(new Set(accepted).size).toBe(30);
    expect(wecom.messages.some((m) => m.answered === 45009)).toBe(true);
    const perWindow = new Map<number, number>();
    for (const m of wecom.messages.filter((message) => message.answered === 0)) perWindow.set(m.window, (perWindow.get(m.window) ?? 0) + 1);
    expect(Math.max(...perWindow.values())).toBeLessThanOrEqual(15);
    wecom.state.otherSender = 0;
    const all = await deliveries('channel=wecom');
    expect(all.every((d) => d.state === 'delivered')).toBe(true);
    expect(all).toHaveLength(queued);
  });

  it('lists a dead letter and sends it again on an admin’s retry', async () => {
    // the robot refuses for good for a while (93000, as for a wrong key): no retry helps, the delivery is failed at once
    wecom.state.refuse = true;
    const now = new Date('2023-02-01T11:00:00+08:00');
    await moveClock(now.toISOString());
    await t.dataSource.transaction((manager) =>
      t.app
        .get(InboxStore)
        .notifyAll(manager, [{ unitIds: [aiweiban], kind: 'notice', taskId: null, orderId: null, title: '【通知】死信', dueOn: null, payload: {} }], now),
    );
    await waitFor('the dead letter', async () => (await deliveries('channel=wecom&state=failed')).length === 1, 20_000);
    const [dead] = await deliveries('channel=wecom&state=failed');
    expect(dead).toMatchObject({ attempts: 1, lastAnswer: expect.stringContaining('93000') });
    await as('admin').post('/api/v1/admin/deliveries/999999/retry', {}).expect(404);
    const sentOne = (await deliveries('channel=wecom&state=delivered'))[0];
    await as('admin').post(`/api/v1/admin/deliveries/${sentOne.id}/retry`, {}).expect(409);
    wecom.state.refuse = false;
    await as('admin').post(`/api/v1/admin/deliveries/${dead.id}/retry`, {}).expect(204);
    await waitFor('the retried letter delivered', async () => (await deliveries(`inboxItemId=${dead.inboxItemId}`))[0].state === 'delivered', 20_000);
    expect(wecom.messages.filter((m) => m.answered === 0 && (m.body.markdown as { content: string }).content.includes('死信'))).toHaveLength(1);
  });

  it('resets an admin’s template to the channel’s default, and previews the default', async () => {
    const template = '/api/v1/admin/templates/supervise/email';
    await as('weijian').delete(template).expect(403);
    const reset = await as('admin').delete(template).expect(200);
    expect(reset.body).toMatchObject({ kind: 'supervise', channel: 'email', isDefault: true });
    expect(reset.body.subject).not.toContain('督办函');
    expect((await as('admin').get(template).expect(200)).body).toEqual(reset.body);
    expect((await as('admin').post(`${template}/preview`, {}).expect(200)).body.subject).not.toContain('督办函');
    // resetting a default is no error
    await as('admin').delete(template).expect(200);
    await as('admin').delete('/api/v1/admin/templates/nonsense/email').expect(400);
  });
});
