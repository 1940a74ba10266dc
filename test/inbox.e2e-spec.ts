import { FILL_INBOX_COUNT_DELTAS_SQL } from '@duban/persistence';
import { createTestApp, loginAs, type TestApp } from './support/test-app';
import { SEED_TABLE, seedUnitsAndUsers } from './support/seed-helpers';

// 10:00 on 2025-06-10 in Asia/Shanghai: items due before 2025-06-10 are overdue
const NOW = '2025-06-10T02:00:00.000Z';

interface InboxItemBody {
  id: string;
  kind: string;
  taskId: string | null;
  orderId: string | null;
  title: string;
  dueAt: string | null;
  overdue: boolean;
  createdAt: string;
  readAt: string | null;
  status: string;
  doneAt: string | null;
  payload: Record<string, unknown>;
}

interface InboxPageBody {
  items: InboxItemBody[];
  counts: { open: number; overdue: number; unread: number };
  nextCursor: string | null;
}

interface ItemSeed {
  title: string;
  unit: 'weijian' | 'aiweiban';
  kind: string;
  dueOn: string | null;
  status?: 'open' | 'done';
  doneAt?: string;
  readAt?: string;
}

// inserted in this order, so ids do not follow due days
const ITEMS: ItemSeed[] = [
  { title: 'D due at the end of the plan', unit: 'weijian', kind: 'start_task', dueOn: '2025-12-31' },
  { title: 'B overdue, read', unit: 'weijian', kind: 'self_assess', dueOn: '2025-05-01', readAt: '2025-05-02T01:00:00Z' },
  { title: 'A overdue, same day as B', unit: 'weijian', kind: 'start_task', dueOn: '2025-05-01' },
  { title: 'C due today', unit: 'weijian', kind: 'contribute', dueOn: '2025-06-10' },
  { title: 'F notice, read', unit: 'weijian', kind: 'notice', dueOn: null, readAt: '2025-06-01T00:00:00Z' },
  { title: 'E notice', unit: 'weijian', kind: 'notice', dueOn: null },
  { title: 'G done first', unit: 'weijian', kind: 'start_task', dueOn: '2025-03-31', status: 'done', doneAt: '2025-06-01T00:00:00.123456Z' },
  { title: 'H done last', unit: 'weijian', kind: 'self_assess', dueOn: '2025-04-30', status: 'done', doneAt: '2025-06-05T08:00:00Z' },
  { title: 'I done with G, to the microsecond', unit: 'weijian', kind: 'start_task', dueOn: null, status: 'done', doneAt: '2025-06-01T00:00:00.123456Z' },
  { title: 'J done a microsecond after G', unit: 'weijian', kind: 'notice', dueOn: null, status: 'done', doneAt: '2025-06-01T00:00:00.123457Z' },
  { title: 'Other unit, overdue', unit: 'aiweiban', kind: 'start_task', dueOn: '2025-01-01' },
];
const OPEN_ORDER = ['B', 'A', 'C', 'D', 'F', 'E'];
const DONE_ORDER = ['H', 'J', 'I', 'G'];

/** Items are named by the first letter of their title. */
const letter = (item: { title: string }): string => item.title.slice(0, 1);

