import { jsonNestingDepth } from './json-depth';

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
