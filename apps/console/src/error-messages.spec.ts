import { PAYLOAD_RULES } from '../../../libs/domain/src/errors/domain-error';
import { ERROR_CODES } from '../../../libs/domain/src/errors/error-codes';
import { orderPayloadGuards, orderSituationGuards } from '../../../libs/domain/src/rectification/rectification-order.guards';
import { taskContextGuards, taskPayloadGuards } from '../../../libs/domain/src/task-lifecycle/task-lifecycle.guards';

// the console's language lives in localStorage; the unit tests run without a browser
(globalThis as { localStorage?: Pick<Storage, 'getItem' | 'setItem'> }).localStorage = { getItem: () => null, setItem: () => undefined };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ERROR_MESSAGES, errorSentence } = require('./error-messages') as typeof import('./error-messages');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { EVENT_LABELS, language, STATE_LABELS } = require('./i18n') as typeof import('./i18n');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { GUARD_SENTENCES, PAYLOAD_RULE_SENTENCES } = require('./refusal-rules') as typeof import('./refusal-rules');

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

  it('says which day, which units or which limit a refusal is about', () => {
    expect(Object.keys(PAYLOAD_RULE_SENTENCES).sort()).toEqual([...PAYLOAD_RULES].sort());
    expect(errorSentence({ code: 'invalid_payload', params: { field: 'payload.dueAt', rule: 'after_today', today: '2023-03-15' } })).toBe(
      '“截止日期”须晚于今天（2023-03-15）。',
    );
    expect(errorSentence({ code: 'invalid_payload', params: { field: 'payload.proposedDueAt', rule: 'after_due_day', dueOn: '2025-12-31' } })).toBe(
      '“申请延期至”须晚于当前截止日期（2025-12-31）。',
    );
    expect(errorSentence({ code: 'invalid_payload', params: { field: 'payload.addressedUnitIds', rule: 'units_not_of_task', units: '市民政局' } })).toBe(
      '市民政局不是本任务的牵头单位或责任单位。',
    );
    expect(errorSentence({ code: 'invalid_payload', params: { field: 'payload.period', rule: 'period_end', period: 'quarterly' } })).toBe(
      '报送期须为某个季度报送期的最后一天。',
    );
    expect(errorSentence({ code: 'attachment_too_large', params: { limit: '50 MB' } })).toBe('文件超过大小上限（50 MB）。');
    expect(errorSentence({ code: 'too_many_tasks', params: { limit: 500 } })).toBe('筛选出的任务超过每次 500 项的上限，请缩小范围后分批办理。');
    // an older api without the rule: the code's own sentence
    expect(errorSentence({ code: 'invalid_payload', params: {} })).toBe(ERROR_MESSAGES.invalid_payload.zh);
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

describe('the sentence of a lifecycle refusal', () => {
  afterEach(() => language.set('zh'));

  it('has a sentence for every precondition of the task and order machines, and names the rule, the event and the state', () => {
    const guards = new Set([
      ...Object.keys(taskContextGuards),
      ...Object.keys(taskPayloadGuards),
      ...Object.keys(orderSituationGuards),
      ...Object.keys(orderPayloadGuards),
    ]);
    expect(Object.keys(GUARD_SENTENCES).sort()).toEqual([...guards].sort());
    expect(errorSentence({ code: 'precondition_failed', params: { event: 'APPROVE_CLOSE', state: 'closing', rule: 'gradeFitsStep' } })).toContain('评定等次');
    expect(errorSentence({ code: 'not_allowed_now', params: { event: 'CLOSE', state: 'self_assessed', rule: 'lastVerdictWasPass' } })).toBe(
      `只有督查通过后才能办理“${EVENT_LABELS.CLOSE}”。`,
    );
    expect(errorSentence({ code: 'not_allowed_now', params: { event: 'START', state: 'closed' } })).toBe(
      `当前状态（${STATE_LABELS.closed}）下不能办理“${EVENT_LABELS.START}”，请刷新后查看。`,
    );
    // without params (an older api): the code's own sentence
    expect(errorSentence({ code: 'not_allowed_now', params: {} })).toBe(ERROR_MESSAGES.not_allowed_now.zh);
    language.set('en');
    expect(errorSentence({ code: 'not_allowed_now', params: { event: 'START', state: 'closed' } })).toBe(
      '“START” is not possible while it is closed; refresh to see it.',
    );
  });
});
