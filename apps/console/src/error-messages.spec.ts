import { ERROR_CODES } from '../../../libs/domain/src/errors/error-codes';

// the console's language lives in localStorage; the unit tests run without a browser
(globalThis as { localStorage?: Pick<Storage, 'getItem' | 'setItem'> }).localStorage = { getItem: () => null, setItem: () => undefined };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ERROR_MESSAGES, errorSentence } = require('./error-messages') as typeof import('./error-messages');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { language } = require('./i18n') as typeof import('./i18n');

describe('the sentence shown for each refusal', () => {
  afterEach(() => language.set('zh'));

  it('has a Chinese and an English sentence for every code of the catalogue, and none for a code it does not have', () => {
    const codes = Object.keys(ERROR_CODES).sort();
    expect(Object.keys(ERROR_MESSAGES).sort()).toEqual(codes);
    for (const code of codes) {
      const { zh, en } = ERROR_MESSAGES[code as keyof typeof ERROR_MESSAGES];
      // Chinese has Chinese characters and no English words; English has no Chinese
      expect([code, /[\u4e00-\u9fff]/.test(zh), /[A-Za-z]{4,}/.test(zh.replace(/\{\w+\}|JPEG|WebP|HEIC|Word|Excel|UTF|GB18030|\.docx|\.xlsx/g, ''))]).toEqual([
        code,
        true,
        false,
      ]);
      expect([code, /[\u4e00-\u9fff]/.test(en), en.length > 5]).toEqual([code, false, true]);
    }
  });

  it('names a bad field by its label and the rule it broke, never by its path', () => {
    expect(errorSentence({ code: 'invalid_field', params: { field: 'payload.percent', constraint: 'max' } })).toBe('“进度”超过允许的最大值，请修改后重试。');
    expect(errorSentence({ code: 'invalid_field', params: { field: 'payload.evidence[0].title', constraint: 'isNotEmpty' } })).toBe(
      '“标题”不能为空，请修改后重试。',
    );
    expect(errorSentence({ code: 'invalid_field', params: { field: 'payload.somethingNew', constraint: 'somethingElse' } })).toBe(
      '有一项填写不符合要求，请修改后重试。',
    );
    language.set('en');
    expect(errorSentence({ code: 'invalid_field', params: { field: 'payload.percent', constraint: 'max' } })).toBe('Progress is above the maximum.');
    expect(errorSentence({ code: 'too_many_logins', params: { minutes: 15 } })).toBe('Too many failed logins; try again in 15 minutes.');
  });

  it('names a template’s unknown placeholders', () => {
    expect(errorSentence({ code: 'invalid_template', params: { placeholders: '{bad}' } })).toBe(
      '模板不能保存（未知占位符 {bad}）：只能使用列出的占位符，正文不能为空，也不能超出该渠道的长度。',
    );
    expect(errorSentence({ code: 'invalid_template', params: { placeholders: '' } })).toMatch(/^模板不能保存：/);
  });

  it('fills a role and leaves an unknown code to the caller', () => {
    expect(errorSentence({ code: 'forbidden', params: { roles: 'admin' } })).toBe('您的角色或单位无权办理此事项（需要管理员）。');
    expect(errorSentence({ code: 'forbidden', params: {} })).toBe('您的角色或单位无权办理此事项。');
    expect(errorSentence({ code: 'a_code_of_a_newer_api', params: {} })).toBeNull();
    expect(errorSentence({ code: null, params: {} })).toBeNull();
  });
});
