import { jsonNestingDepth, rejectDeepJson } from './json-depth';

describe('jsonNestingDepth', () => {
  it('counts nested arrays and objects', () => {
    expect(jsonNestingDepth('1')).toBe(0);
    expect(jsonNestingDepth('{"a":[1,{"b":{}}]}')).toBe(4);
    expect(jsonNestingDepth('[[],[],[[]]]')).toBe(3);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonNestingDepth('{"a":"[[[{{{"}')).toBe(1);
    expect(jsonNestingDepth('{"a":"\\"[[[","b":[]}')).toBe(2);
  });
});

describe('rejectDeepJson', () => {
  it('refuses a body deeper than the limit with a 400 that says why, and lets the rest through', () => {
    const verify = rejectDeepJson(3);
    expect(() => verify(null, null, Buffer.from('{"a":{"b":[1]}}'))).not.toThrow();
    let refused: unknown;
    try {
      verify(null, null, Buffer.from('{"a":{"b":[[1]]}}'));
    } catch (error) {
      refused = error;
    }
    expect(refused).toMatchObject({ status: 400, type: 'entity.too.deep', message: 'request body is nested deeper than 3 levels' });
  });
});
