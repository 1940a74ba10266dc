import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../support/test-app';
import { seedUnitsAndUsers } from '../support/seed-helpers';

/**
 * A leader's instruction through the console, in Debian's headless Chromium: on Monday 2024-09-30 (the
 * api's simulated clock, and the browser's) an inspector opens a ledger (批示件台账), creates a task with a
 * term of 3 working days (shown due 2024-10-10 before it is sent: the National Day week skipped), finds
 * it in the ledger by its 文号, edits it with a reason (a refused edit shows the api's reason), cancels it
 * with a reason and sees it listed as 已撤销.
 */
jest.setTimeout(120_000);

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = join(__dirname, '..', '..', 'test-artifacts', 'screenshots');
const NOW = '2024-09-30T02:00:00Z';
const DOC_NO = '鄂府办批〔2024〕12号';

describe('the instructions ledger, in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];
  /** what Chromium reported blocked by the Content-Security-Policy (the calendar is a chunk loaded on demand) */
  const blockedByCsp: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await createTestApp({ simulatedClock: true, now: NOW });
    await seedUnitsAndUsers(t);
    const server = await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--lang=zh-CN', '--disable-gpu', '--no-first-run'] });
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  async function signIn(username: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    contexts.push(context);
    // the browser's today is the api's: the page computes the due day before sending
    await context.clock.setFixedTime(new Date(NOW));
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) blockedByCsp.push(message.text());
    });
    await page.goto(`${base}/`);
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(TEST_PASSWORD);
    await page.getByLabel('密码').press('Enter');
    await page.getByRole('navigation', { name: '主导航' }).waitFor();
    return page;
  }
  const sees = (locator: Locator, text: string | RegExp) => locator.filter({ hasText: text }).first().waitFor();
  const nav = (page: Page, name: string) =>
    page
      .getByRole('navigation', { name: '主导航' })
      .getByRole('link', { name: new RegExp(`^${name}`) })
      .click();
  const ledgerRow = (page: Page) => page.getByTestId('ledger-row').filter({ hasText: DOC_NO });

  it('creates an instruction due in 3 working days, lists it in the ledger, edits and cancels it with reasons', async () => {
    const inspector = await signIn('inspector');
    await nav(inspector, '台账');
    await inspector.getByRole('heading', { name: '批示件台账' }).waitFor();
    await inspector.getByRole('link', { name: '新建任务' }).click();

    // a new ledger plan, made from the form
    await inspector.getByLabel('台账名称').fill('2024年领导批示件台账');
    await inspector.getByLabel('台账起始日期').fill('2024-01-01');
    await inspector.getByRole('button', { name: '创建台账' }).click();
    await sees(inspector.getByLabel('台账'), '2024年领导批示件台账');

    const form = inspector.getByRole('form', { name: '新建任务' });
    await form.getByLabel('任务内容').fill('对市民反映的公厕保洁问题进行督查，3个工作日内报送整改情况');
    await form.getByLabel('牵头单位', { exact: true }).selectOption({ label: '市卫生健康委员会' });
    await form.getByLabel('责任单位（可选）').selectOption({ label: '市民政局' });
    await form.getByLabel('期限（工作日）').fill('3');
    await sees(inspector.getByTestId('due-preview'), '2024-10-10');
    await form.getByLabel('来源类型').selectOption('instruction');
    await form.getByLabel('文号').fill(DOC_NO);
    await form.getByLabel('批示（交办）人').fill('市政府主要领导');
    await form.getByLabel('批示（交办）日期').fill('2024-09-29');
    await form.getByLabel('缓急').selectOption('urgent');
    await inspector.screenshot({ path: join(SHOTS, 'ledger-01-new-task.png'), fullPage: true });
    await form.getByRole('button', { name: '创建任务' }).click();

    // the new task's page: assigned, due on the day the preview showed
    await inspector.waitForURL(/\/tasks\/\d+$/);
    await sees(inspector.getByTestId('task-state'), '已交办');
    await sees(inspector.locator('.facts'), '2024-10-10');
    await sees(inspector.getByTestId('task-source'), `领导批示 · ${DOC_NO} · 市政府主要领导（2024-09-29）`);
    const taskUrl = inspector.url();

    // the ledger lists it by its source; another source kind does not
    await nav(inspector, '台账');
    await sees(ledgerRow(inspector), /领导批示.*市政府主要领导.*公厕保洁.*市卫生健康委员会.*紧急.*2024-10-10.*已交办/);
    await inspector.getByLabel('来源类型').selectOption('meeting');
    await inspector.getByText('台账中暂无“会议决定”类任务。').waitFor();
    expect(await ledgerRow(inspector).count()).toBe(0);
    await inspector.getByLabel('来源类型').selectOption('instruction');
    await ledgerRow(inspector).getByRole('link').click();
    await inspector.waitForURL(taskUrl);

    // an edit without a reason cannot be sent; one the api refuses shows its reason; then one that it takes
    await inspector.getByRole('button', { name: '修改任务' }).click();
    const edit = inspector.getByRole('form', { name: '修改任务' });
    await edit.getByLabel('任务内容').fill('对市民反映的公厕保洁、除臭问题进行督查，报送整改情况');
    await edit.getByLabel('截止日期').fill('2024-09-01');
    expect(await edit.getByRole('button', { name: '保存修改' }).isDisabled()).toBe(true);
    await edit.getByLabel('修改理由（写入审计记录）').fill('领导补充批示：增加除臭要求');
    await edit.getByRole('button', { name: '保存修改' }).click();
    await sees(edit.getByRole('alert'), '截止日期不能早于今天（2024-09-30）');
    await edit.getByLabel('截止日期').fill('2024-10-15');
    await edit.getByRole('button', { name: '保存修改' }).click();
    await inspector.getByText('已修改任务，修改理由已写入办理记录。').waitFor();
    await sees(inspector.getByTestId('task-text'), '除臭');
    await sees(inspector.locator('.facts'), '2024-10-15');

    // cancelling needs a reason: the refusal is shown, then the reason is given
    await inspector.getByRole('button', { name: '撤销任务' }).click();
    const cancel = inspector.getByRole('form', { name: '撤销任务' });
    await cancel.getByRole('button', { name: '撤销任务' }).click();
    await cancel.locator('.field-error, [role=alert]').first().waitFor();
    await cancel.getByLabel('撤销理由（写入审计记录）').fill('已并入市政府常务会议决定事项办理');
    await cancel.getByRole('button', { name: '撤销任务' }).click();
    await sees(inspector.getByTestId('task-state'), '已撤销');
    // a cancelled task has no light: no colour on its page, and 已撤销 where the task list shows a light
    expect(await inspector.locator('.light-green, .light-yellow, .light-red').count()).toBe(0);
    // the audit trail keeps the edit's reason, and what was changed from what
    const trail = inspector.locator('.panel').filter({ hasText: '办理记录' });
    await sees(trail, /修改任务.*领导补充批示：增加除臭要求/);
    await sees(trail, /修改前任务内容[^修]*3个工作日内[^修]*期限2024-10-10/);
    await sees(trail, /修改后任务内容[^修]*除臭[^修]*期限2024-10-15/);
    await inspector.screenshot({ path: join(SHOTS, 'ledger-02-cancelled.png'), fullPage: true });

    // still in the ledger, as 已撤销
    await nav(inspector, '台账');
    await sees(ledgerRow(inspector), /除臭.*2024-10-15.*已撤销/);
    await nav(inspector, '任务');
    const listed = inspector.getByTestId('task-table').locator('tr').filter({ hasText: '除臭' });
    await sees(listed.locator('.light-none'), '已撤销');
    expect(await listed.locator('.light-green, .light-yellow, .light-red').count()).toBe(0);
    await nav(inspector, '台账');
    await sees(ledgerRow(inspector), '已撤销');
    await inspector.screenshot({ path: join(SHOTS, 'ledger-03-ledger.png'), fullPage: true });
    expect(blockedByCsp).toEqual([]);
  });
});
