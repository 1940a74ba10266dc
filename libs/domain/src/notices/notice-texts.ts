/**
 * Every text Duban writes into an inbox or a notice, in one catalogue: titles of action items,
 * the clock's reminders and escalations, the milestone check's and the bulk urge's notices. The
 * catalogue is keyed by what the text says, so that a second language is one more table of the same
 * keys (the console already speaks English; the notices do not yet).
 */

/** How much of a task's text a notice quotes. */
const NOTICE_EXCERPT = 24;
const ITEM_EXCERPT = 30;

export function excerptOf(text: string, length: number): string {
  const characters = [...text];
  return characters.length > length ? `${characters.slice(0, length).join('')}…` : text;
}

/** The action an inbox item asks for, by its kind. */
export const INBOX_ITEM_LABELS: Readonly<Record<string, string>> = {
  start_task: '启动任务',
  self_assess: '推进并提交自评',
  report_progress: '报送进展',
  contribute: '配合推进',
  inspect: '督查',
  rectify: '整改',
  decide_extension: '审核延期申请',
  sign_off: '审核签发',
  approve_close: '销号审批',
  interview: '约谈',
  notice: '通知',
};

/** `启动任务：第28项 继续开展健康素养巡讲进农村、进社区…` — what the unit must do, and on which task. */
export function inboxItemTitle(kind: string, seq: number, text: string): string {
  return `${INBOX_ITEM_LABELS[kind] ?? kind}：第${seq}项 ${excerptOf(text, ITEM_EXCERPT)}`;
}

/** What a unit's draft under sign-off is, in a notice's words. */
const DRAFT_LABELS = { CONTRIBUTE: '配合材料', REPORT_PROGRESS: '进展报告', SUBMIT_RECTIFICATION: '整改材料' } as const;

/** What the clock and the supervising office tell units; each takes the facts it names. */
export const NOTICE_TEXTS = {
  dueReminder: (task: TaskRef, daysLeft: number) =>
    `【到期提醒】第${task.seq}项将于${task.dueOn}到期（还有${daysLeft}天）：${excerptOf(task.text, NOTICE_EXCERPT)}`,
  overdueUrge: (task: TaskRef) => `【催办】第${task.seq}项已于${task.dueOn}到期，尚未办结：${excerptOf(task.text, NOTICE_EXCERPT)}`,
  overdueToSupervision: (task: TaskRef) => `【逾期】第${task.seq}项已逾期：${excerptOf(task.text, NOTICE_EXCERPT)}`,
  supervise: (task: TaskRef, overdueDays: number) => `【督办】第${task.seq}项逾期${overdueDays}天：${excerptOf(task.text, NOTICE_EXCERPT)}`,
  interview: (task: TaskRef, overdueDays: number) => `【约谈】第${task.seq}项逾期${overdueDays}天，约谈牵头单位：${excerptOf(task.text, NOTICE_EXCERPT)}`,
  repeatUrge: (task: TaskRef, overdueDays: number) =>
    `【催办】第${task.seq}项已于${task.dueOn}到期，逾期${overdueDays}天，仍未办结，请尽快办结并报送进展：${excerptOf(task.text, NOTICE_EXCERPT)}`,
  feedbackDue: (task: TaskRef, on: string) => `【反馈提醒】第${task.seq}项为紧急事项，请于${on}报送办理进展：${excerptOf(task.text, NOTICE_EXCERPT)}`,
  orderReminder: (task: TaskRef, order: OrderRef, daysLeft: number) =>
    `【整改提醒】第${task.seq}项第${order.round}轮整改将于${order.dueOn}到期（还有${daysLeft}天）`,
  orderOverdue: (task: TaskRef, order: OrderRef) =>
    `【整改逾期】第${task.seq}项第${order.round}轮整改已于${order.dueOn}到期，尚未提交：${excerptOf(task.text, NOTICE_EXCERPT)}`,
  reportDue: (task: TaskRef, period: ReportPeriodRef) =>
    `${INBOX_ITEM_LABELS.report_progress}：第${task.seq}项${period.label}进展（${period.reportDueOn}前）：${excerptOf(task.text, NOTICE_EXCERPT)}`,
  reportRequestToSupport: (task: TaskRef, period: ReportPeriodRef) => `【配合报送】第${task.seq}项${period.label}进展请于${period.reportDueOn}前报牵头单位`,
  reportMissing: (task: TaskRef, period: ReportPeriodRef) => `【催报】第${task.seq}项${period.label}进展应于${period.reportDueOn}前报送，尚未收到`,
  reportMissingToSupervision: (task: TaskRef, period: ReportPeriodRef) => `【缺报】第${task.seq}项${period.label}进展未按期报送`,
  closeOutStepOverdue: (task: Pick<TaskRef, 'seq'>, title: string, dueOn: string) => `【催办】第${task.seq}项销号审核“${title}”已于${dueOn}到期，请尽快审核`,
  contributionMissing: (task: TaskRef, period: ContributionPeriodRef) =>
    `【催报】第${task.seq}项${period.label}配合材料应于${period.dueOn}前报牵头单位，尚未收到`,
  contributionMissingToLead: (task: TaskRef, period: ContributionPeriodRef, units: number) =>
    `【缺报】第${task.seq}项${period.label}有${units}个责任单位未按期报送配合材料`,
  draftReturned: (task: Pick<TaskRef, 'seq'>, reason: string, submission: 'CONTRIBUTE' | 'REPORT_PROGRESS' | 'SUBMIT_RECTIFICATION' = 'CONTRIBUTE') =>
    `【退回】第${task.seq}项${DRAFT_LABELS[submission]}草稿未获本单位负责人签发：${excerptOf(reason, NOTICE_EXCERPT)}`,
  contributionReturned: (task: Pick<TaskRef, 'seq'>, reason: string) => `【退回】第${task.seq}项配合材料被牵头单位退回：${excerptOf(reason, NOTICE_EXCERPT)}`,
  /** with `{seq}` where the task's number goes: a milestone check titles thousands of notices in one statement */
  milestoneUrge: (asOf: string) => `【催办】节点检查（${asOf}）：第{seq}项未按期完成，请尽快办结`,
  bulkUrge: (task: Pick<TaskRef, 'seq' | 'dueOn'>, today: string, daysLate: number) =>
    `【催办】第${task.seq}项已于${task.dueOn}到期，逾期${daysLate}天（${today}督查室一键催办），请尽快办结并报送进展`,
} as const;

export interface TaskRef {
  seq: number;
  text: string;
  /** `YYYY-MM-DD` */
  dueOn: string;
}

export interface OrderRef {
  round: number;
  dueOn: string;
}

export interface ContributionPeriodRef {
  /** `2021年第二季度` */
  label: string;
  dueOn: string;
}

export interface ReportPeriodRef {
  /** `2021年第二季度` */
  label: string;
  reportDueOn: string;
}
