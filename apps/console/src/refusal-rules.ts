/**
 * What the console says for a refusal of a rule: `invalid_payload` by its rule (`params.rule`, with the
 * values it names), and a lifecycle refusal (`precondition_failed`, `not_allowed_now`) by the event, the
 * state it was sent in and the precondition that failed (`params.event`, `params.state`, `params.rule`: a
 * guard of libs/domain's task and order machines).
 */
import { EVENT_LABELS, ORDER_STATE_LABELS, STATE_LABELS } from './i18n';

type Sentence = { zh: string; en: string };

/** invalid_payload by its rule (params.rule): the specifics a person needs — which day, which units. */
export const PAYLOAD_RULE_SENTENCES: Readonly<Record<string, Sentence>> = {
  after_today: { zh: '{field}须晚于今天（{today}）。', en: '{field} must be after today ({today}).' },
  after_due_day: { zh: '{field}须晚于当前截止日期（{dueOn}）。', en: '{field} must be after the current due day ({dueOn}).' },
  units_not_of_task: { zh: '{units}不是本任务的牵头单位或责任单位。', en: '{units}: not a lead or responsible unit of this task.' },
  not_responsible_unit: { zh: '{units}不是本任务的责任单位。', en: '{units}: not a responsible unit of this task.' },
  period_end: { zh: '报送期须为某个{period}报送期的最后一天。', en: 'The period must be the last day of a {period} reporting period.' },
  period_future: { zh: '不能为今天（{today}）之后的报送期报送。', en: 'A period after the current one ({today}) cannot be reported.' },
  targets_not_of_task: { zh: '所填指标不属于本任务，请刷新页面后重试。', en: 'An indicator is not one of this task’s; reload and try again.' },
  as_of_future: { zh: '指标数据日期不能晚于今天（{today}）。', en: 'An indicator’s date cannot be after today ({today}).' },
  units_cannot_lead: {
    zh: '所选单位中有不能牵头任务的单位（未核实、已合并或不存在），请重新选择。',
    en: 'A chosen unit cannot lead a task (unverified, merged or unknown); choose again.',
  },
};

/** One sentence per guard of the task and order machines (the unit test holds the list to the machines'). */
export const GUARD_SENTENCES: Readonly<Record<string, Sentence>> = {
  hasEvidence: {
    zh: '请至少附一项佐证材料（文件、链接或有内容的标题，不能只写“无”）。',
    en: 'Attach at least one piece of evidence (a file, a link or a real title, not “无”).',
  },
  hasAddressedUnits: { zh: '请至少选择一个整改单位。', en: 'Choose at least one unit to address the order to.' },
  hasReason: { zh: '请填写理由。', en: 'Give a reason.' },
  namesCurrentRound: { zh: '报送的整改轮次不是当前轮次，请刷新后重试。', en: 'The rectification round named is not the current one; refresh and try again.' },
  hasLeadUnits: { zh: '请至少保留一个牵头单位。', en: 'Keep at least one lead unit.' },
  editChangesSomething: { zh: '请至少修改一项内容（任务内容、截止日期或单位）。', en: 'Change at least one thing (the text, the due day or the units).' },
  hasEscalationLevel: { zh: '督办升级级别须为正整数。', en: 'The escalation level must be a positive whole number.' },
  gradeFitsStep: {
    zh: '只有销号的最后一步才能评定等次，且必须评定（优秀、良好、合格或不合格）。',
    en: 'A grade is given on the last close-out step only, and there it is needed.',
  },
  lastVerdictWasPass: { zh: '只有督查通过后才能办理“{event}”。', en: '“{event}” is possible only after a passing inspection.' },
  lastVerdictWasFail: { zh: '只有督查未通过后才能办理“{event}”。', en: '“{event}” is possible only after a failing inspection.' },
  extensionIsPending: { zh: '没有待审批的延期申请。', en: 'There is no extension request waiting.' },
  noExtensionPending: { zh: '已有一项延期申请待审批，请等待审批结果。', en: 'Another extension request is waiting for a decision.' },
  taskIsInRectify: {
    zh: '任务不在整改中（当前：{state}），不能办理“{event}”。',
    en: 'The task is not in rectification (it is {state}); “{event}” is not possible.',
  },
};

/** The sentence for a lifecycle refusal's params, or null to fall back to the code's own sentence. */
export function lifecycleSentence(code: string, values: Record<string, string>, lang: 'zh' | 'en'): string | null {
  const event = values.event ? (lang === 'zh' ? (EVENT_LABELS[values.event] ?? values.event) : values.event) : '';
  const stateLabel = values.state ? (STATE_LABELS[values.state] ?? ORDER_STATE_LABELS[values.state] ?? values.state) : '';
  const state = lang === 'zh' ? stateLabel : (values.state ?? '');
  const fill = (text: string): string => text.replace(/\{(\w+)\}/g, (_match, name: string) => ({ event, state })[name] ?? '');
  const rule = values.rule ? GUARD_SENTENCES[values.rule] : undefined;
  if (rule) return fill(rule[lang]);
  if (code === 'not_allowed_now' && event && state)
    return fill(lang === 'zh' ? '当前状态（{state}）下不能办理“{event}”，请刷新后查看。' : '“{event}” is not possible while it is {state}; refresh to see it.');
  return null;
}
