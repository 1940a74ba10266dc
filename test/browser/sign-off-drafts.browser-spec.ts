import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { createTestApp, loginAs, type TestApp } from '../support/test-app';
import { planLookups, SEED_TABLE, seedUnitsAndUsers } from '../support/seed-helpers';
import { ConsoleBrowser, labelledScreenshot } from './browser-pages';

/**
 * Sign-off of a progress report in the console, in Debian's headless Chromium: with the plan's signOff
 * listing REPORT_PROGRESS, the health commission's officer reports (through the api), and its head opens
 * the task page: the drafts panel shows who drafted what; the head returns it with a reason (the panel
 * shows the reason), the officer drafts again and the head approves it (签发): the report is sent.
 */
jest.setTimeout(120_000);

const SHOTS = join(__dirname, '..', '..', 'test-artifacts', 'screenshots');
const SEQ = 28; // led by the health commission (weijian)
const CHAIN_SEQ = 25; // led by the health commission too

describe('the drafts panel on the task page, in a real browser', () => {
  let t: TestApp;
  let browser: ConsoleBrowser;
  let base: string;
  let taskId: string;
  let planId: string;
  let chainTaskId: string;
  const tokens: Record<string, string> = {};

  const api = (username: string, path: string, body: object) =>
    t.http.post(`/api/v1${path}`).set('Authorization', `Bearer ${tokens[username]}`).send(body).expect(200);

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await createTestApp({ now: '2021-03-01T02:00:00Z' });
    await seedUnitsAndUsers(t);
    for (const username of ['admin', 'weijian', 'inspector']) tokens[username] = await loginAs(t.http, username);
    const imported = await api('admin', '/plans/import', { content: SEED_TABLE, planStart: '2021-01-01' });
    planId = (imported.body as { planId: string }).planId;
    const lookups = await planLookups(t, planId);
    taskId = lookups.taskId(SEQ);
    chainTaskId = lookups.taskId(CHAIN_SEQ);
    await t.http
      .put(`/api/v1/plans/${planId}/policy`)
      .set('Authorization', `Bearer ${tokens.admin}`)
      .send({ signOff: { submissions: ['REPORT_PROGRESS'] } })
      .expect(200);
    await api('weijian', `/tasks/${taskId}/events`, { type: 'START', payload: {} });
    await api('weijian', `/tasks/${taskId}/events`, { type: 'REPORT_PROGRESS', payload: { percent: 30, summary: '一季度监测（草稿）' } });
    browser = await ConsoleBrowser.open(t.app);
    base = browser.base;
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const signIn = (username: string): Promise<Page> => browser.signIn(username);
  const sees = (locator: Locator, text: string | RegExp) => locator.filter({ hasText: text }).first().waitFor();

  it('shows the draft to the officer without buttons, and lets the unit head return it with a reason and approve the next', async () => {
    const officer = await signIn('weijian');
    await officer.goto(`${base}/tasks/${taskId}`);
    const officerPanel = officer.getByTestId('drafts-panel');
    await sees(officerPanel, /市卫生健康委员会.*进展报告.*完成 30%.*一季度监测（草稿）.*马丽娟.*待签发/);
    expect(await officerPanel.getByRole('button', { name: '审核通过并报送' }).count()).toBe(0);

    // the head finds it in the sign-off queue of the inbox page, which leads to the task page
    const head = await signIn('weijian.head');
    await head.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: /^待办/ }).click();
    await head.getByTestId('sign-off-drafts').getByRole('link').first().click();
    await head.waitForURL(new RegExp(`/tasks/${taskId}$`));
    const panel = head.getByTestId('drafts-panel');
    await sees(panel, '一季度监测（草稿）');
    await panel.getByRole('button', { name: '退回' }).click();
    await panel.getByLabel('退回理由').fill('请补充监测数据');
    await labelledScreenshot(head, 'sign-off-drafts-01-return', join(SHOTS, 'sign-off-drafts-01-return.png'), true);
    await panel.getByRole('button', { name: '确认退回' }).click();
    await head.getByText('市卫生健康委员会的进展报告已退回承办人。').waitFor();
    await sees(panel.locator('tr[data-status=returned]'), '退回理由：请补充监测数据');

    await api('weijian', `/tasks/${taskId}/events`, { type: 'REPORT_PROGRESS', payload: { percent: 35, summary: '一季度监测覆盖全部旗区' } });
    await head.reload();
    const pending = head.getByTestId('drafts-panel').locator('tr[data-status=pending]');
    await sees(pending, '一季度监测覆盖全部旗区');
    await pending.getByRole('button', { name: '审核通过并报送' }).click();
    await head.getByText('市卫生健康委员会的进展报告已签发报送。').waitFor();
    await sees(head.getByTestId('drafts-panel').locator('tr[data-status=approved]'), '已签发报送');
    // the audit trail: the report is sent after the head's sign-off
    const trail = head.locator('.panel').filter({ hasText: '办理记录' });
    await sees(trail, '起草进展（待签发）');
    await sees(trail, '审核签发');
    await sees(trail, '报送进展');
    await head.screenshot({ path: join(SHOTS, 'sign-off-drafts-02-approved.png'), fullPage: true });
  });

  it('runs a plan with sign-off and a two-step 销号 chain: the head signs the self-assessment off in the queue, the inspector passes, the office head closes with a grade', async () => {
    await t.http
      .put(`/api/v1/plans/${planId}/policy`)
      .set('Authorization', `Bearer ${tokens.admin}`)
      .send({
        signOff: { submissions: ['REPORT_PROGRESS', 'SUBMIT_SELF_ASSESSMENT'] },
        closeOut: { steps: [{ title: '督查室主任审核', role: 'office_head', termDays: 3, returnTo: 'previous' }], gradeRequired: true },
      })
      .expect(200);
    await api('weijian', `/tasks/${chainTaskId}/events`, { type: 'START', payload: {} });
    const evidence = [{ title: '验收报告', url: 'https://example.org/r.pdf' }];
    await api('weijian', `/tasks/${chainTaskId}/events`, {
      type: 'SUBMIT_SELF_ASSESSMENT',
      payload: { rating: 'completed', summary: '监测网络覆盖全部旗区', evidence },
    });

    // the head of the lead unit: the self-assessment waits in the sign-off queue of the inbox page
    const head = await signIn('weijian.head');
    await head.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: /^待办/ }).click();
    const row = head.getByTestId('sign-off-row').filter({ hasText: `第${CHAIN_SEQ}项` });
    await row.getByRole('button', { name: '审核通过并报送' }).click();
    await head.getByText(`第${CHAIN_SEQ}项的自评已签发报送。`).waitFor();

    // the inspector's verdict: the task enters the chain
    const inspector = await signIn('inspector');
    await inspector.goto(`${base}/tasks/${chainTaskId}`);
    await inspector.getByRole('button', { name: '督查评定' }).click();
    const inspect = inspector.getByRole('form', { name: '督查评定' });
    await inspect.getByLabel('通过', { exact: true }).check();
    await inspect.getByLabel('督查意见').fill('监测点位齐全');
    await inspect.getByRole('button', { name: '督查评定' }).click();
    await inspector.getByText('已督查评定：任务现为“销号审批中”。').waitFor();

    // the supervision office's head: the chain's last step, with the grade
    const officeHead = await signIn('ducha.head');
    await officeHead.goto(`${base}/tasks/${chainTaskId}`);
    await sees(officeHead.getByTestId('close-out-chain'), /督查室主任审核.*办理中/);
    await officeHead.getByRole('button', { name: '销号审批通过' }).click();
    const approve = officeHead.getByRole('form', { name: '销号审批通过' });
    await approve.getByLabel('良好').check();
    await approve.getByRole('button', { name: '销号审批通过' }).click();
    await officeHead.getByText('已销号审批通过：任务现为“已办结”。').waitFor();
    await sees(officeHead.getByTestId('close-out-chain'), '销号流程（评定：良好）');
    await officeHead.screenshot({ path: join(SHOTS, 'sign-off-drafts-03-chain-closed.png'), fullPage: true });
  });
});
