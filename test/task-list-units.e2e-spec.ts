import { createTestApp, loginAs, type TestApp } from './support/test-app';
import { planLookups, SEED_TABLE, seedUnitsAndUsers } from './support/seed-helpers';

interface ListedTask {
  id: string;
  leadUnits: { id: string; name: string }[];
  supportUnits: { id: string; name: string }[];
}

/**
 * `GET /tasks` shows each task's units from a precomputed copy: it follows a task created by hand, an edit of the
 * units, a new lead and a unit's rename, and agrees with `GET /tasks/:id`, which reads the links themselves.
 */
describe('the task list names the units as they are now', () => {
  let t: TestApp;
  let planId: string;
  let taskId: (seq: number) => string;
  let unitIdOf: (name: string) => string;
  const tokens: Record<string, string> = {};
  const as = (username: string) => ({
    get: (path: string) => t.http.get(`/api/v1${path}`).set('Authorization', `Bearer ${tokens[username]}`),
    post: (path: string, body: object) => t.http.post(`/api/v1${path}`).set('Authorization', `Bearer ${tokens[username]}`).send(body),
    patch: (path: string, body: object) => t.http.patch(`/api/v1${path}`).set('Authorization', `Bearer ${tokens[username]}`).send(body),
  });
  const names = (task: ListedTask) => ({ lead: task.leadUnits.map((u) => u.name), support: task.supportUnits.map((u) => u.name) });
  /** the task as the admin's list shows it, checked against its own view */
  const listed = async (id: string, plan = planId) => {
    const items: ListedTask[] = [];
    let cursor: string | null = null;
    do {
      const page = (
        await as('admin')
          .get(`/tasks?planId=${plan}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
          .expect(200)
      ).body as {
        items: ListedTask[];
        nextCursor: string | null;
      };
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    const task = items.find((item) => item.id === id) as ListedTask;
    const view = (await as('admin').get(`/tasks/${id}`).expect(200)).body as ListedTask;
    expect(names(task)).toEqual(names(view));
    return names(task);
  };

  beforeAll(async () => {
    t = await createTestApp({ now: '2021-03-15T02:00:00Z' });
    await seedUnitsAndUsers(t);
    for (const username of ['admin', 'weijian', 'inspector']) tokens[username] = await loginAs(t.http, username);
    const imported = await as('admin').post('/plans/import', { content: SEED_TABLE, planStart: '2021-01-01' }).expect(200);
    planId = imported.body.planId as string;
    ({ taskId, unitIdOf } = await planLookups(t, planId));
  });
  afterAll(() => t.close());

  it('names a task created by hand’s lead unit', async () => {
    const ledger = await as('admin').post('/plans', { name: '市领导批示件', planStart: '2021-01-01' }).expect(201);
    const created = await as('admin')
      .post(`/plans/${ledger.body.id as string}/tasks`, { text: '市卫健委落实批示', leadUnitIds: [unitIdOf('市卫生健康委员会')], dueAt: '2021-06-30' })
      .expect(201);
    expect(await listed(created.body.id as string, ledger.body.id as string)).toEqual({ lead: ['市卫生健康委员会'], support: [] });
  });

  it('follows an edit of the responsible units and a reassigned lead', async () => {
    await as('admin')
      .patch(`/tasks/${taskId(28)}`, { reason: '调整分工', supportUnitIds: [unitIdOf('市教育体育局'), unitIdOf('市民政局')] })
      .expect(200);
    expect((await listed(taskId(28))).support).toEqual(['市教育体育局', '市民政局']);
    await as('weijian')
      .post(`/tasks/${taskId(28)}/events`, { type: 'START', payload: {} })
      .expect(200);
    const reassigned = await as('admin')
      .post('/tasks/bulk', { action: 'reassign_lead', ids: [taskId(28)], payload: { unitIds: [unitIdOf('市民政局')], reason: '职能调整' } })
      .expect(200);
    expect(reassigned.body.results).toEqual([{ taskId: taskId(28), seq: 28, outcome: 'done' }]);
    expect(await listed(taskId(28))).toEqual({ lead: ['市民政局'], support: ['市教育体育局'] });
  });

  it('shows a unit’s new name on its tasks once it is renamed', async () => {
    const before = await listed(taskId(28));
    expect(before.support).toContain('市教育体育局');
    await as('admin')
      .patch(`/units/${unitIdOf('市教育体育局')}`, { name: '市教育和体育局' })
      .expect(200);
    const after = await listed(taskId(28));
    expect(after.support).toEqual(before.support.map((name) => (name === '市教育体育局' ? '市教育和体育局' : name)));
  });
});
