import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ContributionFill, DayCount, DeadlinePolicy, FileEvidenceSubmission, LadderStep, PlanPolicy, ReportingPeriod } from '@duban/domain';
import { CLOSE_OUT_RETURNS, CLOSE_OUT_ROLES, type CloseOutReturn, type CloseOutRole, SIGN_OFF_SUBMISSIONS, type SignOffSubmission } from '@duban/domain';
import { NoticesPolicyView } from './notices-policy.view';

export class LadderRungView {
  @ApiProperty({ example: 1 }) level!: number;
  @ApiProperty({ enum: ['urge', 'supervise', 'interview'] }) step!: LadderStep;
  @ApiProperty({ example: 0 }) daysAfterDue!: number;
}

export class ReportingRuleView {
  @ApiProperty({ enum: ['quarterly', 'monthly'] }) period!: ReportingPeriod;
  @ApiProperty({ example: 10, description: 'days after a period ends within which its report is due (counted as `days` says)' }) dueWorkingDays!: number;
  @ApiProperty({ enum: ['natural', 'working'], description: 'how dueWorkingDays is counted' }) days!: DayCount;
}

/** A plan's deadline policy: when reminders go out, the escalation ladder, rectification terms, reporting. */
export class DeadlinePolicyRulesView implements DeadlinePolicy {
  @ApiProperty({ type: [Number], example: [30, 7, 1], description: 'reminders this many days before a task’s due day' }) taskReminderDaysBefore!: number[];
  @ApiProperty({ type: [LadderRungView], description: 'after the due day ends: level, step and days after the due day' }) ladder!: LadderRungView[];
  @ApiProperty({ example: 30, description: 'a rectification order’s default term in days' }) orderDueDays!: number;
  @ApiProperty({ type: [Number], example: [7, 3, 1] }) orderReminderDaysBefore!: number[];
  @ApiProperty({ example: 9, description: 'hour of the local day at which reminders go out' }) reminderHour!: number;
  @ApiProperty({ type: ReportingRuleView }) reporting!: ReportingRuleView;
  @ApiProperty({
    enum: ['natural', 'working'],
    description:
      'reminders, ladder steps, repeated reminders and order terms counted in calendar days or in working days (a due day on a day off then moves to the next working day)',
  })
  days!: DayCount;
  @ApiProperty({ example: 0, description: 'after the ladder’s last step, a 催办 reminder every this many days until the task is closed (0: none)' })
  repeatEveryDays!: number;
}

export class DeadlinePolicyView {
  @ApiProperty({ type: DeadlinePolicyRulesView, description: 'the policy in force, defaults filled in' }) deadlinePolicy!: DeadlinePolicyRulesView;
  @ApiProperty({ description: 'open tasks whose pending deadline timers were replaced' }) rescheduledTasks!: number;
}

export class ImportWarningView {
  @ApiProperty({ description: 'the line of a text table; in a Word or Excel file the row or paragraph counted through the file' }) line!: number;
  @ApiProperty() code!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional({ example: '表2第5行', description: 'in a Word or Excel file: the table (or sheet) and row' }) where?: string;
}

export class ImportCountsView {
  @ApiProperty() sections!: number;
  @ApiProperty() workItems!: number;
  @ApiProperty() tasks!: number;
  @ApiProperty({ description: 'units created unverified because their names were not in the catalogue' }) units!: number;
}

export class ImportResultView {
  @ApiProperty({ type: String, nullable: true, description: 'null for a dry run of a table not imported before' }) planId!: string | null;
  @ApiPropertyOptional({ description: 'true when nothing was written (dryRun)' }) dryRun?: boolean;
  @ApiProperty({ description: 'false when the same table had been imported before (nothing was created)' }) createdPlan!: boolean;
  @ApiProperty({ type: ImportCountsView }) created!: ImportCountsView;
  @ApiProperty({ type: [ImportWarningView] }) warnings!: ImportWarningView[];
  @ApiProperty({ type: [ImportWarningView], description: 'with skipInvalid: the rows left out, each with its problem (empty otherwise)' })
  skipped!: ImportWarningView[];
}

export class PlanSummaryView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() jurisdiction!: string;
  @ApiProperty({ enum: ['table', 'instructions'], description: 'read from a table, or a ledger of tasks created one by one (批示件台账)' })
  kind!: 'table' | 'instructions';
  @ApiProperty() planStart!: string;
  @ApiProperty() planEnd!: string;
  @ApiProperty({ type: [String] }) milestones!: string[];
  @ApiProperty() taskCount!: number;
  @ApiProperty() importedAt!: string;
  @ApiProperty({ type: String, nullable: true, description: 'a lower government’s plan: the plan whose tasks it serves (docs/cascade.md)' }) parentPlanId!:
    string | null;
  @ApiProperty({ type: [String], description: 'the tasks of the parent plan it serves; empty for a plan of its own' }) parentTaskIds!: string[];
}

export class WorkItemOutlineView {
  @ApiProperty() title!: string;
  @ApiProperty({ type: [String] }) taskIds!: string[];
}

