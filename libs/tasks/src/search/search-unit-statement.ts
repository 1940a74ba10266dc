import { tasksSeenThroughCascadeSql } from '../cascade/cascade-visibility';
import type { SqlParameters } from '../task-list.service';
import { TASK_UNIT_ROLES } from '../task-list.types';
import { kindOfRank, SEARCH_RANKS } from './search.types';
import { SEARCH_DOCUMENTS, type SearchScope, TASK_SEARCH_TEXT, titleOfTaskMatches } from './search-documents';
import { eventsByActivity, linkOf } from './search-unit-activity';

export interface UnitSearchWords {
  /** every word in the document whose grams and text are given */
  matches: (grams: string, text: string) => string;
  /** the grams of every word, as one text[] expression */
  grams: string;
  /** `lower(t.number) = q`: the exact task number */
  isNumber: () => string;
  notNumber: () => string;
}

/**
 * A unit's search (officers): the `(rank, id, task_id)` hits of a page, found from the tasks the unit may see (the
 * CTE `mine`: their ids only, by the task list's rule). A unit may see a few dozen tasks or, for a department
 * responsible for whole plans, 10,000 of a million; the page is 20 hits. So each rank has two ways to its hits, and
 * the statement picks one per search from a cheap estimate of how common the words are (the share of the table's
 * rows that hold the rarest of their grams, from ANALYZE's most common elements of the table's `search_grams`, against
 * the share of all tasks the unit sees):
 *
 * - **from the unit's tasks** (a word many documents hold, or a unit with few tasks): the tasks newest first, each
 *   tested, stopping when the page is full (a word every task holds reads about 20 tasks, not 10,000); the events,
 *   orders and contributions of each task through their `(task_id, …)` indexes (LATERAL with a page's LIMIT, which
 *   PostgreSQL does not flatten);
 * - **from the word** (a word few documents hold, for a unit that sees many tasks): the table's GIN index gives every
 *   document with the word, kept when its task is one of the unit's (a hashed set). Its cost is the word's documents
 *   in the whole table, which is why the estimate must say they are fewer than the unit's.
 *
 * Both ways find the same hits (the estimate chooses a cost, never an answer). The statement is prepared once and
 * run on a generic plan: its shape does not depend on the words or the unit, the choice is made as it runs (the
 * LIMIT of the way not taken is 0, and a LIMIT 0 returns before its plan runs).
 */
