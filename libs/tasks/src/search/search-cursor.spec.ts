import { encodeOpaqueCursor } from '@duban/platform';
import { decodeSearchCursor, encodeSearchCursor } from './search-cursor';

describe('the search cursor', () => {
  it('gives back the rank and id it was written with', () => {
    expect(decodeSearchCursor(encodeSearchCursor({ rank: 2, id: '12345' }), 5)).toEqual({ rank: 2, id: '12345' });
  });

  it('refuses what the search did not write: another list’s cursor, a rank out of range, an id that is not one', () => {
    expect(decodeSearchCursor(encodeOpaqueCursor(['t', '12']), 5)).toBeNull();
    expect(decodeSearchCursor(encodeOpaqueCursor(['s', 5, '12']), 5)).toBeNull();
    expect(decodeSearchCursor(encodeOpaqueCursor(['s', 1.5, '12']), 5)).toBeNull();
    expect(decodeSearchCursor(encodeOpaqueCursor(['s', 1, '012']), 5)).toBeNull();
    expect(decodeSearchCursor('not a cursor', 5)).toBeNull();
  });
});
