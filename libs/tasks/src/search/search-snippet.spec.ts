import { searchSnippet } from './search-snippet';

describe('searchSnippet', () => {
  it('names the first field that holds the first word and shows the text around it', () => {
    const text = `${'前'.repeat(30)}督办事项${'后'.repeat(60)}`;
    const hit = searchSnippet(
      [
        ['number', '12'],
        ['text', text],
      ],
      ['督办'],
    );
    expect(hit.field).toBe('text');
    expect(hit.snippet.startsWith('…')).toBe(true);
    expect(hit.snippet.endsWith('…')).toBe(true);
    expect(hit.snippet).toContain('督办事项');
    expect(Array.from(hit.snippet).length).toBeLessThanOrEqual(62);
  });

  it('compares without case and shows a short text whole', () => {
    expect(searchSnippet([['docNo', '国办发〔2024〕12号 ABC']], ['abc'])).toEqual({ field: 'docNo', snippet: '国办发〔2024〕12号 ABC' });
  });

  it('falls back to a later word, then to the first field with text', () => {
    expect(
      searchSnippet(
        [
          ['summary', null],
          ['reason', '补充材料'],
        ],
        ['无关', '材料'],
      ).field,
    ).toBe('reason');
    expect(
      searchSnippet(
        [
          ['summary', null],
          ['reason', '补充材料'],
        ],
        ['无关'],
      ),
    ).toEqual({ field: 'reason', snippet: '补充材料' });
  });
});
