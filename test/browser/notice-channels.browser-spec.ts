import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { InboxStore } from '@duban/inbox';
import { createTestApp, type TestApp } from '../support/test-app';
import { startDingTalkRobot } from '../support/notice-receivers';
import { seedUnitsAndUsers } from '../support/seed-helpers';
import { ConsoleBrowser, labelledScreenshot } from './browser-pages';
import { startWorker, type WorkerProcess } from '../support/worker-process';

const SHOTS = join(__dirname, '..', '..', 'test-artifacts', 'screenshots');
const KEY = '1f2e3d4c5b6a79887796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f1';
const SECRET = 'SECa1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9';
const UNIT = '市卫生健康委员会';
const TITLE = '【通知】请于本周五前报送第一季度进展';
/** the simulated clock's time: 10:00 in Beijing, outside the quiet hours */
const NOW = new Date('2022-11-01T02:00:00Z');

/**
 * The notice channels through the console, in Debian's headless Chromium, against a loopback
 * DingTalk robot that checks the 加签 signature and a real worker: the admin writes the robot's
 * template with a preview, sets the unit's robot with a mistyped secret (write-only: never shown
 * again), sees the notice fail in the delivery log as a dead letter with the robot's answer, corrects
 * the secret, sends the dead letter again, and sees it delivered — once, in the admin's template.
 */
jest.setTimeout(180_000);

