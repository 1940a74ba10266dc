import type { AuthenticatedUser } from '@duban/auth';
import { seesAllTasks } from '../task-actor';
import { likePattern, type SqlParameters } from '../task-list.service';
import type { SearchPosition } from './search-cursor';
import { kindOfRank, SEARCH_RANKS, type SearchQuery, type SearchRank } from './search.types';

/** Where each rank's documents are and how their text is read (the functions of the search-index migration). */
const DOCUMENTS: Record<Exclude<SearchRank, 'number' | 'task'>, { table: string; alias: string; text: string; indexed: string }> = {
  // the events' and contributions' indexes hold only rows with text (partial indexes): the condition lets the planner use them
  event: { table: 'task_events', alias: 'e', text: 'task_event_search_text(e.payload)', indexed: `e.search_grams <> '{}'` },
  order: {
    table: 'rectification_orders',
    alias: 'o',
    text: 'order_search_text(o.findings, o.required_actions, o.return_reason, o.submission)',
    indexed: 'TRUE',
  },
  contribution: { table: 'contributions', alias: 'c', text: 'contribution_search_text(c.summary, c.returned_reason)', indexed: `c.search_grams <> '{}'` },
};

export interface SearchScope {
  user: AuthenticatedUser;
  query: SearchQuery;
  phrase: string;
  terms: string[];
  after: SearchPosition | null;
}

/**
 * The statement that finds a page's hits: `(rank, id, task_id)` rows, best rank first, newest first
 * within a rank, at most `take` of them, as the CTE `page` of the statement `SearchService` sends.
 *
 * Two shapes, because the two kinds of caller search very different corpora:
 * - **everything** (admins, inspectors): each rank's documents are found through their `search_grams`
 *   GIN index (or, for a word most documents hold, by walking the primary key newest first and
 *   stopping at a page) — the planner picks per word, so the statement is planned per search;
 * - **a unit's** few hundred tasks: the unit's tasks are read once (the CTE `mine`) and every rank
 *   starts from them — the tasks' own text from that CTE, each task's events, orders and
 *   contributions through their `(task_id, …)` indexes, newest first and at most a page per task — so
 *   the cost follows the unit's share, never the whole table's matches of a common word (the GIN
 *   index of the events would hand back every report of a million tasks that holds `报送` before
 *   they were narrowed to the unit's). A LATERAL subquery with a LIMIT is not flattened, which fixes
 *   that order whatever the planner estimates, so this shape is prepared once and reused. A rank is
 *   read only while the ranks before it have not filled the page.
 */
