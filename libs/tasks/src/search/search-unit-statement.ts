import { tasksSeenThroughCascadeSql } from '../cascade/cascade-visibility';
import type { SqlParameters } from '../task-list.service';
import { kindOfRank, SEARCH_RANKS } from './search.types';
import { SEARCH_DOCUMENTS, type SearchScope, TASK_SEARCH_TEXT, titleOfTaskMatches } from './search-documents';
import { eventsByActivity } from './search-unit-activity';

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
  const ranks: string[] = [];
  SEARCH_RANKS.forEach((rank, index) => {
    if (query.kind !== undefined && kindOfRank(rank) !== query.kind) return;
    if (after !== null && index < after.rank) return;
    const resumedAt = after !== null && index === after.rank ? params.add(after.id, 'bigint') : null;
    const resumed = (id: string): string[] => (resumedAt === null ? [] : [`${id} < ${resumedAt}`]);
    const room =
      ranks.length === 0 ? take : `GREATEST(0, ${take} - (SELECT count(*) FROM (${ranks.map((_, j) => `SELECT 1 FROM hits${j}`).join(' UNION ALL ')}) found))`;
    const i = ranks.length;
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
    const limitIf = (way: string): string => `(CASE WHEN ${room} = 0 THEN 0 WHEN ${way} THEN ${room} ELSE 0 END)`;
    let viaTasks: string;
    let viaWord: string;
    let viaActivity: string | null = null;
    let byActivityWhen = 'FALSE';
    if (rank === 'task') {
      const sectionOrItem = (column: 'section_id' | 'work_item_id'): string => titleOfTaskMatches(column, matches);
      const ownText = matches('t.search_grams', text);
      const holds = `(${ownText} OR ${sectionOrItem('section_id')} OR ${sectionOrItem('work_item_id')})`;
      // newest first through the unit's ids, each task read by its key until the page is full (OFFSET 0: not flattened)
      // (the ids are the walk's own, so that the walk's order is the page's and the LIMIT above stops it)
      viaTasks = `SELECT m.id, m.id AS task_id FROM (SELECT id FROM mine m WHERE ${['TRUE', ...resumed('m.id')].join(' AND ')} ORDER BY id DESC) m
                   CROSS JOIN LATERAL (SELECT FROM tasks t WHERE t.id = m.id AND ${notNumber()} AND ${holds} OFFSET 0) f`;
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
    const byActivity = `(${byActivityWhen})`;
    const activityWay =
      viaActivity === null
        ? ''
        : `(SELECT id, task_id FROM (${viaActivity}) via_activity ORDER BY id DESC LIMIT ${limitIf(`NOT (${fromWord}) AND ${byActivity}`)})
         UNION ALL`;
    ranks.push(`hits${i} AS MATERIALIZED (
       SELECT ${index} AS rank, id, task_id FROM (
         (SELECT id, task_id FROM (${viaTasks}) via_tasks ORDER BY id DESC LIMIT ${limitIf(`NOT (${fromWord}) AND NOT ${byActivity}`)})
         UNION ALL
         ${activityWay}
         (SELECT id, task_id FROM (${viaWord}) via_word ORDER BY id + 0 DESC LIMIT ${limitIf(fromWord)})
       ) found ORDER BY id DESC LIMIT ${room})`);
  });
  if (ranks.length === 0) return [];
  // the unit's tasks, their ids read once: those linked to the unit, those an order addresses to it and those it sees
  // through the cascade (the task list's rule)
  const seenOtherwise = `SELECT task_id FROM rectification_orders WHERE unit_id = ${unit} UNION ${tasksSeenThroughCascadeSql(unit)}`;
  const seen = `SELECT task_id FROM task_units WHERE unit_id = ${unit} UNION ${seenOtherwise}`;
  const inPlan = (ids: string): string => (plan === null ? ids : `SELECT t.id FROM tasks t WHERE t.id IN (${ids}) AND t.plan_id = ${plan}`);
  const mine = `mine(id) AS MATERIALIZED (
       ${inPlan(seen)}
     )`;
  // for the events by activity: the tasks the unit sees through an order or the cascade and is not linked to (read task
  // by task; the linked ones are walked by activity), one probe of the links each
  const others = `others(id) AS MATERIALIZED (
       SELECT o.id FROM (${inPlan(seenOtherwise)}) o(id) WHERE NOT EXISTS (SELECT 1 FROM task_units l WHERE l.task_id = o.id AND l.unit_id = ${unit})
     )`;
  // the unit's share of all tasks (the planner's count of them, kept by ANALYZE; unknown before the first: from the tasks)
  const scale = `scale AS MATERIALIZED (
       SELECT (SELECT count(*) FROM mine) AS mine,
              (SELECT CASE WHEN c.reltuples > 0 THEN c.reltuples ELSE 'Infinity'::float8 END FROM pg_class c WHERE c.oid = 'tasks'::regclass) AS tasks
     )`;
  const page = `page AS MATERIALIZED (
       SELECT rank, id, task_id FROM (${ranks.map((_, i) => `SELECT * FROM hits${i}`).join(' UNION ALL ')}) hits ORDER BY rank, id DESC LIMIT ${take}
     )`;
  const byActivity = ctes.some((cte) => cte.startsWith('activity'));
  return [mine, ...(byActivity ? [others] : []), scale, ...ctes, ...ranks, page];
}
