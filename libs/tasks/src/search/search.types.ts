export const SEARCH_KINDS = ['task', 'event', 'order', 'contribution'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export const SEARCH_PAGE_DEFAULT = 20;
export const SEARCH_PAGE_MAX = 100;
/** longer queries are refused: a query is a few words, and each term costs one index lookup */
export const SEARCH_QUERY_MAX = 100;
export const SEARCH_TERMS_MAX = 8;

/** What `GET /search` asks for. */
export interface SearchQuery {
  /** one or more words (separated by spaces), each to be found in the same document; one Chinese character is a word; refused when empty */
  q?: string;
  planId?: string;
  kind?: SearchKind;
  /** nextCursor of the previous page */
  cursor?: string;
  limit?: number;
}

/**
 * The order of the results: the ranks, best first. A page runs through them in this order, each
 * newest first (by id); the cursor says which rank and id the page stopped at.
 */
export const SEARCH_RANKS = ['number', 'task', 'event', 'order', 'contribution'] as const;
export type SearchRank = (typeof SEARCH_RANKS)[number];

export function kindOfRank(rank: SearchRank): SearchKind {
  return rank === 'number' ? 'task' : rank;
}
