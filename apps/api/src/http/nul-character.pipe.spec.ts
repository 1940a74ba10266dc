import { BadRequestException } from '@nestjs/common';
import { pathsWithNulCharacter, RejectNulCharacterPipe } from './nul-character.pipe';

describe('RejectNulCharacterPipe', () => {
  it('names every string field holding a NUL, nested ones with their path', () => {
    expect(pathsWithNulCharacter({ type: 'X', payload: { reason: 'a\u0000b', evidence: [{ title: 'ok' }, { title: '\u0000' }] } })).toEqual([
      'payload.reason',
      'payload.evidence[1].title',
    ]);
    expect(pathsWithNulCharacter({ summary: 'clean', n: 1, list: ['x'] })).toEqual([]);
  });

  it('refuses a body with a 400 naming the field, and lets clean values through unchanged', () => {
    const pipe = new RejectNulCharacterPipe();
    const clean = { summary: '<script>x</script>' };
    expect(pipe.transform(clean, { type: 'body' })).toBe(clean);
    expect(() => pipe.transform({ summary: 'x\u0000' }, { type: 'body' })).toThrow(BadRequestException);
    expect(() => pipe.transform('a\u0000', { type: 'param', data: 'id' })).toThrow(/^Bad Request Exception$/);
    const refusal = (() => {
      try {
        pipe.transform('a\u0000', { type: 'param', data: 'id' });
      } catch (error) {
        return (error as BadRequestException).getResponse();
      }
    })();
    expect(refusal).toMatchObject({ message: ['id must not contain the NUL character (\\u0000)'] });
  });
});
