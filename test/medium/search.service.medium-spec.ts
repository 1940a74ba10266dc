import type { AuthenticatedUser } from '@duban/auth';
import { SearchIndex1764670000000 } from '@duban/persistence/migrations/1764670000000-search-index';
import { OrderStore } from '@duban/rectification';
import { ContributionStore } from '@duban/tasks/contributions/contribution.store';
import { SearchService } from '@duban/tasks/search/search.service';
import type { SearchQuery } from '@duban/tasks';
import { createMediumDatabase, type MediumDatabase } from '../support/medium-database';
import { insertPlan, insertTask, insertUnit, rows } from '../support/medium-fixtures';
import { importSeedPlan } from '../support/medium-seed';

const NOW = new Date('2022-03-01T02:00:00.000Z');
const ADMIN: AuthenticatedUser = { id: '1', username: 'admin', unitId: null, roles: ['admin'] };

describe('the search index and SearchService (PostgreSQL)', () => {
  let db: MediumDatabase;
  let service: SearchService;
  const find = async (user: AuthenticatedUser, query: SearchQuery) => (await service.search(user, { limit: 100, ...query })).items;
  const officerOf = (unitId: string): AuthenticatedUser => ({ id: '2', username: 'officer', unitId, roles: ['officer'] });

  beforeAll(async () => {
    db = await createMediumDatabase();
    service = new SearchService(db.dataSource);
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    await db.truncate();
  });

  it('indexes an import’s tasks in its set-based statement: the seed is found by two characters and by one', async () => {
    const seed = await db.dataSource.transaction((manager) => importSeedPlan(manager));
    const holding = async (word: string): Promise<string[]> =>
      (
        await rows<{ id: string }>(
          db.dataSource,
          `SELECT t.id::text FROM tasks t JOIN sections s ON s.id = t.section_id JOIN work_items w ON w.id = t.work_item_id
            WHERE t.text LIKE '%' || $1 || '%' OR s.title LIKE '%' || $1 || '%' OR w.title LIKE '%' || $1 || '%' ORDER BY t.id DESC`,
          [word],
        )
      ).map((r) => r.id);
    for (const word of ['志愿', '厕', '病媒']) {
      const expected = await holding(word);
      expect(expected.length).toBeGreaterThan(0);
      const hits = await find(ADMIN, { q: word, kind: 'task', planId: seed.planId });
      // newest first, every task whose text, section or work item holds the word, and no other
      expect(hits.map((hit) => hit.taskId)).toEqual(expected);
    }
    // every imported row has its grams, and an identical text has identical grams
    const [counts] = await rows<{ missing: number; distinct_texts: number; distinct_pairs: number }>(
      db.dataSource,
      `SELECT count(*) FILTER (WHERE cardinality(search_grams) = 0)::int AS missing,
              count(DISTINCT text)::int AS distinct_texts, count(DISTINCT (text, search_grams))::int AS distinct_pairs FROM tasks`,
    );
    expect(counts).toEqual({ missing: 0, distinct_texts: counts.distinct_texts, distinct_pairs: counts.distinct_texts });
  });

  it('follows the stores’ writes: an order’s findings, submission and return, a contribution’s summary and return, a changed task text', async () => {
    const lead = await insertUnit(db.dataSource, { name: '市卫生健康委员会' });
    const other = await insertUnit(db.dataSource, { name: '市城市管理综合执法局' });
    const plan = await insertPlan(db.dataSource);
    const taskId = await insertTask(db.dataSource, plan, { seq: 1, dueOn: '2022-12-31', state: 'rectify', leads: [lead], text: '推进病媒生物防制' });
    const orders = new OrderStore();
    const contributions = new ContributionStore();
    const [order] = await db.dataSource.transaction((manager) =>
      orders.insertRound(
        manager,
        { taskId, round: 1, findings: '消杀记录缺失', requiredActions: '补齐消杀台账', dueAt: '2022-03-31', issuedBy: null, unitIds: [lead] },
        NOW,
      ),
    );
    expect((await find(ADMIN, { q: '消杀' })).map((hit) => [hit.kind, hit.id, hit.field])).toEqual([['order', order.id, 'findings']]);
    await db.dataSource.transaction((manager) => orders.recordSubmission(manager, order.id, { summary: '已建立鼠密度监测点位', evidence: [] }, NOW));
    expect(await find(ADMIN, { q: '鼠密度' })).toEqual([expect.objectContaining({ kind: 'order', field: 'submission', snippet: '已建立鼠密度监测点位' })]);
    await db.dataSource.transaction((manager) => orders.recordReturn(manager, order.id, '照片模糊不清'));
    expect(await find(ADMIN, { q: '模糊' })).toEqual([expect.objectContaining({ kind: 'order', field: 'returnReason' })]);

    const period = { periodEnd: '2022-03-31', dueOn: '2022-04-05', termEndsAt: new Date('2022-04-05T16:00:00.000Z') };
    await db.dataSource.transaction((manager) =>
      contributions.submit(manager, { taskId, unitId: other, userId: null, summary: '完成背街小巷环境整治', evidence: [], period, explicit: true }, NOW),
    );
    expect(await find(ADMIN, { q: '小巷' })).toEqual([expect.objectContaining({ kind: 'contribution', taskId, field: 'summary' })]);
    await db.dataSource.transaction((manager) =>
      contributions.returnSubmitted(manager, { taskId, unitId: other, period: null, reason: '缺少整治前后对比', userId: null }, NOW),
    );
    expect(await find(ADMIN, { q: '对比', kind: 'contribution' })).toEqual([expect.objectContaining({ field: 'returnedReason' })]);
    // the ranks: the task, then its order, then its contribution
    await db.query(`UPDATE tasks SET text = '推进消杀工作，整治背街小巷' WHERE id = $1`, [taskId]);
    expect((await find(ADMIN, { q: '小巷' })).map((hit) => hit.kind)).toEqual(['task', 'contribution']);
    expect(await find(ADMIN, { q: '病媒' })).toEqual([]);
    expect((await find(ADMIN, { q: '消杀' })).map((hit) => hit.kind)).toEqual(['task', 'order']);

    // the addressed unit sees the order's task; a unit with no link sees nothing
    expect((await find(officerOf(lead), { q: '消杀' })).map((hit) => hit.kind)).toEqual(['task', 'order']);
    const stranger = await insertUnit(db.dataSource, { name: '市水利局' });
    expect(await find(officerOf(stranger), { q: '消杀' })).toEqual([]);
  });

  it('finds a unit’s order written after ANALYZE found the orders empty (its rank then reads the word’s index)', async () => {
    const lead = await insertUnit(db.dataSource, { name: '市卫生健康委员会' });
    const plan = await insertPlan(db.dataSource);
    const taskId = await insertTask(db.dataSource, plan, { seq: 1, dueOn: '2022-12-31', state: 'rectify', leads: [lead], text: '推进病媒生物防制' });
    await db.query('ANALYZE rectification_orders');
    expect(await db.query(`SELECT reltuples FROM pg_class WHERE oid = 'rectification_orders'::regclass`)).toEqual([{ reltuples: 0 }]);
    const [order] = await db.dataSource.transaction((manager) =>
      new OrderStore().insertRound(
        manager,
        { taskId, round: 1, findings: '消杀记录缺失', requiredActions: '补齐消杀台账', dueAt: '2022-03-31', issuedBy: null, unitIds: [lead] },
        NOW,
      ),
    );
    expect((await find(officerOf(lead), { q: '消杀', kind: 'order' })).map((hit) => [hit.kind, hit.id])).toEqual([['order', order.id]]);
    expect((await find(officerOf(lead), { q: '记录缺失' })).map((hit) => [hit.kind, hit.id])).toEqual([['order', order.id]]);
  });

  it('reads the text for a word of three characters or more (its pairs may be apart), case aside', async () => {
    const plan = await insertPlan(db.dataSource);
    const apart = await insertTask(db.dataSource, plan, { seq: 1, dueOn: '2022-12-31', text: '督办工作，办事高效，推进WeChat应用' });
    const together = await insertTask(db.dataSource, plan, { seq: 2, dueOn: '2022-12-31', text: '加强督办事项管理' });
    const found = async (q: string) => (await find(ADMIN, { q })).map((hit) => hit.taskId);
    expect(await found('督办')).toEqual([together, apart]);
    expect(await found('督办事')).toEqual([together]);
    expect(await found('wechat')).toEqual([apart]);
    expect(await found('督办 高效')).toEqual([apart]);
    expect(await found('工作 事项')).toEqual([]);
  });

  it('the migration fills in the grams of rows written before it (its backfill)', async () => {
    const plan = await insertPlan(db.dataSource);
    const migration = new SearchIndex1764670000000();
    const runner = db.dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      const taskId = await insertTask(db.dataSource, plan, { seq: 1, dueOn: '2022-12-31', text: '巩固国家卫生城市创建成果' });
      await migration.up(runner);
      const [row] = await rows<{ search_grams: string[] }>(db.dataSource, 'SELECT search_grams FROM tasks WHERE id = $1', [taskId]);
      expect(row.search_grams).toEqual(expect.arrayContaining(['巩', '固', '巩固', '成果']));
      expect((await find(ADMIN, { q: '卫生城市' })).map((hit) => hit.taskId)).toEqual([taskId]);
    } finally {
      await runner.release();
    }
  });

  it('reads a rare pair through the GIN index at 10,000 tasks', async () => {
    const plan = await insertPlan(db.dataSource);
    await db.query(
      `INSERT INTO tasks (plan_id, section_id, work_item_id, seq, text, lead_text, support_text, line, due_on)
       SELECT $1, $2, $3, g, '第' || g || '项：推进重点领域工作，建立健全长效机制。', 'lead', 'support', g, '2022-12-31' FROM generate_series(1, 10000) g`,
      [plan.planId, plan.sectionId, plan.workItemId],
    );
    await db.query(`UPDATE tasks SET text = '康巴什区独有事项' WHERE seq = 777`);
    // the rows wait in the GIN index's pending list until a vacuum (or the list's limit) moves them into the index proper
    await db.query('VACUUM ANALYZE tasks');
    const explained = (await rows<{ 'QUERY PLAN': string }>(db.dataSource, `EXPLAIN SELECT id FROM tasks t WHERE t.search_grams @> search_term_grams('巴什')`))
      .map((line) => line['QUERY PLAN'])
      .join('\n');
    expect(explained).toContain('tasks_search_idx');
    expect((await find(ADMIN, { q: '巴什' })).map((hit) => hit.snippet)).toEqual(['康巴什区独有事项']);
    // a pair every task holds: the first page, newest first, then the next from the cursor
    const first = await service.search(ADMIN, { q: '机制', limit: 3 });
    expect(first.items).toHaveLength(3);
    const second = await service.search(ADMIN, { q: '机制', limit: 3, cursor: first.nextCursor as string });
    expect(Number(second.items[0].taskId)).toBeLessThan(Number(first.items[2].taskId));

    // a pair three tasks hold, one among the newest 4,000 (walked) and two older (the GIN index): one list, newest first,
    // the same a hit at a time across that boundary
    await db.query(`UPDATE tasks SET text = text || '示范点' WHERE plan_id = $1 AND seq IN (10, 5000, 9990)`, [plan.planId]);
    await db.query('VACUUM ANALYZE tasks');
    const holders = await rows<{ id: string }>(
      db.dataSource,
      `SELECT id::text FROM tasks WHERE plan_id = $1 AND seq IN (10, 5000, 9990) ORDER BY tasks.id DESC`,
      [plan.planId],
    );
    expect((await find(ADMIN, { q: '示范' })).map((hit) => hit.taskId)).toEqual(holders.map((row) => row.id));
    const oneByOne: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await service.search(ADMIN, { q: '示范', limit: 1, ...(cursor ? { cursor } : {}) });
      oneByOne.push(...page.items.map((hit) => hit.taskId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor && oneByOne.length < 10);
    expect(oneByOne).toEqual(holders.map((row) => row.id));
  });
});
