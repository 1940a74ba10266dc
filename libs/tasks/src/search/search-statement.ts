import { seesAllTasks } from '../task-actor';
import { likePattern, type SqlParameters } from '../task-list.service';
import { SEARCH_DOCUMENTS, type SearchScope, TASK_SEARCH_TEXT, titleOfTaskMatches } from './search-documents';
import { unitSearchCtes } from './search-unit-statement';
import { kindOfRank, SEARCH_RANKS } from './search.types';

export type { SearchScope } from './search-documents';

/**
 * The statement that finds a page's hits: `(rank, id, task_id)` rows, best rank first, newest first
 * within a rank, at most `take` of them, as the CTE `page` of the statement `SearchService` sends.
 *
 * Two shapes, because the two kinds of caller search very different corpora:
 * - **everything** (admins, inspectors): each rank's documents are found through their `search_grams`
 *   GIN index (or, for a word most documents hold, by walking the primary key newest first and
 *   stopping at a page) — the planner picks per word, so the statement is planned per search;
 * - **a unit's** tasks (`unitSearchCtes`): from the unit's tasks newest first or from the word's GIN
 *   entries, chosen as the statement runs, so it is prepared once and reused.
 * A rank is read only while the ranks before it have not filled the page.
 */
export function searchPageStatement(params: SqlParameters, take: string, scope: SearchScope): { ctes: string; prepared: boolean } | null {
  const { user, query, phrase, terms, after } = scope;
  const unit = !seesAllTasks(user);
  const termParams = terms.map((term) => ({
    term: params.add(term, 'text'),
    // a word of one or two characters is found exactly by its grams; a longer one's pairs may be apart, so the text is read
    pattern: Array.from(term).length > 2 ? params.add(likePattern(term.toLowerCase()), 'text') : null,
  }));
  // a word's grams: everything's statement is planned with the word's value, so the planner reads the grams' statistics
  // (the primary key for a pair most documents hold, the GIN index for a rare one); a unit's prepared statement tests
  // every row of its share, so the grams are worked out once per search (the CTE `words`), not once per row — nor once
  // per place that tests them: each call of the SQL function from a place of its own parsed and planned its body again
  // (a sixth of a light unit's search at a million tasks, seen in a profile of PostgreSQL)
  const wordGrams = (i: number): string => (unit ? `(SELECT g${i} FROM words)` : `search_term_grams(${termParams[i].term})`);
  // every word in the document
  const matches = (grams: string, text: string): string =>
    termParams.map(({ pattern }, i) => `${grams} @> ${wordGrams(i)}${pattern === null ? '' : ` AND ${text} LIKE ${pattern}`}`).join(' AND ');
  // added when a branch uses it: a parameter no statement names is refused
  let numberParam: string | null = null;
  const number = (): string => (numberParam ??= params.add(phrase.toLowerCase(), 'text'));
  // a task whose number is the query is already the first hit
  const notNumber = (): string => `(t.number IS NULL OR lower(t.number) <> ${number()})`;
  const isNumber = (): string => `t.number IS NOT NULL AND lower(t.number) = ${number()}`;
  if (unit) {
    const grams = termParams.map((_, i) => wordGrams(i)).join(' || ');
    const ctes = unitSearchCtes(params, take, scope, { matches, grams, isNumber, notNumber });
    const words = `words AS MATERIALIZED (SELECT ${termParams.map(({ term }, i) => `search_term_grams(${term}) AS g${i}`).join(', ')})`;
    return ctes.length === 0 ? null : { ctes: [words, ...ctes].join(', '), prepared: true };
  }
  const plan = query.planId === undefined ? null : params.add(query.planId, 'bigint');

  // each rank's hits: one SELECT of (rank, id, task_id), newest first, at most a page
  const ranks: string[] = [];
  SEARCH_RANKS.forEach((rank, index) => {
    if (query.kind !== undefined && kindOfRank(rank) !== query.kind) return;
    if (after !== null && index < after.rank) return;
    const alias = rank === 'number' || rank === 'task' ? 't' : SEARCH_DOCUMENTS[rank].alias;
    const resumed = after !== null && index === after.rank ? [`${alias}.id < ${params.add(after.id, 'bigint')}`] : [];
    const inPlan = plan === null ? [] : [`t.plan_id = ${plan}`];
    const where = (conditions: string[]): string => [...conditions, ...resumed].join(' AND ');
    const hit = (a: string): string => `${a}.id, ${a === 't' ? 't.id' : `${a}.task_id`} AS task_id`;
    const sectionOrItem = (column: 'section_id' | 'work_item_id'): string => titleOfTaskMatches(column, matches);
    const ownText = matches('t.search_grams', TASK_SEARCH_TEXT);
    const ranked = (sql: string): string => `(SELECT ${index} AS rank, id, task_id FROM (${sql}) found ORDER BY id DESC LIMIT ${take})`;

    // everything: the number through its index (the ORDER BY on an expression keeps the planner off the primary key)
    if (rank === 'number') {
      ranks.push(ranked(`SELECT ${hit('t')} FROM tasks t WHERE ${where([isNumber(), ...inPlan])} ORDER BY t.id + 0 DESC LIMIT ${take}`));
      return;
    }
    const newestFirst = (table: string, from: string, conditions: string[]): string =>
      newestFirstSearch({ table, alias, from, hit: hit(alias), where: where(conditions), take, resumed });
    if (rank === 'task') {
      // three branches: an OR of them would hide the GIN index from the planner. DISTINCT: each may find the same task
      const branches = [ownText, sectionOrItem('section_id'), sectionOrItem('work_item_id')].map((found) =>
        newestFirst('tasks', 'tasks t', [found, notNumber(), ...inPlan]),
      );
      ranks.push(ranked(`SELECT DISTINCT id, task_id FROM (${branches.map((branch) => `(${branch})`).join(' UNION ALL ')}) branches`));
    } else {
      const { table, alias: a, text, indexed } = SEARCH_DOCUMENTS[rank];
      const from = plan === null ? `${table} ${a}` : `${table} ${a} JOIN tasks t ON t.id = ${a}.task_id`;
      ranks.push(ranked(newestFirst(table, from, [indexed, matches(`${a}.search_grams`, text), ...inPlan])));
    }
  });
  if (ranks.length === 0) return null;

  // a rank is read only while the ranks before it have not filled the page: a LIMIT of 0 returns before its plan runs
  // (a gating WHERE would not do: a parallel plan below starts its workers first), so a word the tasks hold never reads
  // the audit trail
  const gated = ranks.map((sql, i) => {
    const before = ranks.slice(0, i).map((_, j) => `SELECT 1 FROM hits${j}`);
    const room = i === 0 ? take : `GREATEST(0, ${take} - (SELECT count(*) FROM (${before.join(' UNION ALL ')}) found))`;
    return `hits${i} AS MATERIALIZED (SELECT * FROM ${sql} ranked ORDER BY id DESC LIMIT ${room})`;
  });
  const page = `page AS MATERIALIZED (
       SELECT rank, id, task_id FROM (${ranks.map((_, i) => `SELECT * FROM hits${i}`).join(' UNION ALL ')}) hits ORDER BY rank, id DESC LIMIT ${take}
     )`;
  return { ctes: [...gated, page].join(', '), prepared: false };
}

