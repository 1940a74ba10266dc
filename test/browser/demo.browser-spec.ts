import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { DEMO_DAY, type DemoStory, runDemoStory } from '../../apps/cli/src/demo-story';
import { createTestApp, type TestApp } from '../support/test-app';
import { ConsoleBrowser } from './browser-pages';

/**
 * `npm run demo` as a new user meets it, in Debian's headless Chromium: one replay of the seed plan to
 * the demo day (2023-03-15), then the console as the three roles the demo names — the lead officer of
 * task 28, a responsible unit (东胜区) and the inspector. Each sees a plan in motion (inbox items, mixed
 * lights, orders and contributions in flight), people by name and unit, and one language: no field
 * paths, no "用户 #", no English words on the Chinese screens. Last, the admin moves the clock to the
 * next due day from the banner.
 */
jest.setTimeout(240_000);

const SHOTS = join(__dirname, '..', '..', 'test-artifacts', 'screenshots');
/** Latin words a Chinese screen may show: the language switch's own label, file kinds, the demo's AED (a device's name). */
const LATIN_ALLOWED = new Set(['English', 'Excel', 'AED', 'PDF']);

describe('the demo, in a real browser, as each role sees it', () => {
  let t: TestApp;
  let browser: ConsoleBrowser;
  let base: string;
  let story: DemoStory;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await createTestApp({ simulatedClock: true, now: '2021-01-01T00:00:00+08:00' });
    story = await runDemoStory(t.app, () => undefined);
    browser = await ConsoleBrowser.open(t.app);
    base = browser.base;
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const signIn = (username: string): Promise<Page> => browser.signIn(username);
  const sees = (locator: Locator, text: string | RegExp) => locator.filter({ hasText: text }).first().waitFor();
  const nav = (page: Page, name: string) =>
    page
      .getByRole('navigation', { name: '主导航' })
      .getByRole('link', { name: new RegExp(`^${name}`) })
      .click();
  /** The page as read: no field path, no user by number, no English word beyond the few allowed. */
  async function oneLanguage(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(SHOTS, `demo-${name}.png`), fullPage: true });
    const text = await page.locator('body').innerText();
    // a file's extension (AED配置清单.pdf) is part of its name
    const english = [...new Set(text.replace(/\.[A-Za-z0-9]{2,4}\b/g, '').match(/[A-Za-z]{3,}/g) ?? [])].filter((word) => !LATIN_ALLOWED.has(word));
    expect({ name, paths: text.match(/payload\.\S*/g), numbered: text.match(/用户 ?#\d+/g), english }).toEqual({
      name,
      paths: null,
      numbered: null,
      english: [],
    });
  }
  /** the lights the task table shows, by their labels (绿灯, 黄灯, 红灯) */
  const lights = async (page: Page) => new Set(await page.getByTestId('task-table').locator('.light').allInnerTexts());

  it('shows the lead officer its inbox, its tasks in more than one light and task 28’s rectification, people by name', async () => {
    const officer = await signIn(story.leadOfficer);
    await sees(officer.getByTestId('demo-banner'), '2023年3月15日');
    await officer.getByTestId('inbox-table').locator('tbody tr').first().waitFor();
    expect(await officer.getByTestId('inbox-table').locator('tbody tr').count()).toBeGreaterThan(2);
    await oneLanguage(officer, 'lead-inbox');

    await nav(officer, '任务');
    await officer.getByTestId('task-table').locator('.light').first().waitFor();
    // its own unit's tasks: closed and under way in green, the late ones red
    expect((await lights(officer)).size).toBeGreaterThan(1);
    await oneLanguage(officer, 'lead-tasks');

    const [task28]: { id: string }[] = await t.dataSource.query(`SELECT id::text FROM tasks WHERE plan_id = $1 AND seq = 28`, [story.planId]);
    await officer.goto(`${base}/tasks/${task28.id}`);
    await sees(officer.getByTestId('task-state'), '整改中');
    // the audit trail and the handlers by name and unit: the head named 马丽娟 (weijian) for the rectification
    await sees(officer.getByTestId('timeline').locator('.timeline-actor'), '市委市政府督查室 · 刘敏');
    await sees(officer.getByTestId('timeline'), /承办人\s*马丽娟/);
    await sees(officer.getByTestId('handlers-panel'), '市卫生健康委员会：马丽娟');
    await oneLanguage(officer, 'lead-task-28');
  });

  it('shows the responsible unit its contributions owed and the rectification order it has not answered yet', async () => {
    const unit = await signIn('dongsheng');
    await sees(unit.getByTestId('inbox-table').locator('tbody tr[data-kind="rectify"]'), '由您承办');
    expect(await unit.getByTestId('inbox-table').locator('tbody tr[data-kind="contribute"]').count()).toBeGreaterThan(0);
    await oneLanguage(unit, 'unit-inbox');

    await nav(unit, '整改');
    await sees(unit.getByTestId('order-task'), /2023-04-10/);
    await oneLanguage(unit, 'unit-rectification');

    await nav(unit, '任务');
    await unit.getByTestId('task-table').locator('.light').first().waitFor();
    expect((await lights(unit)).size).toBeGreaterThan(1);
    await oneLanguage(unit, 'unit-tasks');
  });

  it('shows the inspector the queue, the orders in flight and a dashboard of green, yellow and red', async () => {
    const inspector = await signIn('inspector');
    await nav(inspector, '统计');
    await inspector.getByTestId('count-total').filter({ hasText: '45' }).waitFor();
    for (const light of ['green', 'yellow', 'red']) expect(Number(await inspector.getByTestId(`count-${light}`).innerText())).toBeGreaterThan(0);
    await oneLanguage(inspector, 'inspector-dashboard');

    await nav(inspector, '整改');
    await inspector.getByTestId('order-task').first().waitFor();
    expect(await inspector.getByTestId('order-task').count()).toBeGreaterThan(1);
    await oneLanguage(inspector, 'inspector-rectification');

    await nav(inspector, '督查');
    await inspector.getByRole('heading', { name: '督查', exact: true }).waitFor();
    await oneLanguage(inspector, 'inspector-queue');
  });

  it('lets the admin move the clock to the next due day from the banner, and rename a user', async () => {
    const admin = await signIn('admin');
    const next = admin.getByTestId('demo-banner').getByRole('button', { name: /拨至下一到期日/ });
    const label = await next.innerText();
    const day = /（(\d{4})-(\d{2})-(\d{2})）/.exec(label);
    expect(day).not.toBeNull();
    expect(`${day![1]}-${day![2]}-${day![3]}` > DEMO_DAY).toBe(true);
    await next.click();
    await sees(admin.getByTestId('demo-banner'), `${Number(day![1])}年${Number(day![2])}月${Number(day![3])}日`);
    // the button now names a later day
    await admin
      .getByTestId('demo-banner')
      .getByRole('button', { name: /拨至下一到期日/ })
      .filter({ hasNotText: label })
      .waitFor();

    // the users table names each user, and the admin renames one in place
    await nav(admin, '管理');
    const table = admin.getByTestId('users-table');
    await sees(table.getByRole('row').filter({ hasText: 'weijian.head' }), '李红梅');
    await table.getByRole('button', { name: '修改aiweiban的姓名' }).click();
    await table.getByRole('form', { name: '修改aiweiban的姓名' }).getByLabel('姓名').fill('王小明');
    await table.getByRole('button', { name: '保存' }).click();
    await sees(table.getByRole('row').filter({ hasText: 'aiweiban' }), '王小明');
  });
});