export function searchPageStatement(params: SqlParameters, take: string, scope: SearchScope): { ctes: string; prepared: boolean } | null {
  const { user, query, phrase, terms, after } = scope;
  const unit = seesAllTasks(user) ? null : params.add(user.unitId, 'bigint');
  const termParams = terms.map((term) => ({
    term: params.add(term, 'text'),
    // a word of one or two characters is found exactly by its grams; a longer one's pairs may be apart, so the text is read
    pattern: Array.from(term).length > 2 ? params.add(likePattern(term.toLowerCase()), 'text') : null,
  }));
  // a word's grams: everything's statement is planned with the word's value, so the planner reads the grams' statistics
  // (the primary key for a pair most documents hold, the GIN index for a rare one); a unit's prepared statement tests
  // every row of its share, so the grams are worked out once per search (an InitPlan), not once per row
  const wordGrams = (term: string): string => (unit === null ? `search_term_grams(${term})` : `(SELECT search_term_grams(${term}))`);
  // every word in the document
  const matches = (grams: string, text: string): string =>
    termParams.map(({ term, pattern }) => `${grams} @> ${wordGrams(term)}${pattern === null ? '' : ` AND ${text} LIKE ${pattern}`}`).join(' AND ');
  const plan = query.planId === undefined ? null : params.add(query.planId, 'bigint');
  // added when a branch uses it: a parameter no statement names is refused
  let numberParam: string | null = null;
  const number = (): string => (numberParam ??= params.add(phrase.toLowerCase(), 'text'));

  const branches: string[] = [];
  SEARCH_RANKS.forEach((rank, index) => {
    if (query.kind !== undefined && kindOfRank(rank) !== query.kind) return;
    if (after !== null && index < after.rank) return;
    const alias = rank === 'number' || rank === 'task' ? 't' : DOCUMENTS[rank].alias;
    const resumed = after !== null && index === after.rank ? [`${alias}.id < ${params.add(after.id, 'bigint')}`] : [];
    const inPlan = plan === null ? [] : [`t.plan_id = ${plan}`];
    const where = (conditions: string[]): string => [...conditions, ...resumed].join(' AND ');
    const select = (from: string, conditions: string[]): string =>
      `(SELECT ${index} AS rank, ${alias}.id, ${alias === 't' ? 't.id' : `${alias}.task_id`} AS task_id FROM ${from}
         WHERE ${where(conditions)} ORDER BY ${alias}.id DESC LIMIT ${take})`;
    const sectionOrItem = (column: 'section_id' | 'work_item_id'): string => {
      const [table, a] = column === 'section_id' ? ['sections', 's'] : ['work_items', 'w'];
      return `t.${column} IN (SELECT ${a}.id FROM ${table} ${a} WHERE ${matches(`${a}.search_grams`, `lower(${a}.title)`)})`;
    };
    const ownText = matches('t.search_grams', 'task_search_text(t.number, t.text, t.source)');
    // a task whose number is the query is already the first hit
    const notNumber = (): string => `(t.number IS NULL OR lower(t.number) <> ${number()})`;
    const isNumber = (): string => `t.number IS NOT NULL AND lower(t.number) = ${number()}`;

    if (unit !== null) {
      if (rank === 'number') branches.push(select('mine t', [isNumber()]));
      // the unit's tasks are at hand: one pass over them with the three places a task's words are
      else if (rank === 'task')
        branches.push(select('mine t', [notNumber(), `(${ownText} OR ${sectionOrItem('section_id')} OR ${sectionOrItem('work_item_id')})`]));
      else {
        const { table, alias: a, text, indexed } = DOCUMENTS[rank];
        const perTask = `(SELECT ${a}.id, ${a}.task_id FROM ${table} ${a} WHERE ${where([`${a}.task_id = t.id`, indexed, matches(`${a}.search_grams`, text)])}
                          ORDER BY ${a}.id DESC LIMIT ${take})`;
        branches.push(`(SELECT ${index} AS rank, d.id, d.task_id FROM mine t CROSS JOIN LATERAL ${perTask} d ORDER BY d.id DESC LIMIT ${take})`);
      }
    } else if (rank === 'number') {
      branches.push(select('tasks t', [isNumber(), ...inPlan]));
    } else if (rank === 'task') {
      // three branches: an OR of them would hide the GIN index from the planner
      branches.push(select('tasks t', [ownText, notNumber(), ...inPlan]));
      branches.push(select('tasks t', [sectionOrItem('section_id'), notNumber(), ...inPlan]));
      branches.push(select('tasks t', [sectionOrItem('work_item_id'), notNumber(), ...inPlan]));
    } else {
      const { table, alias: a, text, indexed } = DOCUMENTS[rank];
      const from = plan === null ? `${table} ${a}` : `${table} ${a} JOIN tasks t ON t.id = ${a}.task_id`;
      branches.push(select(from, [indexed, matches(`${a}.search_grams`, text), ...inPlan]));
    }
  });
  if (branches.length === 0) return null;

  if (unit === null) {
    // DISTINCT: a task's text, section and work item branches may each find the same task
    const page = `page AS MATERIALIZED (
         SELECT DISTINCT rank, id, task_id FROM (${branches.join(' UNION ALL ')}) hits ORDER BY rank, id DESC LIMIT ${take}
       )`;
    return { ctes: page, prepared: false };
  }
  // the unit's tasks, each read once: those linked to the unit and those an order addresses to it (the task list's rule)
  const mine = `mine AS MATERIALIZED (
       SELECT t.id, t.number, t.text, t.source, t.search_grams, t.section_id, t.work_item_id FROM tasks t
        WHERE t.id IN (SELECT task_id FROM task_units WHERE unit_id = ${unit} UNION SELECT task_id FROM rectification_orders WHERE unit_id = ${unit})
          ${plan === null ? '' : `AND t.plan_id = ${plan}`}
     )`;
  // a rank is read only while the ranks before it have not filled the page: a condition without columns is tested once,
  // before the rank's plan runs (a gating Result), so a word the unit's tasks hold never reads their audit trail
  const ranks = branches.map((branch, i) => {
    const before = branches.slice(0, i).map((_, j) => `SELECT 1 FROM hits${j}`);
    const gate = i === 0 ? '' : ` WHERE (SELECT count(*) FROM (${before.join(' UNION ALL ')}) found) < ${take}`;
    return `hits${i} AS MATERIALIZED (SELECT * FROM ${branch} ranked${gate})`;
  });
  const page = `page AS MATERIALIZED (
       SELECT rank, id, task_id FROM (${branches.map((_, i) => `SELECT * FROM hits${i}`).join(' UNION ALL ')}) hits ORDER BY rank, id DESC LIMIT ${take}
     )`;
  return { ctes: [mine, ...ranks, page].join(', '), prepared: true };
}
