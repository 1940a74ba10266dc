import { JurisdictionTreeCache, type SentJurisdiction } from './jurisdiction-tree.cache';

const CITY: SentJurisdiction[] = [
  ['鄂尔多斯市', null, null],
  ['东胜区', '鄂尔多斯市', '11'],
  ['交通街道', '东胜区', '21'],
  ['康巴什区', '鄂尔多斯市', '12'],
];

describe('JurisdictionTreeCache', () => {
  it('keeps the tree sent under its version and gives it back while the statement reports that version', () => {
    const cache = new JurisdictionTreeCache();
    expect(cache.version).toBeNull();
    const sent = cache.treeOf('7', CITY, true);
    expect(cache.version).toBe('7');
    expect([...(sent?.reach('东胜区') ?? [])]).toEqual(['东胜区', '交通街道']);
    const held = cache.treeOf('7', null, true);
    expect(held).toBe(sent);
    expect(held?.reach('鄂尔多斯市').has('交通街道')).toBe(true);
    expect(held?.rows.map((row) => row.name)).toEqual(['鄂尔多斯市', '东胜区', '交通街道', '康巴什区']);
  });

  it('answers null for another version without rows (the copy was replaced meanwhile): the caller asks for the rows', () => {
    const cache = new JurisdictionTreeCache();
    cache.treeOf('7', CITY, true);
    cache.treeOf('9', CITY.slice(0, 2), true);
    expect(cache.treeOf('7', null, true)).toBeNull();
    expect(cache.treeOf('9', null, true)?.reach('鄂尔多斯市')).toEqual(new Set(['鄂尔多斯市', '东胜区']));
  });

  it('does not keep a tree read inside a transaction, whose version may never commit', () => {
    const cache = new JurisdictionTreeCache();
    cache.treeOf('7', CITY, true);
    const inside = cache.treeOf('8', CITY.slice(0, 1), false);
    expect(inside?.reach('鄂尔多斯市')).toEqual(new Set(['鄂尔多斯市']));
    expect(cache.version).toBe('7');
    expect(cache.treeOf('7', null, true)?.reach('鄂尔多斯市').size).toBe(4);
  });

  it('keeps nothing without a version (the version row missing): every statement sends the rows', () => {
    const cache = new JurisdictionTreeCache();
    expect(cache.treeOf(null, CITY, true)?.reach('康巴什区')).toEqual(new Set(['康巴什区']));
    expect(cache.version).toBeNull();
    expect(cache.treeOf(null, null, true)).toBeNull();
  });
});
