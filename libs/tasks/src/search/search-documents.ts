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

export interface SearchScope {
  user: AuthenticatedUser;
  query: SearchQuery;
  phrase: string;
  terms: string[];
  after: SearchPosition | null;
}
