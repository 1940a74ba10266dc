import { ApiError } from './api-error';

// the console's language lives in localStorage; the unit tests run without a browser
(globalThis as { localStorage?: Pick<Storage, 'getItem' | 'setItem'> }).localStorage = { getItem: () => null, setItem: () => undefined };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { splitRefusal } = require('./field-messages') as typeof import('./field-messages');

const refusal = (messages: string[], params: Record<string, string>, code = 'invalid_field') =>
  new ApiError(400, messages, { statusCode: 400, message: messages, code, params });

describe('a refusal split between a form’s inputs', () => {
  it('puts the Chinese sentence of each bad field beside its input, never the API’s English or a path', () => {
    const error = refusal(['payload.evidence needs at least one item: a self-assessment must be backed by evidence', 'payload.summary must not be empty'], {
      field: 'payload.evidence',
      constraint: 'arrayMinSize',
      problems: 'payload.evidence:arrayMinSize;payload.summary:isNotEmpty',
    });
    const { byField, general } = splitRefusal(error);
    expect(byField).toEqual({ evidence: ['“佐证材料”至少需要一项，请修改后重试。'], summary: ['“情况说明”不能为空，请修改后重试。'] });
    expect(general).toBeNull();
    expect(Object.values(byField).flat().join('')).not.toMatch(/payload|[A-Za-z]{4,}/);
  });

  it('reads a nested path as its form field, and leaves a field outside the form to the error box', () => {
    const error = refusal(['payload.evidence.0.title must not be empty', 'expectedVersion must not be less than 0'], {
      field: 'payload.evidence[0].title',
      constraint: 'isNotEmpty',
      problems: 'payload.evidence[0].title:isNotEmpty;expectedVersion:min',
    });
    const { byField, general } = splitRefusal(error);
    expect(byField).toEqual({ evidence: ['“标题”不能为空，请修改后重试。'] });
    expect(general).toMatchObject({ code: 'invalid_field', params: { field: 'expectedVersion', constraint: 'min' } });
  });

  it('places the one problem an older api names (no problems list), and a body’s own fields with an empty prefix', () => {
    expect(splitRefusal(refusal(['summary must not be empty'], { field: 'summary', constraint: 'isNotEmpty' }), '').byField).toEqual({
      summary: ['“情况说明”不能为空，请修改后重试。'],
    });
  });

  it('leaves a rule the shape cannot show, and any other status, to the error box', () => {
    const past = refusal(['payload.dueAt must be after today (2023-03-15)'], { field: 'payload.dueAt', today: '2023-03-15' }, 'invalid_payload');
    expect(splitRefusal(past)).toEqual({ byField: {}, general: past });
    expect(splitRefusal(new ApiError(409, ['not allowed']))).toEqual({ byField: {}, general: null });
  });
});
