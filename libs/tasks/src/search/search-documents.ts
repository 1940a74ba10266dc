import type { AuthenticatedUser } from '@duban/auth';
import type { SearchPosition } from './search-cursor';
import type { SearchQuery, SearchRank } from './search.types';

/** Where each rank's documents are and how their text is read (the functions of the search-index migration). */
export const SEARCH_DOCUMENTS: Record<Exclude<SearchRank, 'number' | 'task'>, { table: string; alias: string; text: string; indexed: string }> = {
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

/** A task's own searchable text, as the search-index migration indexes it (alias `t`). */
export const TASK_SEARCH_TEXT = 'task_search_text(t.number, t.text, t.source)';

/**
 * A task (alias `t`) whose section's or work item's title holds the words; `matches` tests a row's grams and text as
 * the statement that asks builds it. The titles are found through their GIN index (OFFSET 0 keeps the subquery planned
 * on its own): inside a unit's search the generic plan walked each table's primary key and tested every title's grams,
 * 4,840 containment tests per search, a third of a light unit's search at a million tasks.
 */
export function titleOfTaskMatches(column: 'section_id' | 'work_item_id', matches: (grams: string, text: string) => string): string {
  const [table, a] = column === 'section_id' ? ['sections', 's'] : ['work_items', 'w'];
  return `t.${column} IN (SELECT ${a}.id FROM ${table} ${a} WHERE ${matches(`${a}.search_grams`, `lower(${a}.title)`)} OFFSET 0)`;
}

export interface SearchScope {
  user: AuthenticatedUser;
  query: SearchQuery;
  phrase: string;
  terms: string[];
  after: SearchPosition | null;
}