export class SectionOutlineView {
  @ApiProperty() title!: string;
  @ApiProperty({ type: [WorkItemOutlineView] }) workItems!: WorkItemOutlineView[];
}

export class PlanView extends PlanSummaryView {
  @ApiProperty({ type: DeadlinePolicyRulesView, description: 'the policy in force, defaults filled in' }) deadlinePolicy!: DeadlinePolicyRulesView;
  @ApiProperty() contentHash!: string;
  @ApiProperty() format!: string;
  @ApiProperty({ type: [ImportWarningView] }) warnings!: ImportWarningView[];
  @ApiProperty({ type: [SectionOutlineView] }) sections!: SectionOutlineView[];
}

export class EvidencePolicyView {
  @ApiProperty({
    type: [String],
    enum: ['SUBMIT_SELF_ASSESSMENT', 'SUBMIT_RECTIFICATION'],
    example: ['SUBMIT_SELF_ASSESSMENT'],
    description: 'submissions that need at least one evidence item backed by an uploaded file',
  })
  fileRequiredFor!: FileEvidenceSubmission[];
}

export class ContributionTermsView {
  @ApiProperty({ example: 3, description: 'days before the lead unit’s progress report of the period is due (counted as `days` says)' })
  termWorkingDaysBeforeReport!: number;
  @ApiProperty({ enum: ['natural', 'working'], description: 'how termWorkingDaysBeforeReport is counted' }) days!: DayCount;
}

export class FeedbackRhythmView {
  @ApiProperty({ example: 1, description: 'an urgent task’s first feedback this many days after it is created (0: no rhythm)' }) urgentFirstDays!: number;
  @ApiProperty({ example: 3, description: 'each further feedback this many days after the previous one or the report that gave it' })
  urgentEveryDays!: number;
  @ApiProperty({ enum: ['natural', 'working'], description: 'how these days are counted' }) days!: DayCount;
}

export class SignOffPolicyView {
  @ApiProperty({
    type: [String],
    enum: [...SIGN_OFF_SUBMISSIONS],
    example: ['SUBMIT_SELF_ASSESSMENT'],
    description: 'submissions a handler drafts and the unit’s head approves or returns before they are sent',
  })
  submissions!: SignOffSubmission[];
}

export class CloseOutStepView {
  @ApiProperty({ example: '督查室主任审核' }) title!: string;
  @ApiProperty({ enum: [...CLOSE_OUT_ROLES] }) role!: CloseOutRole;
  @ApiProperty({ type: Number, nullable: true, example: 3, description: 'days from reaching the step, counted as deadlines.days says' }) termDays!:
    number | null;
  @ApiProperty({ enum: [...CLOSE_OUT_RETURNS], description: 'where RETURN_CLOSE sends the task' }) returnTo!: CloseOutReturn;
}

export class CloseOutPolicyView {
  @ApiProperty({ type: [CloseOutStepView], description: 'the approvals after the inspector’s pass; none: the inspector’s CLOSE closes' })
  steps!: CloseOutStepView[];
  @ApiProperty({ description: 'the last step gives a grade (优秀, 良好, 合格, 不合格)' }) gradeRequired!: boolean;
}

export class CascadePolicyView {
  @ApiProperty({
    enum: ['manual', 'automatic'],
    description: 'manual: a lower government’s officer sends its contribution; automatic: its child tasks’ progress reports fill it with the roll-up’s summary',
  })
  contributionFill!: ContributionFill;
}

/** A plan's one policy document, every section with its defaults filled in. */
export class PlanPolicyRulesView implements PlanPolicy {
  @ApiProperty({ type: DeadlinePolicyRulesView }) deadlines!: DeadlinePolicyRulesView;
  @ApiProperty({ type: EvidencePolicyView }) evidence!: EvidencePolicyView;
  @ApiProperty({ type: ContributionTermsView, description: '协办: when responsible units’ contributions are due' }) contributions!: ContributionTermsView;
  @ApiProperty({ type: FeedbackRhythmView, description: '反馈节奏: an urgent task’s progress reports before its due day' }) feedback!: FeedbackRhythmView;
  @ApiProperty({ type: SignOffPolicyView, description: '审核签发' }) signOff!: SignOffPolicyView;
  @ApiProperty({ type: CloseOutPolicyView, description: '销号链' }) closeOut!: CloseOutPolicyView;
  @ApiProperty({ type: NoticesPolicyView, description: 'channels per notice kind, quiet hours' }) notices!: NoticesPolicyView;
  @ApiProperty({ type: CascadePolicyView, description: '分解下达: contributions of the governments below filled by hand or from their plans' })
  cascade!: CascadePolicyView;
}

export class PlanPolicyView {
  @ApiProperty({ type: PlanPolicyRulesView, description: 'the policy in force, defaults filled in' }) policy!: PlanPolicyRulesView;
  @ApiProperty({ description: 'open tasks whose pending deadline timers were replaced (0 unless the deadlines changed)' }) rescheduledTasks!: number;
}
