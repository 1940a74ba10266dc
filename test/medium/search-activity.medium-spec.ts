import type { AuthenticatedUser } from '@duban/auth';
import { SearchActivityStore } from '@duban/tasks/search/search-activity.store';
import { SearchActivitySweep } from '@duban/tasks/search/search-activity-sweep.service';
import { ACTIVITY_MIN_TASKS } from '@duban/tasks/search/search-unit-activity';
import { SearchService } from '@duban/tasks/search/search.service';
import { TaskLinksStore } from '@duban/tasks/task-links.store';
import { createMediumDatabase, type MediumDatabase, openTransaction } from '../support/medium-database';
import { insertPlan, insertUnit, type PlanFixture, rows } from '../support/medium-fixtures';

/**
 * The events of a unit's search by its linked tasks' latest activity (search_unit_activity), kept behind the
 * transitions by the worker's sweep: the hits are the same before the sweep (the events above the watermark are read
 * from the table's tail), after it, and whatever order the transactions commit in.
 */
describe('the units’ search activity and the events by activity (PostgreSQL)', () => {
  let db: MediumDatabase;
  let service: SearchService;
  let sweep: SearchActivitySweep;
  const TASKS = ACTIVITY_MIN_TASKS + 50;
  const officerOf = (unitId: string): AuthenticatedUser => ({ id: '2', username: 'officer', unitId, roles: ['officer'] });

  beforeAll(async () => {
    db = await createMediumDatabase();
    service = new SearchService(db.dataSource);
    sweep = new SearchActivitySweep(db.dataSource, new SearchActivityStore());
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    await db.truncate();
  });

  /** `count` tasks of the plan linked to the unit as its lead, by plain SQL; their ids, oldest first */
  const tasksOf = async (plan: PlanFixture, unitId: string, count: number, from = 1): Promise<string[]> => {
    const inserted = await rows<{ id: string }>(
      db.dataSource,
      `INSERT INTO tasks (plan_id, section_id, work_item_id, seq, text, lead_text, support_text, line, due_on)
       SELECT $1, $2, $3, g, '第' || g || '项：推进重点领域工作', 'lead', 'support', g, '2026-12-31' FROM generate_series($4::int, $5::int) g
       RETURNING id::text`,
      [plan.planId, plan.sectionId, plan.workItemId, from, from + count - 1],
    );
    const ids = inserted.map((row) => row.id).sort((a, b) => Number(a) - Number(b));
    await db.query(`INSERT INTO task_units (task_id, unit_id, role, position) SELECT unnest($1::bigint[]), $2, 'lead', 0`, [ids, unitId]);
    return ids;
  };
  /** an audit event of the task with a summary, committed as a transition writes it (on `executor`, a transaction) */
  const eventOf = async (taskId: string, summary: string, executor: { query: (sql: string, params: unknown[]) => Promise<unknown> } = db.dataSource) => {
    const [row] = (await executor.query(
      `INSERT INTO task_events (task_id, seq, type, from_state, to_state, actor_kind, payload, at)
       SELECT $1, COALESCE(max(seq), 0) + 1, 'REPORT_PROGRESS', 'in_progress', 'in_progress', 'system', jsonb_build_object('summary', $2::text), now()
         FROM task_events WHERE task_id = $1
       RETURNING id::text`,
      [taskId, summary],
    )) as { id: string }[];
    return row.id;
  };
  const watermark = async () =>
    (await rows<{ watermark: string }>(db.dataSource, 'SELECT watermark::text FROM search_activity_watermark'))[0]?.watermark ?? null;
  /** the worker's sweeps until the watermark is the newest event (a few: each sees the transactions running end first) */
  const catchUp = async () => {
    for (let run = 0; run < 5; run += 1) await sweep.sweep();
  };
  /** the unit's events holding the word, newest first, as plain SQL finds them (the answer every way must give) */
  const expectedEvents = (unitId: string, word: string) =>
    rows<{ id: string }>(
      db.dataSource,
      `SELECT e.id::text FROM task_events e JOIN task_units l ON l.task_id = e.task_id AND l.unit_id = $1
        WHERE e.payload ->> 'summary' LIKE '%' || $2 || '%' ORDER BY e.id DESC`,
      [unitId, word],
    ).then((found) => found.map((row) => row.id));
  /** every page of the unit's events holding the word */
  const searched = async (unitId: string, word: string, limit = 20): Promise<string[]> => {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await service.search(officerOf(unitId), { q: word, kind: 'event', limit, ...(cursor ? { cursor } : {}) });
      ids.push(...page.items.map((hit) => hit.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return ids;
  };

  it('finds an event right after its transition (above the watermark), after the worker reflected it, and every page the same', async () => {
    const unit = await insertUnit(db.dataSource, { name: '市发展和改革委员会' });
    const plan = await insertPlan(db.dataSource);
    const tasks = await tasksOf(plan, unit, TASKS);
    for (const [n, taskId] of tasks.entries()) await eventOf(taskId, n % 3 === 0 ? `启动部署第${n}项` : `按计划推进，第${n}次报送进展`);
    await catchUp();
    const newest = (await rows<{ max: string }>(db.dataSource, 'SELECT max(id)::text AS max FROM task_events'))[0].max;
    expect(await watermark()).toBe(newest);
    expect(await rows(db.dataSource, `SELECT count(*)::int AS n FROM search_unit_activity WHERE unit_id = $1`, [unit])).toEqual([{ n: TASKS }]);
    expect(await searched(unit, '报送')).toEqual(await expectedEvents(unit, '报送'));

    // the oldest task reports: its event is the first hit at once, read from the tail before the worker's sweep
    const reported = await eventOf(tasks[0], '第一季度报送材料');
    expect(BigInt(await watermark())).toBeLessThan(BigInt(reported));
    const first = await service.search(officerOf(unit), { q: '报送', kind: 'event' });
    expect(first.items[0]).toEqual(expect.objectContaining({ id: reported, taskId: tasks[0], field: 'summary' }));
    expect(await searched(unit, '报送', 7)).toEqual(await expectedEvents(unit, '报送'));
    // and after it, from the walk: the task's row says its newest event
    await catchUp();
    expect(await watermark()).toBe(reported);
    expect(await rows(db.dataSource, `SELECT event_id::text FROM search_unit_activity WHERE unit_id = $1 AND task_id = $2`, [unit, tasks[0]])).toEqual([
      { event_id: reported },
    ]);
    expect((await service.search(officerOf(unit), { q: '报送', kind: 'event' })).items[0].id).toBe(reported);
    expect(await searched(unit, '报送', 7)).toEqual(await expectedEvents(unit, '报送'));
    expect(await searched(unit, '启动部署')).toEqual(await expectedEvents(unit, '启动部署'));
  });

  it('never moves the watermark past an event whose transaction is still running (ids commit out of order)', async () => {
    const unit = await insertUnit(db.dataSource, { name: '市财政局' });
    const plan = await insertPlan(db.dataSource);
    const tasks = await tasksOf(plan, unit, TASKS);
    for (const taskId of tasks) await eventOf(taskId, '报送进展');
    await catchUp();
    const before = await watermark();

    const slow = await openTransaction(db.dataSource);
    try {
      const early = await eventOf(tasks[10], '迟到的报送', slow.runner);
      const later = await eventOf(tasks[20], '按时的报送');
      expect(BigInt(later)).toBeGreaterThan(BigInt(early));
      await catchUp();
      // the running transaction holds the watermark below its event: the later event waits above it too
      expect(BigInt(await watermark())).toBeLessThan(BigInt(early));
      expect(await watermark()).toBe(before);
      expect((await service.search(officerOf(unit), { q: '报送', kind: 'event' })).items[0].id).toBe(later);
      await slow.commit();
      expect((await service.search(officerOf(unit), { q: '报送', kind: 'event' })).items.slice(0, 2).map((hit) => hit.id)).toEqual([later, early]);
      await catchUp();
      expect(await watermark()).toBe(later);
      expect(await rows(db.dataSource, `SELECT event_id::text FROM search_unit_activity WHERE unit_id = $1 AND task_id = $2`, [unit, tasks[10]])).toEqual([
        { event_id: early },
      ]);
      expect(await searched(unit, '报送')).toEqual(await expectedEvents(unit, '报送'));
    } finally {
      await slow.rollback();
    }
  });

  it('finds the older events of a task a unit is newly linked to (its row unknown until the worker resolves it)', async () => {
    const lead = await insertUnit(db.dataSource, { name: '市生态环境局' });
    const joining = await insertUnit(db.dataSource, { name: '市林业和草原局' });
    const plan = await insertPlan(db.dataSource);
    const tasks = await tasksOf(plan, lead, 3);
    await tasksOf(plan, joining, TASKS, 10);
    const old = await eventOf(tasks[1], '报送整改台账');
    await catchUp();
    expect(await searched(joining, '报送')).toEqual([]);

    await db.dataSource.transaction((manager) => new TaskLinksStore().replaceSupportUnits(manager, tasks[1], [joining]));
    expect(await rows(db.dataSource, `SELECT event_id::text FROM search_unit_activity WHERE unit_id = $1`, [joining])).toEqual([
      { event_id: '9223372036854775807' },
    ]);
    expect(await searched(joining, '报送')).toEqual([old]);
    await catchUp();
    expect(await rows(db.dataSource, `SELECT event_id::text FROM search_unit_activity WHERE unit_id = $1`, [joining])).toEqual([{ event_id: old }]);
    expect(await searched(joining, '报送')).toEqual([old]);
    // a link gone leaves its row, which the search skips
    await db.dataSource.transaction((manager) => new TaskLinksStore().replaceSupportUnits(manager, tasks[1], []));
    expect(await searched(joining, '报送')).toEqual([]);
  });
});
