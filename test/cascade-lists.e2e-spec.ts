import { createTestApp, loginAs, type TestApp } from './support/test-app';
import { planLookups, SEED_TABLE, seedUnitsAndUsers } from './support/seed-helpers';
import { DONGSHENG_CATALOGUE, DONGSHENG_PASSWORD as PASSWORD, importDongshengShare } from './support/cascade-fixtures';

interface ListedTask {
  id: string;
  state: string;
  allowedEvents: string[];
}
interface TaskPage {
  items: ListedTask[];
  nextCursor: string | null;
}
interface SearchPage {
  items: { kind: string; taskId: string; field: string }[];
}

/**
 * The lists follow the cascade's visibility (docs/cascade.md, "Who sees what"): the city task a banner's units serve is
 * listed for them (GET /tasks, GET /search) as it is opened by id, read-only; a street's government still lists only its own.
 */
describe('plans that cascade down: the city tasks a banner’s units serve are in their lists', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  let cityPlanId: string;
  let taskId: (seq: number) => string;
  let unitIdOf: (name: string) => string;
  let dongshengTaskIds: string[];

  const get = (username: string, path: string, query: Record<string, string | number> = {}) =>
    t.http.get(`/api/v1${path}`).query(query).set('Authorization', `Bearer ${tokens[username]}`);
  const post = (username: string, path: string, body: object) => t.http.post(`/api/v1${path}`).set('Authorization', `Bearer ${tokens[username]}`).send(body);
  const list = async (username: string, query: Record<string, string | number> = {}): Promise<ListedTask[]> => {
    const items: ListedTask[] = [];
    let cursor: string | null = null;
    do {
      const page = (await get(username, '/tasks', { ...query, ...(cursor === null ? {} : { cursor }) }).expect(200)).body as TaskPage;
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return items;
  };
  const ids = (items: { id: string }[]): string[] => items.map((item) => item.id);
  const searched = async (username: string, q: string): Promise<string[]> =>
    ((await get(username, '/search', { q }).expect(200)).body as SearchPage).items.map((hit) => hit.taskId);

  beforeAll(async () => {
    t = await createTestApp({ now: '2021-03-01T02:00:00Z' });
    await seedUnitsAndUsers(t);
    for (const username of ['admin', 'inspector', 'dongsheng']) tokens[username] = await loginAs(t.http, username);
    cityPlanId = (await post('admin', '/plans/import', { content: SEED_TABLE, planStart: '2021-01-01' }).expect(200)).body.planId as string;
    await post('admin', '/units/catalogue', { content: DONGSHENG_CATALOGUE }).expect(200);
    ({ taskId, unitIdOf } = await planLookups(t, cityPlanId));
    for (const [username, unit] of [
      ['ds.weijian', '东胜区卫生健康委员会'],
      ['ds.jiaotong', '交通街道办事处'],
    ]) {
      await post('admin', '/users', { username, password: PASSWORD, unitId: unitIdOf(unit), roles: ['officer'], mustChangePassword: false }).expect(201);
      tokens[username] = await loginAs(t.http, username, PASSWORD);
    }
    dongshengTaskIds = (await importDongshengShare(t, tokens.admin, cityPlanId)).taskIds;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists the city task a district’s department serves beside its own tasks, read-only, in every page size and filter', async () => {
    const listed = await list('ds.weijian');
    expect(ids(listed)).toEqual([taskId(28), ...dongshengTaskIds]);
    expect(listed[0].allowedEvents).toEqual([]);
    expect(listed[1].allowedEvents).toContain('START');
    // a page at a time: the same tasks, once each
    expect(ids(await list('ds.weijian', { limit: 1 }))).toEqual([taskId(28), ...dongshengTaskIds]);
    // filters apply to it as to the unit's own tasks
    expect(ids(await list('ds.weijian', { planId: cityPlanId }))).toEqual([taskId(28)]);
    expect(ids(await list('ds.weijian', { q: '健康素养' }))).toEqual(expect.arrayContaining([taskId(28)]));
    // a role is a role of the unit's own links: the city task is not one of them
    expect(ids(await list('ds.weijian', { role: 'lead' }))).toEqual(dongshengTaskIds);
    // an admin's unitId filters on links: the unit's own tasks only
    expect(ids(await list('admin', { unitId: unitIdOf('东胜区卫生健康委员会') }))).toEqual(dongshengTaskIds);
  });

  it('lists nothing above a street’s own tasks, as it opens nothing above them', async () => {
    const listed = ids(await list('ds.jiaotong'));
    expect(listed).not.toContain(taskId(28));
    expect(listed).toEqual([dongshengTaskIds[0], dongshengTaskIds[2]]);
    await get('ds.jiaotong', `/tasks/${taskId(28)}`).expect(403);
  });

  it('finds the city task a district’s department serves in its search, and a street does not', async () => {
    // the number of the city task
    expect(await searched('ds.weijian', '28')).toContain(taskId(28));
    expect(await searched('ds.jiaotong', '28')).not.toContain(taskId(28));
    // a word only the city task holds
    const [city]: { text: string }[] = await t.dataSource.query('SELECT text FROM tasks WHERE id = $1', [taskId(28)]);
    expect(city.text).toContain('健康素养');
    expect(await searched('ds.weijian', '健康素养')).toEqual(expect.arrayContaining([taskId(28), dongshengTaskIds[0]]));
    expect(await searched('ds.jiaotong', '健康素养')).toEqual([dongshengTaskIds[0]]);
  });
});
