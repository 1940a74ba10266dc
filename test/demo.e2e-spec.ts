import { DEMO_DAY, runDemoStory } from '../apps/cli/src/demo-story';
import { createTestApp, loginAs, type TestApp } from './support/test-app';

/** `npm run demo` opens on this history: a plan in motion, seen through the API as each role sees it. */
describe('npm run demo', () => {
  jest.setTimeout(120_000);
  let t: TestApp;
  let planId: string;
  const get = async <T>(username: string, path: string): Promise<T> => {
    const token = await loginAs(t.http, username);
    return (await t.http.get(path).set('authorization', `Bearer ${token}`).expect(200)).body as T;
  };

  beforeAll(async () => {
    t = await createTestApp({ simulatedClock: true, now: '2021-01-01T00:00:00+08:00' });
    ({ planId } = await runDemoStory(t.app, () => undefined));
  });
  afterAll(() => t.close());

  it('opens on the demo day, with the 2022 milestone check done', async () => {
    const clock = await get('admin', '/api/v1/admin/clock');
    expect(clock).toMatchObject({ mode: 'simulated', now: expect.stringMatching(new RegExp(`^${DEMO_DAY}`)) });
    // every user reads the date the banner shows (演示模式), without the admin's timer counts
    expect(await get('dongsheng', '/api/v1/clock')).toEqual({ mode: 'simulated', now: expect.stringMatching(new RegExp(`^${DEMO_DAY}`)) });
    const [check]: { as_of: string; status: string }[] = await t.dataSource.query(
      `SELECT to_char(as_of, 'YYYY-MM-DD') AS as_of, status FROM milestone_checks WHERE plan_id = $1 ORDER BY as_of`,
      [planId],
    );
    expect(check).toEqual({ as_of: '2022-12-31', status: 'done' });
  });

  it('shows the supervisors a mixed picture: green, yellow and red lights, closed and late tasks', async () => {
    const tasks: { seq: number; state: string; light: string; overdue: boolean }[] = await get('inspector', `/api/v1/plans/${planId}/tasks`);
    const light = (color: string) => tasks.filter((task) => task.light === color).map((task) => task.seq);
    expect(light('green').length).toBeGreaterThan(10);
    expect(light('yellow')).toEqual(expect.arrayContaining([18, 21]));
    expect(light('red')).toEqual(expect.arrayContaining([13, 35]));
    expect(tasks.filter((task) => task.state === 'closed').map((task) => task.seq)).toEqual(expect.arrayContaining([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12]));
    expect(tasks.find((task) => task.seq === 35)).toMatchObject({ overdue: true });
    expect(tasks.find((task) => task.seq === 28)).toMatchObject({ state: 'rectify' });
    // a lead officer sees its own unit's tasks, not an empty page
    const own: { state: string }[] = await get('weijian', `/api/v1/plans/${planId}/tasks`);
    expect(new Set(own.map((task) => task.state)).size).toBeGreaterThan(1);
  });

  it('has rectification orders in flight, an extension granted and the ladder climbed for the late task', async () => {
    const orders: { state: string; overdue: boolean; unitName: string }[] = await get('inspector', '/api/v1/rectification-orders');
    expect(orders.filter((order) => order.state === 'issued').map((order) => [order.unitName, order.overdue])).toEqual(
      expect.arrayContaining([
        ['东胜区人民政府', false],
        [expect.any(String), true],
      ]),
    );
    const [task14] = await t.dataSource.query(`SELECT id::text FROM tasks WHERE plan_id = $1 AND seq = 14`, [planId]);
    const events: { type: string }[] = await get('inspector', `/api/v1/tasks/${task14.id}/events`);
    expect(events.map((event) => event.type)).toEqual(expect.arrayContaining(['REQUEST_EXTENSION', 'APPROVE_EXTENSION']));
    const ladder: { n: number }[] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM task_events e JOIN tasks t ON t.id = e.task_id WHERE t.seq = 35 AND t.plan_id = $1 AND e.type = 'ESCALATE'`,
      [planId],
    );
    expect(ladder[0].n).toBe(3);
  });

  it('has the responsible units’ contributions and a banner government’s inbox full of work', async () => {
    const [task11] = await t.dataSource.query(`SELECT id::text FROM tasks WHERE plan_id = $1 AND seq = 11`, [planId]);
    const contributions: { status?: string; state?: string }[] = await get('inspector', `/api/v1/tasks/${task11.id}/contributions`);
    expect(JSON.stringify(contributions)).toContain('本单位配合事项已按季度完成并报送');
    const inbox: { items: { kind: string }[]; counts: { open: number } } = await get('dongsheng', '/api/v1/inbox');
    expect(inbox.counts.open).toBeGreaterThan(5);
    const rectify: { items: { dueAt: string }[] } = await get('dongsheng', '/api/v1/inbox?kind=rectify');
    expect(rectify.items.map((item) => item.dueAt)).toEqual(['2023-04-10']);
    const contribute: { items: unknown[] } = await get('dongsheng', '/api/v1/inbox?kind=contribute');
    expect(contribute.items.length).toBeGreaterThan(0);
  });
});
