import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '@duban/auth';
import { invalid } from '@duban/domain';
import { queryPrepared } from '@duban/persistence';
import { seesAllTasks } from '../task-actor';
import { likePattern, SqlParameters } from '../task-list.service';
import { decodeSearchCursor, encodeSearchCursor, type SearchPosition } from './search-cursor';
import { searchSnippet } from './search-snippet';
import { kindOfRank, SEARCH_PAGE_DEFAULT, SEARCH_QUERY_MAX, SEARCH_RANKS, SEARCH_TERMS_MAX, type SearchQuery, type SearchRank } from './search.types';
import type { SearchHitView, SearchPageView } from './search.view';

interface HitRow {
  rank: number;
  id: string;
  task_id: string;
  plan_id: string;
  number: string | null;
  at: Date;
  text: string;
  source: { docNo?: string; issuedBy?: string } | null;
  section_title: string;
  work_item_title: string;
  payload: Record<string, unknown> | null;
  findings: string | null;
  required_actions: string | null;
  order_summary: string | null;
  return_reason: string | null;
  contribution_summary: string | null;
  returned_reason: string | null;
}

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

/**
 * `GET /search`: tasks (their number, text, section, work item, source), their audit trail's notes
 * and reasons, rectification orders and contributions, in the tasks the caller may see (the task
 * list's rule: everything for admins and inspectors, otherwise the tasks linked to the caller's unit
 * or addressed to it by an order).
 *
 * Each rank has its branches (a task's: its text, its section, its work item) that find documents
 * through the `search_grams` GIN indexes (or, for a word most documents hold, walk the primary key
 * newest first and stop at a page; for a unit, start from its few tasks), recheck the words with
 * LIKE and keep a page each; the page is the first `limit` of them in rank order, newest first.
 */
@Injectable()
export class SearchService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async search(user: AuthenticatedUser, query: SearchQuery): Promise<SearchPageView> {
    const phrase = (query.q ?? '').trim().replace(/\s+/g, ' ');
    const terms = [...new Set(phrase.split(' ').filter((term) => term !== ''))];
    if (terms.length === 0) throw invalid('query_empty', 'q is required: the words to search for');
    if (Array.from(phrase).length > SEARCH_QUERY_MAX) throw invalid('query_too_long', `q must be at most ${SEARCH_QUERY_MAX} characters`);
    if (terms.length > SEARCH_TERMS_MAX) throw invalid('query_too_long', `q may hold at most ${SEARCH_TERMS_MAX} words`);
    let after: SearchPosition | null = null;
    if (query.cursor !== undefined) {
      after = decodeSearchCursor(query.cursor, SEARCH_RANKS.length);
      if (after === null) throw invalid('invalid_cursor', 'cursor is not a cursor of the search');
    }
    const limit = query.limit ?? SEARCH_PAGE_DEFAULT;