export function unitSearchCtes(params: SqlParameters, take: string, scope: SearchScope, words: UnitSearchWords): string[] {
  const { user, query, after } = scope;
  const unit = params.add(user.unitId, 'bigint');
  const plan = query.planId === undefined ? null : params.add(query.planId, 'bigint');
  const { matches, grams, isNumber, notNumber } = words;
  const inMine = (id: string): string => `COALESCE(${id} IN (SELECT id FROM mine), FALSE)`; // a hashed set, never a join the planner could reorder
  const ctes: string[] = [];
  // each rank's CTEs in order: its way (way<i>) and its hits (hits<i>); `hits` names the ranks' hits so far
  const ranks: string[] = [];
  const hits: string[] = [];
  SEARCH_RANKS.forEach((rank, index) => {
    if (query.kind !== undefined && kindOfRank(rank) !== query.kind) return;
    if (after !== null && index < after.rank) return;
    const resumedAt = after !== null && index === after.rank ? params.add(after.id, 'bigint') : null;
    const resumed = (id: string): string[] => (resumedAt === null ? [] : [`${id} < ${resumedAt}`]);
    const room =
      hits.length === 0 ? take : `GREATEST(0, ${take} - (SELECT count(*) FROM (${hits.map((h) => `SELECT 1 FROM ${h}`).join(' UNION ALL ')}) found))`;
    const i = hits.length;
    hits.push(`hits${i}`);
    if (rank === 'number') {
      // the number's own index; a number names one task or a few
      const found = `SELECT t.id, t.id AS task_id FROM tasks t WHERE ${[isNumber(), inMine('t.id'), ...resumed('t.id')].join(' AND ')}`;
      ranks.push(`hits${i} AS MATERIALIZED (SELECT ${index} AS rank, id, task_id FROM (${found}) found ORDER BY id DESC LIMIT ${room})`);
      return;
    }
    const {
      table,
      alias: a,
      text,
      indexed,
    } = rank === 'task' ? { table: 'tasks', alias: 't', text: TASK_SEARCH_TEXT, indexed: 'TRUE' } : SEARCH_DOCUMENTS[rank];
    // the estimate: the share of the table's rows that hold the words' rarest gram, from the statistics ANALYZE keeps of
    // the table's search_grams (a gram below its most common elements is rare: share 0); before the first ANALYZE, 1 (the
    // unit's tasks); 0 for a table ANALYZE found empty (pg_class.reltuples 0, -1 before the first), which has no statistics
    // either: the benchmark's rectification orders, which the tasks' way probed once per task of the unit (10,000 probes
    // of an empty index for a department). A sample of the table's newest rows was tried first and misled: the newest
    // events (reminders, starts) held no `报送`, so a department of 10,000 tasks took the word's 3 million events (30 s).
    ctes.push(`share${i} AS MATERIALIZED (
       SELECT CASE WHEN (SELECT c.reltuples FROM pg_class c WHERE c.oid = 'public.${table}'::regclass) = 0 THEN 0
                   ELSE COALESCE((SELECT min(COALESCE(x.f, 0))
                                    FROM pg_stats s CROSS JOIN unnest(${grams}) g(gram)
                                    LEFT JOIN unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS x(e, f) ON x.e = g.gram
                                   WHERE s.schemaname = 'public' AND s.tablename = '${table}' AND s.attname = 'search_grams'
                                     AND s.most_common_elems IS NOT NULL), 1) END AS held)`);
    // from the word when its documents in the whole table are likely fewer than those of the unit's tasks:
    // share of documents < unit's tasks / all tasks
    const fromWord = `(SELECT held FROM share${i}) * (SELECT tasks FROM scale) < (SELECT mine FROM scale)`;
    // the way taken is worked out once (way<i>), each way's LIMIT the room when it is the one: written into each LIMIT,
    // the room and the estimate were parts of the plan four times over, and starting the plan's executor was a fifth of
    // a light unit's search
    const limitIf = (way: 'tasks' | 'activity' | 'word'): string => `(SELECT CASE WHEN w.way = '${way}' THEN w.room ELSE 0 END FROM way${i} w)`;
    let viaTasks: string;
    let viaWord: string;
    let viaActivity: string | null = null;
    let byActivityWhen = 'FALSE';
    if (rank === 'task') {
      const sectionOrItem = (column: 'section_id' | 'work_item_id'): string => titleOfTaskMatches(column, matches);
      const ownText = matches('t.search_grams', text);
      const holds = `(${ownText} OR ${sectionOrItem('section_id')} OR ${sectionOrItem('work_item_id')})`;
      // newest first through the unit's ids, each task read by its key until the page is full (OFFSET 0: not flattened);
      // one walk per list of the unit's ids (newestFirst), each stopping at a page of hits, the page their newest
      viaTasks = newestFirst(resumed)
        .map(
          (ids) => `(SELECT m.id, m.id AS task_id FROM (${ids}) m
                      CROSS JOIN LATERAL (SELECT FROM tasks t WHERE t.id = m.id AND ${notNumber()} AND ${holds} OFFSET 0) f
                      LIMIT ${limitIf('tasks')})`,
        )
        .join(' UNION ALL ');
      // three branches (an OR would hide the GIN index); the + 0 keeps the planner off the primary key
      const branches = [ownText, sectionOrItem('section_id'), sectionOrItem('work_item_id')].map(
        (found) => `(SELECT t.id FROM tasks t WHERE ${[found, notNumber(), inMine('t.id'), ...resumed('t.id')].join(' AND ')})`,
      );
      viaWord = `SELECT DISTINCT id, id AS task_id FROM (${branches.join(' UNION ALL ')}) branches`;
    } else {
      const perTask = `(SELECT ${a}.id, ${a}.task_id FROM ${table} ${a}
                         WHERE ${[`${a}.task_id = m.id`, indexed, matches(`${a}.search_grams`, text), ...resumed(`${a}.id`)].join(' AND ')}
                         ORDER BY ${a}.id DESC LIMIT ${take})`;
      viaTasks = `SELECT d.id, d.task_id FROM mine m CROSS JOIN LATERAL ${perTask} d`;
      if (rank === 'event') {
        const activity = eventsByActivity({
          i,
          unit,
          take,
          inMine,
          planned: plan !== null,
          matches: matches(`${a}.search_grams`, text),
          indexed,
          resumed: resumed(`${a}.id`),
        });
        ctes.push(...activity.ctes);
        viaActivity = activity.hits;
        byActivityWhen = activity.way;
      }
      viaWord = `SELECT ${a}.id, ${a}.task_id FROM ${table} ${a}
                  WHERE ${[indexed, matches(`${a}.search_grams`, text), inMine(`${a}.task_id`), ...resumed(`${a}.id`)].join(' AND ')}`;
    }
    // the events by the unit's latest activity when the worker is not far behind (search-unit-activity.ts)
    const activityWay =
      viaActivity === null ? '' : `(SELECT id, task_id FROM (${viaActivity}) via_activity ORDER BY id DESC LIMIT ${limitIf('activity')}) UNION ALL`;
    ranks.push(`way${i} AS MATERIALIZED (
       SELECT r.room, CASE WHEN r.room = 0 THEN NULL WHEN ${fromWord} THEN 'word' WHEN (${byActivityWhen}) THEN 'activity' ELSE 'tasks' END AS way
         FROM (SELECT ${room} AS room) r
     )`);
    ranks.push(`hits${i} AS MATERIALIZED (
       SELECT ${index} AS rank, id, task_id FROM (
         (SELECT id, task_id FROM (${viaTasks}) via_tasks ORDER BY id DESC LIMIT ${limitIf('tasks')})
         UNION ALL
         ${activityWay}
         (SELECT id, task_id FROM (${viaWord}) via_word ORDER BY id + 0 DESC LIMIT ${limitIf('word')})
       ) found ORDER BY id DESC LIMIT (SELECT room FROM way${i}))`);
  });
  if (ranks.length === 0) return [];
  // the unit's tasks, their ids read once: those linked to the unit and those it sees otherwise — an order addresses
  // them to it, or the cascade (the task list's rule), and it is not linked to them (one probe of the links each). The
  // two never share a task and a unit has one link per task (the links' key), so they need no hashing to be distinct:
  // as a UNION, hashing a department's 10,198 ids cost 5–6 ms, most of its search
  const seenOtherwise = `SELECT task_id FROM rectification_orders WHERE unit_id = ${unit} UNION ${tasksSeenThroughCascadeSql(unit)}`;
  const inPlan = (ids: string): string => (plan === null ? ids : `SELECT t.id FROM tasks t WHERE t.id IN (${ids}) AND t.plan_id = ${plan}`);
  const others = `others(id) AS MATERIALIZED (
       SELECT o.id FROM (${inPlan(seenOtherwise)}) o(id) WHERE NOT ${linkOf('o.id', unit)}
     )`;
  const linked = `SELECT task_id FROM task_units WHERE unit_id = ${unit}`;
  const mine = `mine(id) AS MATERIALIZED (
       ${inPlan(linked)} UNION ALL SELECT id FROM others
     )`;
  // the unit's share of all tasks (the planner's count of them, kept by ANALYZE; unknown before the first: from the
  // tasks); without a plan its tasks are counted from the links' index, so that a search taking the tasks' walk never
  // reads `mine`
  const counted = plan === null ? `(SELECT count(*) FROM (${linked}) l) + (SELECT count(*) FROM others)` : '(SELECT count(*) FROM mine)';
  const scale = `scale AS MATERIALIZED (
       SELECT ${counted} AS mine,
              (SELECT CASE WHEN c.reltuples > 0 THEN c.reltuples ELSE 'Infinity'::float8 END FROM pg_class c WHERE c.oid = 'tasks'::regclass) AS tasks
     )`;
  const page = `page AS MATERIALIZED (
       SELECT rank, id, task_id FROM (${hits.map((h) => `SELECT * FROM ${h}`).join(' UNION ALL ')}) hits ORDER BY rank, id DESC LIMIT ${take}
     )`;
  return [others, mine, scale, ...ctes, ...ranks, page];

  /**
   * The unit's tasks newest first, for the tasks' walk, as lists each in that order: without a plan, its links of each
   * role by their index ((unit_id, role, task_id): read backwards, no sort) and the others sorted (few); in a plan's
   * search, `mine` sorted. Merged into one list, the planner sorted a department's 10,198 ids (its estimate of the
   * others, the cascade's plans, was 275,000 rows) where a page needs its newest twenty.
   */
  function newestFirst(resumed: (id: string) => string[]): string[] {
    const sorted = (ids: string, id: string, conditions: string[]): string =>
      `SELECT ${id} AS id FROM ${ids} WHERE ${[...conditions, ...resumed(id)].join(' AND ')} ORDER BY ${id} DESC`;
    if (plan !== null) return [sorted('mine m', 'm.id', ['TRUE'])];
    const role = (name: string): string => sorted('task_units l', 'l.task_id', [`l.unit_id = ${unit}`, `l.role = '${name}'`]);
    // every role a link may have (the links' CHECK constraint): a walk per role
    return [...TASK_UNIT_ROLES.map(role), sorted('others o', 'o.id', ['TRUE'])];
  }
}
