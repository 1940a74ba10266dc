import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConsoleBrowser } from './browser-pages';
import { createTestApp, loginAs, TEST_PASSWORD, type TestApp } from '../support/test-app';
import { planLookups, SEED_TABLE, seedUnitsAndUsers } from '../support/seed-helpers';
import { DONGSHENG_CATALOGUE, importDongshengShare } from '../support/cascade-fixtures';

/**
 * A banner's own dashboard, in Debian's headless Chromium (docs/cascade.md, "The banner's dashboard"): Dongsheng
 * district has imported its table for its share of city task 28 and started one task; the district government's
 * officer opens 统计 and sees its plan with its lights, and the city task it serves with Dongsheng's branch of it; the
 * city's inspector picks the district to see the same.
 */
jest.setTimeout(120_000);

const SHOTS = join(__dirname, '..', '..', 'test-artifacts', 'screenshots');

describe('a banner’s own dashboard, in a real browser', () => {
  let t: TestApp;
  let browser: ConsoleBrowser;
  let base: string;
  let dongshengPlanId: string;
  let city28: string;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await createTestApp({ now: '2021-03-01T02:00:00Z' });
    await seedUnitsAndUsers(t);
    const admin = await loginAs(t.http, 'admin');
    const post = (path: string, body: object) => t.http.post(`/api/v1${path}`).set('Authorization', `Bearer ${admin}`).send(body);
    const planId = (await post('/plans/import', { content: SEED_TABLE, planStart: '2021-01-01' }).expect(200)).body.planId as string;
    await post('/units/catalogue', { content: DONGSHENG_CATALOGUE }).expect(200);
    const child = await importDongshengShare(t, admin, planId);
    dongshengPlanId = child.planId;
    const { taskId, unitIdOf } = await planLookups(t, planId);
    city28 = taskId(28);
    await post('/users', {
      username: 'ds.weijian',
      password: TEST_PASSWORD,
      unitId: unitIdOf('东胜区卫生健康委员会'),
      roles: ['officer'],
      mustChangePassword: false,
    }).expect(201);
    const officer = await loginAs(t.http, 'ds.weijian');
    const [first]: { id: string }[] = await t.dataSource.query('SELECT id::text FROM tasks WHERE plan_id = $1 ORDER BY seq LIMIT 1', [dongshengPlanId]);
    const send = (type: string, payload: object) =>
      t.http.post(`/api/v1/tasks/${first.id}/events`).set('Authorization', `Bearer ${officer}`).send({ type, payload }).expect(200);
    await send('START', {});
    await send('REPORT_PROGRESS', { percent: 40, summary: '全区开展巡讲16场' });
    browser = await ConsoleBrowser.open(t.app);
    base = browser.base;
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows the district government’s officer its own plan, its lights and the city task it serves', async () => {
    const page = await browser.signIn('dongsheng');
    await page.goto(`${base}/dashboard`);
    const panel = page.getByTestId('jurisdiction-plans');
    await panel.getByRole('heading', { name: '东胜区分解方案' }).waitFor();
    const plan = panel.getByTestId(`jurisdiction-plan-${dongshengPlanId}`);
    await plan.getByText('（3 项任务）').waitFor();
    await plan
      .getByTestId('jurisdiction-plan-lights')
      .getByText(/绿灯 3 项|绿 3 项/)
      .waitFor();
    const served = plan.getByTestId(`served-task-${city28}`);
    await served.getByRole('link', { name: /第28项/ }).waitFor();
    await served.getByText('3 项分解任务 · 平均进度 13%').waitFor();
    await page.screenshot({ path: join(SHOTS, 'cascade-02-banner-dashboard.png'), fullPage: true });
    // 查看统计 turns the page's figures to the district's plan
    await plan.getByRole('button', { name: '查看统计' }).click();
    await page.getByTestId('count-total').getByText('3', { exact: true }).waitFor();
  });

  it('lets the city’s inspector pick the district', async () => {
    const page = await browser.signIn('inspector');
    await page.goto(`${base}/dashboard`);
    const panel = page.getByTestId('jurisdiction-plans');
    await panel.getByRole('heading', { name: '旗区分解方案' }).waitFor();
    await panel.getByLabel('旗区').selectOption('东胜区');
    await panel.getByTestId(`served-task-${city28}`).getByText('3 项分解任务 · 平均进度 13%').waitFor();
  });
});
