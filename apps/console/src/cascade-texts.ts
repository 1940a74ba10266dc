/**
 * The words of the cascade's screens (docs/cascade.md): the task page's 下级分解落实情况 panel, the banner's
 * dashboard (〈辖区〉分解方案) and the plan policy's 分解下达 section. Each text is written in both languages here,
 * `{name}` filled from the params, so that no text of those screens stays Chinese in English (cascade-texts.spec.ts
 * checks that the screens' sources hold no Chinese of their own). The plan's texts, unit and jurisdiction names and
 * the roll-up's summary are the plan's own words and stay as written.
 */
import type { components } from './api-types.generated';
import { language } from './i18n';

type Bilingual = { zh: string; en: string };
export type ContributionFill = components['schemas']['CascadePolicyView']['contributionFill'];

export const CASCADE_TEXTS = {
  // 任务详情: 下级分解落实情况
  panelTitle: { zh: '下级分解落实情况（{broken}/{branches} 已分解）', en: 'Broken down below ({broken} of {branches} have tasks)' },
  notBrokenDown: { zh: '（未分解）', en: '(not broken down)' },
  branchFigures: { zh: ' · {tasks} 项任务 · 进度 {percent}%', en: ' · {tasks} tasks · {percent}% done' },
  branchOverdue: { zh: ' · 逾期 {overdue} 项', en: ' · {overdue} overdue' },
  branchNoTasks: { zh: '{unit}尚未报送分解任务。', en: '{unit} has not reported tasks of its own yet.' },
  childOverdue: { zh: ' · 逾期', en: ' · overdue' },
  childIndicator: {
    zh: ' · {indicator}：{value}{unit}（目标 {comparator} {target}{unit}，{asOf}）',
    en: ' · {indicator}: {value}{unit} (target {comparator} {target}{unit}, {asOf})',
  },
  childBelow: { zh: '下级分解（{count} 项）', en: 'Tasks below ({count})' },
  nothingBelow: { zh: '下级无分解任务。', en: 'No tasks below.' },
  loading: { zh: '加载中…', en: 'Loading…' },
  // 统计: the banner's dashboard
  ownPlansTitle: { zh: '{jurisdiction}分解方案', en: 'Plans of {jurisdiction}' },
  lowerPlansTitle: { zh: '旗区分解方案', en: 'Plans of the banners and districts' },
  pickJurisdiction: { zh: '旗区', en: 'Banner or district' },
  pickJurisdictionAll: { zh: '（选择旗区）', en: '(choose one)' },
  noPlans: { zh: '{jurisdiction}尚未制定分解方案。', en: '{jurisdiction} has no plan yet.' },
  planTaskCount: { zh: '（{count} 项任务）', en: '({count} tasks)' },
  openPlanFigures: { zh: '查看统计', en: 'Show its figures' },
  lightCount: { zh: '{light} {count} 项', en: '{light} {count}' },
  planOverdue: { zh: '逾期 {count} 项', en: '{count} overdue' },
  servesNothing: { zh: '本方案不服务上级任务。', en: 'This plan serves no task above it.' },
  servesTask: { zh: '服务上级任务：', en: 'Serves the task above: ' },
  taskNumber: { zh: '第{number}项 ', en: 'No. {number} ' },
  taskById: { zh: '任务 {id}', en: 'Task {id}' },
  servedBranchFigures: { zh: ' · {tasks} 项分解任务 · 平均进度 {percent}%', en: ' · {tasks} tasks below · mean progress {percent}%' },
  // 管理: the plan policy's 分解下达 section
  policyTitle: { zh: '方案规则', en: 'Plan policy' },
  policyIntro: {
    zh: '选择方案后设置其规则。此处只设置分解下达；方案的其他规则（期限、佐证材料、协办、审核签发、销号、通知）保存时保持不变。',
    en: 'Choose a plan to set its rules. Only the cascade is set here; the plan’s other rules (deadlines, evidence, contributions, sign-off, close-out, notices) stay as they are when it is saved.',
  },
  policyPlan: { zh: '方案', en: 'Plan' },
  policyPlanAll: { zh: '（选择方案）', en: '(choose a plan)' },
  cascadeSection: { zh: '分解下达', en: 'Plans below (cascade)' },
  fillLabel: { zh: '下级政府配合情况的填报', en: 'The lower governments’ contributions' },
  fillInvalid: { zh: '请选择“手工报送”或“自动填报”。', en: 'Choose “By hand” or “Filled automatically”.' },
  cascadeSave: { zh: '保存分解下达规则', en: 'Save the cascade rules' },
  cascadeSaving: { zh: '保存中…', en: 'Saving…' },
  cascadeSaved: { zh: '已保存：{plan}的下级政府配合情况改为“{fill}”。', en: 'Saved: the lower governments’ contributions to {plan} are now “{fill}”.' },
} as const satisfies Record<string, Bilingual>;

export type CascadeTextKey = keyof typeof CASCADE_TEXTS;

/** The contribution fill's choices (docs/cascade.md, "The contribution fill"): a name and what it does. */
export const CONTRIBUTION_FILL_TEXTS: Readonly<Record<ContributionFill, { name: Bilingual; hint: Bilingual }>> = {
  manual: {
    name: { zh: '手工报送', en: 'By hand' },
    hint: {
      zh: '下级政府的经办人自行报送对本方案任务的配合情况，可引用其分解落实汇总。',
      en: 'The lower government’s officer sends its contribution to the plan’s tasks, the roll-up’s summary offered.',
    },
  },
  automatic: {
    name: { zh: '自动填报', en: 'Filled automatically' },
    hint: {
      zh: '下级任务每报送一次进展，即以该旗区的分解落实汇总填报其对本方案任务的配合情况；牵头单位可退回，下级政府也可自行报送。',
      en: 'Each progress report of a task below fills the lower government’s contribution with its roll-up summary; the lead may return it, and the lower government may send its own.',
    },
  },
};
export const CONTRIBUTION_FILLS = Object.keys(CONTRIBUTION_FILL_TEXTS) as ContributionFill[];

const fill = (text: string, params: Readonly<Record<string, string | number>>): string =>
  text.replace(/\{(\w+)\}/g, (_match, name: string) => String(params[name] ?? ''));

/** A text of the cascade's screens in the console's language, its `{name}`s filled. */
export function say(key: CascadeTextKey, params: Readonly<Record<string, string | number>> = {}): string {
  return fill(CASCADE_TEXTS[key][language.get()], params);
}

/** A bilingual text (a fill's name or hint) in the console's language. */
export const inLanguage = (text: Bilingual): string => text[language.get()];
