import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { createTestApp, loginAs, TEST_PASSWORD, type TestApp } from '../support/test-app';
import { jpegWithGps, pdf } from '../support/attachment-files';
import { seedUnitsAndUsers } from '../support/seed-helpers';
import { labelledScreenshot, logIn } from './browser-pages';
import { printedTableBlocks, writeDocx } from '../support/office-documents';

const INJECTION = `销号 <img src=x onerror="window.injected=1"><script>window.injected=2</script> '; DROP TABLE tasks; --`;

/**
 * The whole story through the console, in Debian's headless Chromium: the admin imports the table (as
 * the Word document an office receives, merged cells as printed),
 * the lead officer starts, reports, self-assesses (refused without evidence, then accepted), the
 * inspector fails it and issues an order, the unit submits, the inspector passes and closes, and
 * the dashboard's counts move. Screenshots of every page go to test-artifacts/screenshots.
 */
jest.setTimeout(120_000);

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SEED = join(__dirname, '..', '..', 'seeds', 'ordos-patriotic-health-task-table.txt');
const SHOTS = join(__dirname, '..', '..', 'test-artifacts', 'screenshots');

describe('the console, in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];
  /** what Chromium reported blocked by the Content-Security-Policy, in any page */
  const blockedByCsp: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
    mkdirSync(SHOTS, { recursive: true });
    t = await createTestApp({ simulatedClock: true, now: '2021-03-01T02:00:00Z' });
    await seedUnitsAndUsers(t);
    const server = await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--lang=zh-CN',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  /** A browser window of its own (its own cookies and memory) for one user, signed in through the login page. */
  async function signIn(username: string, width = 1280): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: width > 500 ? 860 : 844 }, locale: 'zh-CN', deviceScaleFactor: 1 });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) blockedByCsp.push(message.text());
    });
    await logIn(page, base, username);
    return page;
  }

  /** Waits until the element shows the text (pages load their data after they render). */
  const sees = (locator: Locator, text: string | RegExp) => locator.filter({ hasText: text }).first().waitFor();
  /** A screenshot of the whole page (at 390 px: the first screen, as a phone shows it), after checking every form control has a label. */
  const shot = (page: Page, name: string) => labelledScreenshot(page, name, join(SHOTS, `${name}.png`), (page.viewportSize()?.width ?? 1280) > 500);
  const nav = (page: Page, name: string) =>
    page
      .getByRole('navigation', { name: '主导航' })
      .getByRole('link', { name: new RegExp(`^${name}`) })
      .click();
  const actionForm = (page: Page, name: string) => page.getByRole('form', { name });
  const stateOf = (page: Page) => page.getByTestId('task-state');

  async function dashboardCounts(page: Page): Promise<Record<string, number>> {
    await nav(page, '统计');
    await page.getByTestId('state-counts').waitFor();
    const counts: Record<string, number> = {};
    for (const key of ['total', 'assigned', 'in_progress', 'self_assessed', 'inspected', 'rectify', 'closed', 'green', 'yellow', 'red']) {
      counts[key] = Number(await page.getByTestId(`count-${key}`).textContent());
    }
    return counts;
  }

  it('serves the console at / with deep links, and leaves the API and health to the api', async () => {
    const deep = await fetch(`${base}/tasks/12345?x=1`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<div id="app">');
    const api = await fetch(`${base}/api/v1/no-such-thing`);
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toMatch(/json/);
    const unauthorized = await fetch(`${base}/api/v1/tasks`);
    expect(unauthorized.status).toBe(401);
    expect(deep.headers.get('content-security-policy')).toMatch(/script-src 'self';.*frame-ancestors 'none'/);
  });

  it('runs the story of task 28 from import to closing through the pages', async () => {
    // the admin imports the table: upload, preview with warnings, confirm
    const admin = await signIn('admin');
    await nav(admin, '管理');
    const seedDocx = await writeDocx(printedTableBlocks(readFileSync(SEED, 'utf8'), { workItem: 1, lead: 3, support: 4 }));
    await admin.getByLabel('选择文件').setInputFiles({
      name: '鄂尔多斯市爱国卫生任务分解表.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: seedDocx,
    });
    await admin.getByLabel('实施起始日期（可选）').fill('2021-01-01');
    await admin.getByRole('button', { name: '预览' }).click();
    const preview = admin.getByTestId('import-preview');
    await sees(preview, /将创建 4 个板块.*45 项任务/);
    await shot(admin, '01-admin-import-preview');
    await admin.getByRole('button', { name: '确认导入' }).click();
    await admin.getByText(/已导入方案 #\d+：45 项任务已交办各牵头单位/).waitFor();
    const before = await dashboardCounts(admin);
    expect(before).toMatchObject({ total: 45, assigned: 45, closed: 0, green: 45 });

    // the lead officer sees the task in 待办, with the unit, role and count in the header
    const lead = await signIn('weijian');
    await sees(lead.getByTestId('user-unit'), /^市卫生健康委员会$/);
    await sees(lead.getByTestId('user-role'), /^经办人$/);
    await lead.getByTestId('inbox-count').waitFor();
    const openCount = Number(await lead.getByTestId('inbox-count').textContent());
    expect(openCount).toBeGreaterThan(0);
    const item = lead.getByTestId('inbox-table').getByRole('row').filter({ hasText: '第28项' });
    await sees(item, '启动任务');
    await sees(item, '绿灯');
    await shot(lead, '02-inbox');
    await item.getByRole('link').first().click();

    // starts it
    await lead.getByRole('heading', { name: /第28项/ }).waitFor();
    await sees(lead.getByTestId('task-text'), '健康素养');
    await lead.getByRole('button', { name: '启动办理' }).click();
    await actionForm(lead, '启动办理').getByRole('button', { name: '启动办理' }).click();
    await lead.getByText('已启动办理：任务现为“办理中”。').waitFor();
    await sees(stateOf(lead), /^办理中$/);

    // a responsible unit contributes; the lead sees the answer in the contributions panel and returns it with a reason
    const banner = await signIn('dongsheng');
    await banner.goto(lead.url());
    await banner.getByRole('button', { name: '报送配合情况' }).click();
    const contribute = actionForm(banner, '报送配合情况');
    await contribute.getByLabel('配合落实情况').fill('东胜区开展巡讲12场');
    await contribute.getByRole('button', { name: '报送配合情况' }).click();
    await banner.getByText('已报送配合情况：任务现为“办理中”。').waitFor();
    await lead.reload();
    const panel = lead.getByTestId('contributions-panel');
    const dongshengRow = panel.getByRole('row').filter({ hasText: '东胜区人民政府' });
    await sees(dongshengRow, '已报送');
    await sees(panel, /已报 1\/14/);
    await dongshengRow.getByRole('button', { name: '退回' }).click();
    await dongshengRow.getByLabel('退回理由').fill('请补充场次和覆盖人数');
    await shot(lead, '02b-task-contributions');
    await dongshengRow.getByRole('button', { name: '确认退回' }).click();
    await sees(panel.getByRole('row').filter({ hasText: '东胜区人民政府' }), '已退回');
    await sees(panel, '退回理由：请补充场次和覆盖人数');

    // reports progress with an indicator value, the form quoting the period's contributions
    await lead.getByRole('button', { name: '报送进展' }).click();
    const progress = actionForm(lead, '报送进展');
    await sees(progress.getByTestId('quoted-contributions'), '东胜区人民政府（已退回）：东胜区开展巡讲12场');
    await progress.getByLabel('完成进度（%）').fill('40');
    await progress.getByLabel('进展情况').fill('开展健康素养巡讲120场');
    await progress
      .getByLabel(/城乡居民健康素养/)
      .first()
      .fill('24.5');
    await progress.getByLabel('数据截至日期').fill('2021-02-28');
    await progress.getByRole('button', { name: '报送进展' }).click();
    await lead.getByText('已报送进展：任务现为“办理中”。').waitFor();
    await sees(lead.getByTestId('targets'), '24.5%（2021-02-28）');

    // self-assesses: refused without evidence, with the reason shown at the field, then accepted
    await lead.getByRole('button', { name: '提交自评' }).click();
    const assess = actionForm(lead, '提交自评');
    await assess.getByLabel('自评说明').fill('各项工作已完成');
    await assess.getByRole('button', { name: '提交自评' }).click();
    // the sentence beside the evidence list, in Chinese only (the api's English and its field path stay out)
    await assess.getByText('“佐证材料”至少需要一项，请修改后重试。').waitFor();
    expect(await assess.innerText()).not.toMatch(/payload|evidence/);
    await sees(assess.getByRole('alert'), '提交被拒绝');
    await shot(lead, '03-task-self-assessment-refused');
    await assess.getByRole('button', { name: '＋ 添加佐证材料' }).click();
    await assess.getByLabel('材料名称 1').fill('健康素养监测报告');
    await assess.getByLabel('链接（可选）').fill('https://example.org/report.pdf');
    await assess.getByRole('button', { name: '提交自评' }).click();
    await lead.getByText('已提交自评：任务现为“已自评”。').waitFor();
    await sees(lead.getByTestId('timeline'), '健康素养监测报告');

    // the inspector finds it in the queue, fails it
    const inspector = await signIn('inspector');
    await nav(inspector, '督查');
    const queue = inspector.getByTestId('inspection-queue');
    await queue.getByText('第28项').waitFor();
    await shot(inspector, '04-inspection-queue');
    await queue.getByRole('listitem').filter({ hasText: '第28项' }).getByRole('link', { name: '督查评定' }).click();
    await inspector.getByRole('button', { name: '督查评定' }).click();
    const inspect = actionForm(inspector, '督查评定');
    await inspect.getByLabel('不通过').check();
    await inspect.getByLabel('督查意见').fill('AED设置不足');
    await inspect.getByRole('button', { name: '督查评定' }).click();
    await inspector.getByText('已督查评定：任务现为“已督查”。').waitFor();

    // and issues an order from the 整改 page
    await nav(inspector, '整改');
    const pending = inspector.locator('details.to-order').filter({ hasText: '第28项' });
    await pending.locator('summary').click();
    const order = pending.getByRole('form', { name: '下达整改通知' });
    await order.getByLabel('发现的问题').fill('AED设置不足');
    await order.getByLabel('整改要求').fill('补齐公共场所AED设置');
    await order.getByLabel('整改期限').fill('2021-04-30');
    await order.getByRole('button', { name: '下达整改通知' }).click();
    await inspector.getByText('已向第28项下达整改通知书。').waitFor();
    await inspector.locator('[data-order-state="issued"]').filter({ hasText: '市卫生健康委员会' }).waitFor();

    // the addressed unit sees it in 待办 and submits its rectification
    await nav(lead, '待办');
    await lead.getByTestId('inbox-table').getByRole('row').filter({ hasText: '落实整改' }).first().waitFor();
    await nav(lead, '整改');
    const card = lead.locator('[data-order-state="issued"]');
    await card.getByLabel('整改落实情况').fill('新增AED 200台');
    await card.getByRole('button', { name: '＋ 添加佐证材料' }).click();
    await card.getByLabel('材料名称 1').fill('AED采购验收单');
    await card.getByRole('button', { name: '报送整改' }).click();
    await lead.getByText('整改情况已报送。').waitFor();
    await lead.locator('[data-order-state="submitted"]').waitFor();
    await shot(lead, '05-rectification');

    // the inspector passes and closes
    await nav(inspector, '任务');
    await inspector.getByLabel('搜索', { exact: true }).fill('健康素养');
    await inspector.getByRole('button', { name: '筛选' }).click();
    await inspector.getByTestId('task-table').locator('[data-task-seq="28"]').getByRole('link').click();
    await sees(stateOf(inspector), /^已自评$/);
    await inspector.getByRole('button', { name: '督查评定' }).click();
    const second = actionForm(inspector, '督查评定');
    await second.getByLabel('通过', { exact: true }).check();
    await second.getByLabel('督查意见').fill('整改到位');
    await second.getByRole('button', { name: '督查评定' }).click();
    await inspector.getByText('已督查评定：任务现为“已督查”。').waitFor();
    await inspector.getByRole('button', { name: '销号办结' }).click();
    // markup in user text is shown as text, never run
    await actionForm(inspector, '销号办结').getByLabel('办结意见（可选）').fill(INJECTION);
    await actionForm(inspector, '销号办结').getByRole('button', { name: '销号办结' }).click();
    await inspector.getByText('已销号办结：任务现为“已办结”。').waitFor();
    await sees(inspector.getByTestId('timeline'), '销号办结');
    const timeline = (await inspector.getByTestId('timeline').textContent()) ?? '';
    for (const step of ['启动办理', '报送进展', '提交自评', '督查评定', '下达整改通知', '报送整改', '整改全部报送', '销号办结'])
      expect(timeline).toContain(step);
    expect(timeline).toContain('不通过');
    expect(timeline).toContain(INJECTION);
    expect(await inspector.evaluate('window.injected')).toBeUndefined();
    expect(await inspector.getByTestId('timeline').locator('img, script').count()).toBe(0);
    await shot(inspector, '06-task-detail-closed');

    // the dashboard's counts moved
    const after = await dashboardCounts(admin);
    expect(after).toMatchObject({ total: 45, assigned: 44, closed: 1 });
    expect(after.assigned).toBe(before.assigned - 1);
    await shot(admin, '07-dashboard');

    // the lead's inbox no longer holds the task
    await nav(lead, '待办');
    await lead.getByTestId('inbox-summary').waitFor();
    expect(await lead.getByTestId('inbox-table').getByRole('row').filter({ hasText: '第28项' }).count()).toBe(0);
  });

  it('takes a photo and a PDF as the evidence of a self-assessment, the inspector opens both, another unit is refused the file', async () => {
    // the seed plan's policy: a self-assessment needs a file (the import above set none)
    const adminToken = await loginAs(t.http, 'admin');
    const [{ planId, taskId, seq }]: { planId: string; taskId: string; seq: number }[] = await t.dataSource.query(
      `SELECT t.plan_id::text AS "planId", t.id::text AS "taskId", t.seq FROM tasks t JOIN task_units tu ON tu.task_id = t.id AND tu.role = 'lead'
        JOIN units u ON u.id = tu.unit_id WHERE u.name = '市卫生健康委员会' AND t.state = 'assigned' ORDER BY t.seq LIMIT 1`,
    );
    await t.http
      .put(`/api/v1/plans/${planId}/policy`)
      .set('Authorization', `Bearer ${adminToken}`)
      .send({ evidence: { fileRequiredFor: ['SUBMIT_SELF_ASSESSMENT', 'SUBMIT_RECTIFICATION'] } })
      .expect(200);

    // the lead officer, on a phone: starts the task, and a link alone is refused
    const lead = await signIn('weijian', 390);
    await lead.goto(`${base}/tasks/${taskId}`);
    await lead.getByRole('heading', { name: new RegExp(`第${seq}项`) }).waitFor();
    await lead.getByRole('button', { name: '启动办理' }).click();
    await actionForm(lead, '启动办理').getByRole('button', { name: '启动办理' }).click();
    await lead.getByText('已启动办理：任务现为“办理中”。').waitFor();
    await lead.getByRole('button', { name: '提交自评' }).click();
    const assess = actionForm(lead, '提交自评');
    await assess.getByLabel('自评说明').fill('公厕改造已完成并通过验收');
    await assess.getByRole('button', { name: '＋ 添加佐证材料' }).click();
    await assess.getByLabel('材料名称 1').fill('验收情况说明');
    await assess.getByLabel('链接（可选）').fill('https://example.org/acceptance');
    await assess.getByRole('button', { name: '提交自评' }).click();
    await assess.getByText(/本方案要求至少一项佐证材料为上传的文件/).waitFor();

    // photographs the work (the camera input: image/*, capture) and picks the PDF; both go up with their progress
    const camera = assess.getByLabel('拍照上传');
    expect(await camera.getAttribute('accept')).toBe('image/*');
    expect(await camera.getAttribute('capture')).toBe('environment');
    await camera.setInputFiles({ name: '公厕改造后.jpg', mimeType: 'image/jpeg', buffer: await jpegWithGps() });
    await assess.getByLabel('选择文件').setInputFiles([{ name: '验收报告.pdf', mimeType: 'application/pdf', buffer: pdf() }]);
    await assess.locator('[data-upload-state="done"]').nth(1).waitFor();
    expect(await assess.locator('progress').evaluateAll((bars) => bars.map((bar) => (bar as unknown as { value: number }).value))).toEqual([100, 100]);
    // each file is an evidence item titled with its name (the two go up at once: the first to finish comes first)
    const titles = await Promise.all([assess.getByLabel('材料名称 2').inputValue(), assess.getByLabel('材料名称 3').inputValue()]);
    expect(titles.sort()).toEqual(['公厕改造后.jpg', '验收报告.pdf'].sort());
    await shot(lead, '16-evidence-upload-390');
    await assess.getByRole('button', { name: '提交自评' }).click();
    await lead.getByText('已提交自评：任务现为“已自评”。').waitFor();

    // the inspector's view lists both: the photo's thumbnail shown, the PDF previewed and downloaded under its name
    const inspector = await signIn('inspector');
    await nav(inspector, '督查');
    const queued = inspector
      .getByTestId('inspection-queue')
      .getByRole('listitem')
      .filter({ hasText: `第${seq}项` });
    await queued.locator('summary', { hasText: '佐证材料' }).click();
    await queued.getByTestId('attachment-preview').filter({ hasText: '验收报告.pdf' }).waitFor();
    await queued.getByTestId('attachment-preview').filter({ hasText: '公厕改造后.jpg' }).locator('img').waitFor();
    await shot(inspector, '17a-inspection-queue-evidence');
    await inspector.goto(`${base}/tasks/${taskId}`);
    const evidence = inspector.getByTestId('task-evidence');
    const photo = evidence.getByTestId('attachment-preview').filter({ hasText: '公厕改造后.jpg' });
    const report = evidence.getByTestId('attachment-preview').filter({ hasText: '验收报告.pdf' });
    await photo.locator('img').waitFor();
    expect(await photo.locator('img').evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    await sees(evidence, '验收情况说明');
    await shot(inspector, '17-task-evidence');
    const [pdfDownload] = await Promise.all([inspector.waitForEvent('download'), report.getByRole('button', { name: '下载 验收报告.pdf' }).click()]);
    expect(pdfDownload.suggestedFilename()).toBe('验收报告.pdf');
    expect(
      readFileSync(await pdfDownload.path())
        .subarray(0, 5)
        .toString('latin1'),
    ).toBe('%PDF-');
    const [photoDownload] = await Promise.all([inspector.waitForEvent('download'), photo.getByRole('button', { name: '下载 公厕改造后.jpg' }).click()]);
    expect(photoDownload.suggestedFilename()).toBe('公厕改造后.jpg');
    // the PDF opens in a window of its own, in the browser's viewer (a blob: document under the console's CSP)
    const heardInViewer: string[] = [];
    inspector.context().once('page', (opened) => opened.on('console', (message) => heardInViewer.push(message.text())));
    const [viewer] = await Promise.all([inspector.context().waitForEvent('page'), report.getByRole('button', { name: '预览' }).click()]);
    await viewer.waitForLoadState();
    expect(viewer.url()).toMatch(/^blob:/);
    expect(await viewer.evaluate<string>('document.contentType')).toBe('application/pdf');
    await viewer.screenshot({ path: join(SHOTS, '18-pdf-viewer.png') });
    blockedByCsp.push(...heardInViewer.filter((text) => /Content Security Policy/i.test(text)));
    await viewer.close();

    // an officer of a unit that is not on the task gets 403 for the same file
    const files: { id: string }[] = await t.dataSource.query(`SELECT id::text FROM attachments WHERE task_id = $1 ORDER BY id`, [taskId]);
    expect(files).toHaveLength(2);
    const [outsider]: { username: string }[] = await t.dataSource.query(
      `SELECT username FROM users WHERE 'officer' = ANY(roles) AND unit_id IS NOT NULL AND unit_id NOT IN (SELECT unit_id FROM task_units WHERE task_id = $1) ORDER BY id LIMIT 1`,
      [taskId],
    );
    const outsiderToken = await loginAs(t.http, outsider.username);
    for (const { id } of files) {
      const refused = await t.http.get(`/api/v1/attachments/${id}/content`).set('Authorization', `Bearer ${outsiderToken}`);
      expect([refused.status, refused.body.code]).toEqual([403, 'attachment_forbidden']);
    }
  });

  it('moves the simulated clock past the first deadline: red lights, the overdue queue and a bulk urge', async () => {
    const admin = await signIn('admin');
    await nav(admin, '管理');
    await admin.getByTestId('clock-now').waitFor();
    await admin.getByLabel('拨到日期').fill('2023-01-05');
    await admin.getByRole('button', { name: '拨动时钟' }).click();
    await admin.getByText(/时钟已拨动，执行定时事项 \d+ 个/).waitFor({ timeout: 60_000 });
    await sees(admin.getByTestId('clock-now'), '2023-01-05');
    await shot(admin, '08-admin-clock');
    const counts = await dashboardCounts(admin);
    expect(counts.red).toBeGreaterThan(0);
    await admin.getByRole('button', { name: '运行节点检查' }).click();
    await sees(admin.getByTestId('milestone-targets'), '城乡居民健康素养总体水平');
    await shot(admin, '09-dashboard-overdue');

    const inspector = await signIn('inspector');
    await nav(inspector, '督查');
    await inspector.getByRole('heading', { name: /逾期任务/ }).waitFor();
    await inspector.getByLabel('全选').check();
    await inspector.getByRole('button', { name: /一键催办/ }).click();
    // before the reports service lands the console says so; after, it reports what was urged
    await inspector.getByText(/已催办 \d+ 项|报表服务不可用/).waitFor();
    await shot(inspector, '10-inspection-overdue');

    // an officer's inbox, narrow: overdue first, the notices can be marked read
    const lead = await signIn('weijian', 390);
    const rows = lead.getByTestId('inbox-table').locator('tbody tr');
    await rows.first().waitFor();
    expect(await rows.first().getAttribute('class')).toContain('row-overdue');
    await shot(lead, '11-inbox-390');
    const unread = Number((await lead.getByTestId('inbox-summary').textContent())?.match(/未读\s*(\d+)/)?.[1]);
    await lead.getByRole('button', { name: '标为已读' }).first().click();
    await lead.getByText(new RegExp(`未读\\s*${unread - 1}\\s*项`)).waitFor();
    await nav(lead, '任务');
    await lead.getByTestId('task-table').waitFor();
    await shot(lead, '12-tasks-390');
  });

  it('shows the plan table with its filters, and switches to English', async () => {
    const inspector = await signIn('inspector');
    await nav(inspector, '任务');
    await inspector.getByLabel('灯色').selectOption('red');
    await inspector.getByRole('button', { name: '筛选' }).click();
    await inspector.waitForURL(/light=red/);
    const table = inspector.getByTestId('task-table');
    await table.waitFor();
    const lights = await table.locator('tbody tr:not(.section-row) td:last-child').allTextContents();
    expect(lights.length).toBeGreaterThan(0);
    expect(new Set(lights)).toEqual(new Set(['红灯']));
    await inspector.getByLabel('灯色').selectOption('');
    await inspector.getByRole('button', { name: '筛选' }).click();
    await inspector.getByText(/已显示 45 项任务/).waitFor();
    await shot(inspector, '13-tasks');
    await inspector.getByRole('button', { name: 'English' }).click();
    await inspector.getByRole('link', { name: /^Inbox/ }).waitFor();
    await shot(inspector, '14-tasks-english');
  });

  it('keeps no token where page scripts can read it: an HttpOnly refresh cookie, a reload signs in through it, logout ends it', async () => {
    const page = await signIn('inspector');
    const refresh = (await page.context().cookies()).find((cookie) => cookie.name === 'duban_refresh');
    expect(refresh).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/v1/auth' });
    // evaluated in the page, as an injected script would (a string: this file is compiled without the DOM library)
    const readable = await page.evaluate<string>(`document.cookie + JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage })`);
    expect(readable).not.toContain('duban_refresh');
    expect(readable).not.toContain(refresh!.value);
    expect(readable).not.toMatch(/eyJ[\w-]+\.eyJ/); // no JWT anywhere a script can look
    await page.reload();
    await page.getByRole('navigation', { name: '主导航' }).waitFor();
    await page.getByRole('button', { name: '退出' }).click();
    await page.getByLabel('用户名').waitFor();
    expect((await page.context().cookies()).find((cookie) => cookie.name === 'duban_refresh')).toBeUndefined();
    await page.reload();
    await page.getByLabel('用户名').waitFor();
  });

  it('asks a user whose password an admin set for a new one before anything else', async () => {
    const admin = await t.http.post('/api/v1/auth/login').send({ username: 'admin', password: TEST_PASSWORD }).expect(200);
    await t.http
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${admin.body.accessToken}`)
      .send({ username: 'new.viewer', password: TEST_PASSWORD, unitId: null, roles: ['viewer'] })
      .expect(201);
    const context = await browser.newContext({ locale: 'zh-CN' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) blockedByCsp.push(message.text());
    });
    await page.goto(`${base}/`);
    await page.getByLabel('用户名').fill('new.viewer');
    await page.getByLabel('密码').fill(TEST_PASSWORD);
    await page.getByLabel('密码').press('Enter');
    await page.getByLabel('新密码').fill('password1234');
    await page.getByRole('button', { name: '修改密码' }).click();
    await page.getByText(/common passwords|常见密码/).waitFor();
    await page.getByLabel('新密码').fill('a viewer of my own choosing');
    await page.getByRole('button', { name: '修改密码' }).click();
    await page.getByRole('navigation', { name: '主导航' }).waitFor();
    await shot(page, '15-password-changed');
  });

  it('runs every page above under the strict Content-Security-Policy: nothing was blocked', () => {
    expect(blockedByCsp).toEqual([]);
  });
});
