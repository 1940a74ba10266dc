import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '@duban/auth';
import { invalid } from '@duban/domain';
import { queryGenericPlan } from '@duban/persistence';
import { SqlParameters } from '../task-list.service';
import { decodeSearchCursor, encodeSearchCursor, type SearchPosition } from './search-cursor';
import { searchSnippet } from './search-snippet';
import { searchPageStatement } from './search-statement';
import { kindOfRank, SEARCH_PAGE_DEFAULT, SEARCH_QUERY_MAX, SEARCH_RANKS, SEARCH_TERMS_MAX, type SearchQuery } from './search.types';
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

/**
 * `GET /search`: tasks (their number, text, section, work item, source), their audit trail's notes
 * and reasons, rectification orders and contributions, in the tasks the caller may see (the task
 * list's rule: everything for admins and inspectors, otherwise the tasks linked to the caller's unit
 * or addressed to it by an order).
 *
 * The page's hits are found by the statement of `searchPageStatement` (two shapes: everything's,
 * through the GIN indexes, and a unit's, from its own tasks); this reads what each hit shows.
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
    const statement = searchPageStatement(params, take, { user, query, phrase, terms, after });
    if (statement === null) return { items: [], nextCursor: null };
    // Each hit's row is read from its own table only: the key is NULL for the other ranks, and an index scan for a NULL key
    // reads nothing (a join filter on the rank would look every hit up in each table first). Every lookup is a probe by
    // key per hit (a scalar subquery, or a LATERAL kept apart by OFFSET 0): joined, the generic plan of a unit's search
    // expected thousands of hits and hashed every section and work item (4,840 rows, a third of a light search's
    // PostgreSQL time at a million tasks) and every rectification order for the page's twenty.
    // Everything's search is not prepared, so that each is planned for its own words (a pair most tasks hold walks
    // the primary key, a rare one reads the index); a unit's starts from its tasks whatever the words, so its plan
    // is kept (prepared): planning the statement cost more than running it
    const sql = `WITH ${statement.ctes}
       SELECT p.rank, p.id::text, t.id::text AS task_id, t.plan_id::text, t.number,
              COALESCE(e.at, o.issued_at, c.updated_at, t.created_at) AS at,
              t.text, t.source, (SELECT s.title FROM sections s WHERE s.id = t.section_id) AS section_title,
              (SELECT w.title FROM work_items w WHERE w.id = t.work_item_id) AS work_item_title, e.payload,
              o.findings, o.required_actions, o.submission ->> 'summary' AS order_summary, o.return_reason,
              c.summary AS contribution_summary, c.returned_reason
         FROM page p
         JOIN tasks t ON t.id = p.task_id
         LEFT JOIN LATERAL (SELECT e.at, e.payload FROM task_events e WHERE e.id = (CASE WHEN p.rank = 2 THEN p.id END) OFFSET 0) e ON TRUE
         LEFT JOIN LATERAL (SELECT o.issued_at, o.findings, o.required_actions, o.submission, o.return_reason FROM rectification_orders o
                             WHERE o.id = (CASE WHEN p.rank = 3 THEN p.id END) OFFSET 0) o ON TRUE
         LEFT JOIN LATERAL (SELECT c.updated_at, c.summary, c.returned_reason FROM contributions c
                             WHERE c.id = (CASE WHEN p.rank = 4 THEN p.id END) OFFSET 0) c ON TRUE
        ORDER BY p.rank, p.id DESC`;
    // A unit's search runs on its connection's generic plan: its shape does not depend on the words or the unit (the
    // LATERALs fix it), but under plan_cache_mode auto PostgreSQL planned it again for each search (2.8 ms of a 5–12 ms
    // search at a million tasks), its estimates for a generic plan being no better than a custom one's
    const rows = statement.prepared
      ? await queryGenericPlan<HitRow>(this.dataSource, sql, params.values)
      : await this.dataSource.query<HitRow[]>(sql, params.values);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((row) => toHit(row, terms)),
      nextCursor: rows.length > limit && last ? encodeSearchCursor({ rank: last.rank, id: last.id }) : null,
    };
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