    const params = new SqlParameters();
    const take = params.add(limit + 1, 'int');
    const branches = this.branches(params, take, { user, query, phrase, terms, after });
    if (branches.length === 0) return { items: [], nextCursor: null };
    const unit = seesAllTasks(user) ? null : params.add(user.unitId, 'bigint');
    const visible =
      unit === null
        ? ''
        : `visible AS MATERIALIZED (SELECT task_id FROM task_units WHERE unit_id = ${unit} UNION SELECT task_id FROM rectification_orders WHERE unit_id = ${unit}),`;
    // Everything searched: not prepared, so that each search is planned for its own words (a pair most tasks hold
    // walks the primary key, a rare one reads the index). A unit's search starts from its tasks whatever the
    // words, so its plan is kept (prepared): planning the statement cost more than running it
    const sql = `WITH ${visible} page AS MATERIALIZED (
         SELECT DISTINCT rank, id, task_id FROM (${branches.join(' UNION ALL ')}) hits ORDER BY rank, id DESC LIMIT ${take}
       )
       SELECT p.rank, p.id::text, t.id::text AS task_id, t.plan_id::text, t.number,
              COALESCE(e.at, o.issued_at, c.updated_at, t.created_at) AS at,
              t.text, t.source, s.title AS section_title, w.title AS work_item_title, e.payload,
              o.findings, o.required_actions, o.submission ->> 'summary' AS order_summary, o.return_reason,
              c.summary AS contribution_summary, c.returned_reason
         FROM page p
         JOIN tasks t ON t.id = p.task_id
         JOIN sections s ON s.id = t.section_id
         JOIN work_items w ON w.id = t.work_item_id
         LEFT JOIN task_events e ON p.rank = 2 AND e.id = p.id
         LEFT JOIN rectification_orders o ON p.rank = 3 AND o.id = p.id
         LEFT JOIN contributions c ON p.rank = 4 AND c.id = p.id
        ORDER BY p.rank, p.id DESC`;
    const rows = unit === null ? await this.dataSource.query<HitRow[]>(sql, params.values) : await queryPrepared<HitRow>(this.dataSource, sql, params.values);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((row) => toHit(row, terms)),
      nextCursor: rows.length > limit && last ? encodeSearchCursor({ rank: last.rank, id: last.id }) : null,
    };
  }

  private branches(
    params: SqlParameters,
    take: string,
    scope: { user: AuthenticatedUser; query: SearchQuery; phrase: string; terms: string[]; after: SearchPosition | null },
  ): string[] {
    const { user, query, phrase, terms, after } = scope;
    const termParams = terms.map((term) => ({
      term: params.add(term, 'text'),
      // a word of one or two characters is found exactly by its grams; a longer one's pairs may be apart, so the text is read
      pattern: Array.from(term).length > 2 ? params.add(likePattern(term.toLowerCase()), 'text') : null,
    }));
    // every word in the document. Without a LIKE on short words the planner's estimate is the grams' statistics:
    // it walks the primary key for a pair most documents hold and the GIN index for a rare one
    const matches = (grams: string, text: string): string =>
      termParams.map(({ term, pattern }) => `${grams} @> search_term_grams(${term})${pattern === null ? '' : ` AND ${text} LIKE ${pattern}`}`).join(' AND ');
    // the caller's tasks, read once (the `visible` CTE of the statement) for every branch
    const visible = (taskId: string): string[] => (seesAllTasks(user) ? [] : [`${taskId} IN (SELECT task_id FROM visible)`]);
    const plan = query.planId === undefined ? null : params.add(query.planId, 'bigint');
    // added when a branch uses it: a parameter no statement names is refused
    let numberParam: string | null = null;
    const number = (): string => (numberParam ??= params.add(phrase.toLowerCase(), 'text'));

    const branches: string[] = [];
    SEARCH_RANKS.forEach((rank, index) => {
      if (query.kind !== undefined && kindOfRank(rank) !== query.kind) return;
      if (after !== null && index < after.rank) return;
      const alias = rank === 'number' || rank === 'task' ? 't' : DOCUMENTS[rank].alias;
      const conditions = [...(after !== null && index === after.rank ? [`${alias}.id < ${params.add(after.id, 'bigint')}`] : [])];
      const branch = (from: string, where: string[]): string =>
        `(SELECT ${index} AS rank, ${alias}.id, ${alias === 't' ? 't.id' : `${alias}.task_id`} AS task_id FROM ${from}
           WHERE ${[...where, ...conditions].join(' AND ')} ORDER BY ${alias}.id DESC LIMIT ${take})`;
      const inPlan = plan === null ? [] : [`t.plan_id = ${plan}`];
      if (rank === 'number') {
        branches.push(branch('tasks t', [`t.number IS NOT NULL`, `lower(t.number) = ${number()}`, ...inPlan, ...visible('t.id')]));
      } else if (rank === 'task') {
        // a task whose number is the query is already the first hit
        const rest = [`(t.number IS NULL OR lower(t.number) <> ${number()})`, ...inPlan, ...visible('t.id')];
        // the task's own text, its section, its work item: three branches (an OR of them would hide the GIN index from the planner)
        branches.push(branch('tasks t', [matches('t.search_grams', 'task_search_text(t.number, t.text, t.source)'), ...rest]));
        branches.push(branch('tasks t', [`t.section_id IN (SELECT s.id FROM sections s WHERE ${matches('s.search_grams', 'lower(s.title)')})`, ...rest]));
        branches.push(branch('tasks t', [`t.work_item_id IN (SELECT w.id FROM work_items w WHERE ${matches('w.search_grams', 'lower(w.title)')})`, ...rest]));
      } else {
        const { table, alias: a, text, indexed } = DOCUMENTS[rank];
        const from = plan === null ? `${table} ${a}` : `${table} ${a} JOIN tasks t ON t.id = ${a}.task_id`;
        branches.push(branch(from, [indexed, matches(`${a}.search_grams`, text), ...inPlan, ...visible(`${a}.task_id`)]));
      }
    });
    return branches;
  }
}

function toHit(row: HitRow, terms: string[]): SearchHitView {
  const rank = SEARCH_RANKS[row.rank];
  const text = (key: string): string | null => {
    const value = row.payload?.[key];
    return typeof value === 'string' ? value : null;
  };
  const fields: [string, string | null][] =
    rank === 'number' || rank === 'task'
      ? [
          ['number', row.number],
          ['text', row.text],
          ['docNo', row.source?.docNo ?? null],
          ['issuedBy', row.source?.issuedBy ?? null],
          ['section', row.section_title],
          ['workItem', row.work_item_title],
        ]
      : rank === 'event'
        ? ['summary', 'reason', 'findings', 'requiredActions', 'comment', 'note'].map((key) => [key, text(key)])
        : rank === 'order'
          ? [
              ['findings', row.findings],
              ['requiredActions', row.required_actions],
              ['submission', row.order_summary],
              ['returnReason', row.return_reason],
            ]
          : [
              ['summary', row.contribution_summary],
              ['returnedReason', row.returned_reason],
            ];
  const { field, snippet } = rank === 'number' ? { field: 'number', snippet: row.number ?? '' } : searchSnippet(fields, terms);
  return {
    kind: kindOfRank(rank),
    id: row.id,
    taskId: row.task_id,
    taskNumber: row.number,
    planId: row.plan_id,
    field,
    snippet,
    at: row.at.toISOString(),
  };
}
