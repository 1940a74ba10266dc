/**
 * What the console says for a lifecycle refusal (`precondition_failed`, `not_allowed_now`): the API names
 * the event, the state it was sent in and the precondition that failed (`params.event`, `params.state`,
 * `params.rule`: a guard of libs/domain's task and order machines); each guard has its sentence here.
 */
import { EVENT_LABELS, ORDER_STATE_LABELS, STATE_LABELS } from './i18n';

type Sentence = { zh: string; en: string };

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