/** How many of a table's newest rows a search of everything walks before it asks the GIN index instead. */
export const SEARCH_WALK_WINDOW = 4_000;

/**
 * A branch of everything's search: the newest matching rows of a table, at most a page, found in two
 * parts. The newest `SEARCH_WALK_WINDOW` rows are walked by the primary key (a word many rows hold
 * fills the page there, and its GIN entry — every row of a million — is never read); only when they
 * do not fill the page are the older rows read, through the GIN index, for the rest of the page (a
 * LIMIT of 0 when there is none: the plan below never runs). The `+ 0` keeps the planner
 * from walking the primary key through them: a word it believes common but no row holds would walk
 * the whole table — ten million events, 26 s, before this split).
 */
function newestFirstSearch(branch: { table: string; alias: string; from: string; hit: string; where: string; take: string; resumed: string[] }): string {
  const { table, alias: a, from, hit, where, take, resumed } = branch;
  const fromCursor = resumed.length === 0 ? '' : `WHERE ${resumed.join(' AND ').replaceAll(`${a}.id`, 'x.id')}`;
  return `WITH boundary AS MATERIALIZED (
            SELECT COALESCE((SELECT x.id FROM ${table} x ${fromCursor} ORDER BY x.id DESC OFFSET ${SEARCH_WALK_WINDOW} LIMIT 1), 0) AS id
          ), recent AS MATERIALIZED (
            SELECT ${hit} FROM ${from} WHERE ${where} AND ${a}.id > (SELECT id FROM boundary) ORDER BY ${a}.id DESC LIMIT ${take}
          )
          SELECT * FROM recent
          UNION ALL
          (SELECT ${hit} FROM ${from} WHERE ${where} AND ${a}.id + 0 <= (SELECT id FROM boundary)
            ORDER BY ${a}.id + 0 DESC LIMIT GREATEST(0, ${take} - (SELECT count(*) FROM recent)))`;
}
