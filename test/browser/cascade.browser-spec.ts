import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ConsoleBrowser } from './browser-pages';
import { createTestApp, loginAs, TEST_PASSWORD, type TestApp } from '../support/test-app';
import { planLookups, SEED_TABLE, seedUnitsAndUsers } from '../support/seed-helpers';

/**
 * The city's view of task 28 below the city, in Debian's headless Chromium (docs/cascade.md): Dongsheng district has
 * imported its own table for its share and started one task; the inspector opens task 28 and sees the nine banners,
 * Dongsheng's tasks with their lights and progress beside eight not yet broken down.
 */
jest.setTimeout(120_000);

const SHOTS = join(__dirname, '..', '..', 'test-artifacts', 'screenshots');
const FIXTURES = join(__dirname, '..', 'fixtures', 'cascade');

describe('a city task’s tree below the city, in a real browser', () => {
  let t: TestApp;
  let browser: ConsoleBrowser;
  let base: string;
  let city28: string;
  let cityPlan: string;
  let adminToken: string;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await createTestApp({ now: '2021-03-01T02:00:00Z' });
    await seedUnitsAndUsers(t);
    const admin = await loginAs(t.http, 'admin');
    const post = (path: string, body: object) => t.http.post(`/api/v1${path}`).set('Authorization', `Bearer ${admin}`).send(body);
    const planId = (await post('/plans/import', { content: SEED_TABLE, planStart: '2021-01-01' }).expect(200)).body.planId as string;
    cityPlan = planId;
    adminToken = admin;
    await post('/units/catalogue', { content: readFileSync(join(FIXTURES, 'dongsheng-catalogue.json'), 'utf8') }).expect(200);
    const child = await post('/plans/import', {
      content: readFileSync(join(FIXTURES, 'dongsheng-task-28-share.tsv'), 'utf8'),
      jurisdiction: '东胜区',
      parentPlanId: planId,
      parentTaskSeqs: [28],
    }).expect(200);
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
    const [first]: { id: string }[] = await t.dataSource.query('SELECT id::text FROM tasks WHERE plan_id = $1 ORDER BY seq LIMIT 1', [child.body.planId]);
    await t.http.post(`/api/v1/tasks/${first.id}/events`).set('Authorization', `Bearer ${officer}`).send({ type: 'START', payload: {} }).expect(200);
    await t.http
      .post(`/api/v1/tasks/${first.id}/events`)
      .set('Authorization', `Bearer ${officer}`)
      .send({ type: 'REPORT_PROGRESS', payload: { percent: 40, summary: '全区开展巡讲16场' } })
      .expect(200);
    browser = await ConsoleBrowser.open(t.app);
    base = browser.base;
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const signIn = (username: string): Promise<Page> => browser.signIn(username);

  it('shows task 28’s nine banners, Dongsheng’s three tasks with lights and progress, the others not yet broken down', async () => {
    const inspector = await signIn('inspector');
    // the tree asks for the branches' figures, and for a branch's tasks only when it is opened
    const asked: string[] = [];
    inspector.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.endsWith('/rollup')) asked.push(decodeURIComponent(url.search));
    });
    await inspector.goto(`${base}/tasks/${city28}`);
    const panel = inspector.getByTestId('cascade-panel');
    await panel.getByRole('heading', { name: '下级分解落实情况（1/9 已分解）' }).waitFor();
    const dongsheng = panel.getByTestId('cascade-branch-东胜区');
    await dongsheng.getByText('3 项任务 · 进度 13%').waitFor();
    expect(asked).toEqual(['?tasks=none']);
    await dongsheng.locator('summary').first().click();
    await dongsheng.getByRole('link', { name: /在全区开展健康素养巡讲/ }).waitFor();
    expect(asked).toEqual(['?tasks=none', '?branch=东胜区']);
    await dongsheng
      .getByText(/东胜区 · 实施中 · 40%|东胜区 · .* · 40%/)
      .first()
      .waitFor();
    await panel.getByTestId('cascade-branch-康巴什区').getByText('（未分解）').waitFor();
    await inspector.screenshot({ path: join(SHOTS, 'cascade-01-task-28-below-the-city.png'), fullPage: true });
    // a child task opens as any task
    await dongsheng.getByRole('link', { name: /在全区开展健康素养巡讲/ }).click();
    await inspector.getByText('区卫生健康委员会').first().waitFor();
  });

  it('lets the admin set the city plan’s contribution fill to automatic (方案规则 · 分解下达), and reads the panel in English', async () => {
    const admin = await signIn('admin');
    await admin.goto(`${base}/admin`);
    const policy = admin.getByTestId('plan-policy');
    await policy.getByLabel('方案', { exact: true }).selectOption(cityPlan);
    const section = policy.getByTestId('policy-cascade');
    await section.getByLabel('下级政府配合情况的填报').selectOption('automatic');
    await section.getByRole('button', { name: '保存分解下达规则' }).click();
    await section.getByText(/已保存：.*的下级政府配合情况改为“自动填报”。/).waitFor();
    const read = await t.http.get(`/api/v1/plans/${cityPlan}/policy`).set('Authorization', `Bearer ${adminToken}`).expect(200);
    expect(read.body.cascade).toEqual({ contributionFill: 'automatic' });

    await admin.getByRole('button', { name: 'English' }).click();
    await admin.goto(`${base}/tasks/${city28}`);
    const panel = admin.getByTestId('cascade-panel');
    await panel.getByRole('heading', { name: 'Broken down below (1 of 9 have tasks)' }).waitFor();
    await panel.getByTestId('cascade-branch-东胜区').getByText('3 tasks · 13% done').waitFor();
    await panel.getByTestId('cascade-branch-康巴什区').getByText('(not broken down)').waitFor();
  });
});