describe('the notice channels’ screens, in a real browser', () => {
  let t: TestApp;
  let browser: ConsoleBrowser;
  let worker: WorkerProcess;
  let robot: Awaited<ReturnType<typeof startDingTalkRobot>>;
  const saved = { CHANNEL_SECRET_KEY: process.env.CHANNEL_SECRET_KEY, DELIVERY_RETRY_SECONDS: process.env.DELIVERY_RETRY_SECONDS };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    robot = await startDingTalkRobot('dt-console-token', SECRET);
    // the api and the worker read these (the worker inherits this process's environment)
    Object.assign(process.env, { CHANNEL_SECRET_KEY: KEY, DELIVERY_RETRY_SECONDS: '1' });
    t = await createTestApp({ simulatedClock: true, now: NOW.toISOString() });
    await seedUnitsAndUsers(t);
    browser = await ConsoleBrowser.open(t.app);
    worker = startWorker(t.config);
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await t?.close();
    robot?.server.close();
    for (const [name, value] of Object.entries(saved))
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
  });

  const signIn = (username: string): Promise<Page> => browser.signIn(username);
  const shot = (page: Page, name: string) => labelledScreenshot(page, name, join(SHOTS, `${name}.png`), true);
  const subnav = (page: Page, name: string) => page.getByRole('navigation', { name: '通知管理' }).getByRole('link', { name }).click();
  const unitChannels = async (page: Page) => {
    await subnav(page, '通知渠道');
    await page.locator('#channels-owner-id').selectOption({ label: UNIT });
    await page.getByRole('form', { name: '通知渠道' }).waitFor();
  };
  /** the notice's rows in the delivery log, in one state or any */
  const rows = (page: Page, state?: string) =>
    page
      .getByTestId('deliveries-table')
      .locator(`[data-testid="delivery-row"]${state ? `[data-state="${state}"]` : ''}`)
      .filter({ hasText: TITLE });

  it('sets a unit’s DingTalk robot, shows the dead letter a wrong secret makes, and delivers it on retry', async () => {
    const admin = await signIn('admin');
    await admin.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '管理' }).click();

    // the robot's template for notices, previewed with the sample notice, then saved
    await subnav(admin, '通知模板');
    await admin.getByLabel('通知类型').selectOption({ label: '通知' });
    await admin.getByLabel('渠道', { exact: true }).selectOption({ label: '钉钉机器人' });
    await admin.getByTestId('template-origin').filter({ hasText: '默认模板' }).waitFor();
    await admin.getByLabel('正文').fill('{unitName}：{title}（期限{dueOn}）{bad}');
    await admin.getByRole('button', { name: '预览' }).click();
    await admin.getByRole('alert').filter({ hasText: '{bad}' }).waitFor();
    await admin.getByLabel('正文').fill('{unitName}：{title}（督查室控制台模板）');
    await admin.getByRole('button', { name: '预览' }).click();
    await admin.getByTestId('template-preview').filter({ hasText: '市卫生健康委员会：【督办】第28项' }).waitFor();
    await admin.getByRole('button', { name: '保存模板' }).click();
    await admin.getByTestId('template-origin').filter({ hasText: '管理员自定义' }).waitFor();
    await shot(admin, '20-admin-templates');

    // the unit's robot, its secret mistyped
    await unitChannels(admin);
    await admin.getByRole('button', { name: '＋ 添加渠道' }).click();
    const row = admin.getByTestId('channel-row').first();
    await row.getByLabel('渠道类型').selectOption('dingtalk');
    await row.getByLabel('地址').fill(robot.url);
    await row.getByLabel('密钥').fill(`${SECRET.slice(0, -1)}0`);
    await row.getByLabel('到期提醒').check();
    await row.getByLabel('通知', { exact: true }).check();
    await admin.getByRole('button', { name: '保存渠道' }).click();
    await admin.getByText(`已保存${UNIT}的 1 个通知渠道`).waitFor();
    // write-only: the secret is gone from the page, and stored encrypted
    await row.getByText('已保存密钥').waitFor();
    expect(await row.getByLabel('密钥').inputValue()).toBe('');
    expect(await admin.content()).not.toContain(SECRET.slice(0, 20));
    const [stored] = await t.dataSource.query(`SELECT secret_enc FROM notice_channels`);
    expect(stored.secret_enc).toMatch(/^v1\./);
    expect(stored.secret_enc).not.toContain(SECRET.slice(0, 20));
    await shot(admin, '21-admin-channels');

    // a notice to the unit: the robot refuses the signature (310000), the delivery is a dead letter at once
    const [{ id: unitId }] = await t.dataSource.query(`SELECT id::text FROM units WHERE name = $1`, [UNIT]);
    await t.dataSource.transaction((manager) =>
      t.app
        .get(InboxStore)
        .notifyAll(manager, [{ unitIds: [unitId], kind: 'notice', taskId: null, orderId: null, title: TITLE, dueOn: null, payload: {} }], NOW),
    );
    await subnav(admin, '发送记录');
    await admin.getByLabel('单位').selectOption({ label: UNIT });
    await rows(admin, 'failed').waitFor({ timeout: 30_000 });
    await rows(admin).filter({ hasText: '310000' }).filter({ hasText: '钉钉机器人' }).waitFor();
    await admin.getByLabel('状态').selectOption({ label: '失败（死信）' });
    expect(admin.url()).toContain('state=failed');
    await shot(admin, '22-admin-deliveries-dead-letter');

    // the secret corrected (the address kept), then the dead letter sent again
    await unitChannels(admin);
    await row.getByText('已保存密钥').waitFor();
    await row.getByLabel('密钥').fill(SECRET);
    await admin.getByRole('button', { name: '保存渠道' }).click();
    await admin.getByText(`已保存${UNIT}的 1 个通知渠道`).waitFor();
    await subnav(admin, '发送记录');
    await admin.getByLabel('状态').selectOption({ label: '失败（死信）' });
    await rows(admin).getByRole('button', { name: '重新发送' }).click();
    await admin.getByText(/已重新排队发送/).waitFor();
    await admin.getByLabel('状态').selectOption({ label: '全部' });
    await rows(admin, 'delivered').waitFor({ timeout: 30_000 });
    await shot(admin, '23-admin-deliveries-delivered');

    const accepted = robot.messages.filter((m) => m.answered === 0);
    expect(accepted).toHaveLength(1);
    expect((accepted[0].body.markdown as { text: string }).text).toBe(`${UNIT}：${TITLE}（督查室控制台模板）`);
    expect(robot.messages.filter((m) => m.answered === 310000)).toHaveLength(1);
    // a worker round or two later, still nothing more
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(robot.messages).toHaveLength(2);

    // the template back to the channel's default
    await subnav(admin, '通知模板');
    await admin.getByLabel('通知类型').selectOption({ label: '通知' });
    await admin.getByTestId('template-origin').filter({ hasText: '管理员自定义' }).waitFor();
    await admin.getByRole('button', { name: '恢复默认' }).click();
    await admin.getByText('已恢复为默认模板。').waitFor();
    await admin.getByTestId('template-origin').filter({ hasText: '默认模板' }).waitFor();
    expect(await admin.getByLabel('正文').inputValue()).not.toContain('控制台模板');
  });
});