describe('the inbox, through HTTP', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const unitOf: Record<string, string> = {};
  const idOf: Record<string, string> = {};

  const get = (username: string, query: Record<string, string | number> = {}) =>
    t.http.get('/api/v1/inbox').query(query).set('Authorization', `Bearer ${tokens[username]}`);
  const read = (username: string, id: string) => t.http.post(`/api/v1/inbox/${id}/read`).set('Authorization', `Bearer ${tokens[username]}`);

  /** Every page from the first, following nextCursor. */
  const allPages = async (username: string, query: Record<string, string | number>): Promise<InboxPageBody[]> => {
    const pages: InboxPageBody[] = [];
    let cursor: string | null = null;
    do {
      const response = await get(username, cursor === null ? query : { ...query, cursor }).expect(200);
      const page = response.body as InboxPageBody;
      pages.push(page);
      cursor = page.nextCursor;
      if (pages.length > 50) throw new Error('the cursor does not advance');
    } while (cursor !== null);
    return pages;
  };

  const insertItem = async (item: ItemSeed, taskId: string | null): Promise<string> => {
    const [row]: { id: string }[] = await t.dataSource.query(
      `INSERT INTO inbox_items (unit_id, kind, task_id, title, due_on, status, payload, created_at, done_at, read_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id::text`,
      [
        unitOf[item.unit],
        item.kind,
        taskId,
        item.title,
        item.dueOn,
        item.status ?? 'open',
        { source: 'test' },
        '2025-03-01T00:00:00Z',
        item.doneAt ?? null,
        item.readAt ?? null,
      ],
    );
    return row.id;
  };

  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
    await seedUnitsAndUsers(t);
    for (const username of ['admin', 'inspector', 'weijian', 'aiweiban']) tokens[username] = await loginAs(t.http, username);
    const users: { username: string; unit_id: string | null }[] = await t.dataSource.query(
      `SELECT username, unit_id::text FROM users WHERE username IN ('weijian', 'aiweiban', 'inspector')`,
    );
    for (const user of users) unitOf[user.username] = user.unit_id!;
    await t.http.post('/api/v1/plans/import').set('Authorization', `Bearer ${tokens.admin}`).send({ content: SEED_TABLE, planStart: '2021-01-01' }).expect(200);
    // the import opens start_task items of its own; these tests read rows they wrote themselves
    await t.dataSource.query('DELETE FROM inbox_items');
    const tasks: { id: string }[] = await t.dataSource.query('SELECT id::text FROM tasks ORDER BY seq');
    for (const [index, item] of ITEMS.entries()) idOf[letter(item)] = await insertItem(item, item.kind === 'notice' ? null : tasks[index].id);
    // the counts' ledger as InboxStore would have kept it for the rows written here directly
    await t.dataSource.query('DELETE FROM inbox_count_deltas');
    await t.dataSource.query(FILL_INBOX_COUNT_DELTAS_SQL);
  });
  afterAll(() => t.close());

  it('needs a token', async () => {
    await t.http.get('/api/v1/inbox').expect(401);
    await t.http.post(`/api/v1/inbox/${idOf.A}/read`).expect(401);
  });

  it('lists the caller’s own unit’s open items by due day, undated last, with counts over its open items', async () => {
    const response = await get('weijian').expect(200);
    const page = response.body as InboxPageBody;
    expect(page.items.map(letter)).toEqual(OPEN_ORDER);
    expect(page.items.map((item) => item.overdue)).toEqual([true, true, false, false, false, false]);
    expect(page.counts).toEqual({ open: 6, overdue: 2, unread: 4 });
    expect(page.nextCursor).toBeNull();
    const a = page.items.find((item) => letter(item) === 'A')!;
    expect(a).toEqual({
      id: idOf.A,
      kind: 'start_task',
      taskId: expect.stringMatching(/^\d+$/),
      orderId: null,
      title: 'A overdue, same day as B',
      dueAt: '2025-05-01',
      overdue: true,
      createdAt: '2025-03-01T00:00:00.000Z',
      readAt: null,
      status: 'open',
      doneAt: null,
      payload: { source: 'test' },
      handlerIds: [],
      handlerNames: [],
    });
    expect(page.items.find((item) => letter(item) === 'B')!.readAt).toBe('2025-05-02T01:00:00.000Z');
  });

  it('shows another unit only its own items', async () => {
    const page = (await get('aiweiban').expect(200)).body as InboxPageBody;
    expect(page.items.map((item) => item.title)).toEqual(['Other unit, overdue']);
    expect(page.counts).toEqual({ open: 1, overdue: 1, unread: 1 });
  });

  it('filters by kind, keeping the counts of all open items', async () => {
    const notices = (await get('weijian', { kind: 'notice' }).expect(200)).body as InboxPageBody;
    expect(notices.items.map(letter)).toEqual(['F', 'E']);
    expect(notices.counts).toEqual({ open: 6, overdue: 2, unread: 4 });
    const starts = (await get('weijian', { kind: 'start_task', status: 'done' }).expect(200)).body as InboxPageBody;
    expect(starts.items.map(letter)).toEqual(['I', 'G']);
  });

  it('lists done items most recently done first, never overdue', async () => {
    const page = (await get('weijian', { status: 'done' }).expect(200)).body as InboxPageBody;
    expect(page.items.map(letter)).toEqual(DONE_ORDER);
    expect(page.items.every((item) => item.status === 'done' && !item.overdue && item.doneAt !== null)).toBe(true);
    expect(page.items[0].doneAt).toBe('2025-06-05T08:00:00.000Z');
  });

  it.each([1, 2, 4, 5])('pages of %i cover every open and every done item exactly once, in order', async (limit) => {
    const open = await allPages('weijian', { limit });
    expect(open.flatMap((page) => page.items.map(letter))).toEqual(OPEN_ORDER);
    expect(open.every((page) => page.items.length <= limit)).toBe(true);
    expect(open.at(-1)!.nextCursor).toBeNull();
    const done = await allPages('weijian', { status: 'done', limit });
    expect(done.flatMap((page) => page.items.map(letter))).toEqual(DONE_ORDER);
  });

  it('keeps its place when items are added between pages', async () => {
    const first = (await get('weijian', { limit: 3 }).expect(200)).body as InboxPageBody;
    expect(first.items.map(letter)).toEqual(['B', 'A', 'C']);
    const before = await insertItem({ title: 'K added before the cursor', unit: 'weijian', kind: 'notice', dueOn: '2025-04-01' }, null);
    const after = await insertItem({ title: 'L added after the cursor', unit: 'weijian', kind: 'notice', dueOn: '2025-07-01' }, null);
    try {
      const rest = await allPages('weijian', { limit: 3, cursor: first.nextCursor! });
      expect(rest.flatMap((page) => page.items.map(letter))).toEqual(['L', 'D', 'F', 'E']);
    } finally {
      await t.dataSource.query('DELETE FROM inbox_items WHERE id = ANY($1::bigint[])', [[before, after]]);
    }
  });

  it('lets an officer name its own unit but not another', async () => {
    const own = (await get('weijian', { unitId: unitOf.weijian }).expect(200)).body as InboxPageBody;
    expect(own.items.map(letter)).toEqual(OPEN_ORDER);
    const refused = await get('weijian', { unitId: unitOf.aiweiban }).expect(403);
    expect(refused.body.message).toMatch(/another unit/);
  });

  it('lets inspectors and admins read any unit’s inbox', async () => {
    const own = (await get('inspector').expect(200)).body as InboxPageBody;
    expect(own).toEqual({ items: [], counts: { open: 0, overdue: 0, unread: 0 }, nextCursor: null });
    const weijian = (await get('inspector', { unitId: unitOf.weijian }).expect(200)).body as InboxPageBody;
    expect(weijian.items.map(letter)).toEqual(OPEN_ORDER);
    const other = (await get('admin', { unitId: unitOf.aiweiban, status: 'open' }).expect(200)).body as InboxPageBody;
    expect(other.items.map((item) => item.title)).toEqual(['Other unit, overdue']);
    await get('inspector', { unitId: '999999' }).expect(404);
  });

  it('asks a user without a unit to name one', async () => {
    const response = await get('admin').expect(400);
    expect(JSON.stringify(response.body.message)).toContain('unitId');
  });

  it.each<[string, Record<string, string | number>, string[]]>([
    ['an unknown status', { status: 'closed' }, ['status']],
    ['an unknown kind', { kind: 'todo' }, ['kind']],
    ['limit 0', { limit: 0 }, ['limit']],
    ['limit 201', { limit: 201 }, ['limit']],
    ['a limit that is no number', { limit: 'ten' }, ['limit']],
    ['a unitId that is no id', { unitId: 'abc' }, ['unitId']],
    ['a cursor that is no cursor', { cursor: '!!!' }, ['cursor']],
    ['a cursor that decodes to nothing', { cursor: 'abc' }, ['cursor']],
    ['an unknown parameter', { sort: 'title' }, ['sort']],
    ['several bad values at once', { status: 'x', kind: 'y', limit: -1 }, ['status', 'kind', 'limit']],
  ])('refuses %s with a 400 naming it', async (_label, query, named) => {
    const response = await get('weijian', query).expect(400);
    const message = JSON.stringify(response.body.message);
    for (const field of named) expect(message).toContain(field);
  });

  it('refuses a done cursor for the open list', async () => {
    const done = (await get('weijian', { status: 'done', limit: 1 }).expect(200)).body as InboxPageBody;
    expect(done.nextCursor).not.toBeNull();
    const response = await get('weijian', { cursor: done.nextCursor! }).expect(400);
    expect(JSON.stringify(response.body.message)).toContain('cursor');
  });

  describe('marking read', () => {
    it('sets readAt to now and keeps the first time when read again', async () => {
      const first = await read('weijian', idOf.A).expect(200);
      expect(first.body).toMatchObject({ id: idOf.A, readAt: NOW, status: 'open', overdue: true });
      t.clock.set('2025-06-11T02:00:00Z');
      const again = await read('weijian', idOf.A).expect(200);
      expect(again.body.readAt).toBe(NOW);
      const alreadyRead = await read('weijian', idOf.B).expect(200);
      expect(alreadyRead.body.readAt).toBe('2025-05-02T01:00:00.000Z');
      const page = (await get('weijian').expect(200)).body as InboxPageBody;
      expect(page.counts.unread).toBe(3);
    });

    it('refuses another unit’s item, also to inspectors, and lets admins mark any', async () => {
      await read('weijian', idOf.O).expect(403);
      await read('inspector', idOf.C).expect(403);
      const [untouched]: { read_at: Date | null }[] = await t.dataSource.query('SELECT read_at FROM inbox_items WHERE id = $1', [idOf.O]);
      expect(untouched.read_at).toBeNull();
      const byAdmin = await read('admin', idOf.O).expect(200);
      expect(byAdmin.body.readAt).not.toBeNull();
    });

    it('answers 404 for an unknown item and 400 for a malformed id', async () => {
      await read('weijian', '999999').expect(404);
      await read('admin', '999999').expect(404);
      const malformed = await read('weijian', 'abc').expect(400);
      expect(JSON.stringify(malformed.body.message)).toContain('id');
      await read('weijian', '0').expect(400);
    });
  });
});
