import { decodeOpaqueCursor, encodeOpaqueCursor } from '@duban/platform';

const ID = /^[1-9]\d{0,17}$/;
const TAG = 's';

/** Where a search page stopped: the rank (index in SEARCH_RANKS) and the last id shown of it. */
export interface SearchPosition {
  rank: number;
  id: string;
}

export function encodeSearchCursor(position: SearchPosition): string {
  return encodeOpaqueCursor([TAG, position.rank, position.id]);
}

/** The position to continue after, or null when the text is not a cursor of the search. */
export function decodeSearchCursor(text: string, ranks: number): SearchPosition | null {
  const fields = decodeOpaqueCursor(text);
  if (fields === null || fields.length !== 3 || fields[0] !== TAG) return null;
  const [, rank, id] = fields;
  if (typeof rank !== 'number' || !Number.isInteger(rank) || rank < 0 || rank >= ranks) return null;
  return typeof id === 'string' && ID.test(id) ? { rank, id } : null;
}
