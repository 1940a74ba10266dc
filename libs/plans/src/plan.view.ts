import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { DayCount, DeadlinePolicy, FileEvidenceSubmission, LadderStep, PlanPolicy, ReportingPeriod } from '@duban/domain';
import { NoticesPolicyView } from './notices-policy.view';

export class LadderRungView {
  @ApiProperty({ example: 1 }) level!: number;
  @ApiProperty({ enum: ['urge', 'supervise', 'interview'] }) step!: LadderStep;
  @ApiProperty({ example: 0 }) daysAfterDue!: number;
}

export class ReportingRuleView {
  @ApiProperty({ enum: ['quarterly', 'monthly'] }) period!: ReportingPeriod;
  @ApiProperty({ example: 10, description: 'working days after a period ends within which its report is due' }) dueWorkingDays!: number;
}

/** A plan's deadline policy: when reminders go out, the escalation ladder, rectification terms, reporting. */
export class DeadlinePolicyRulesView implements DeadlinePolicy {
  @ApiProperty({ type: [Number], example: [30, 7, 1], description: 'reminders this many days before a task’s due day' }) taskReminderDaysBefore!: number[];
  @ApiProperty({ type: [LadderRungView], description: 'after the due day ends: level, step and days after the due day' }) ladder!: LadderRungView[];
  @ApiProperty({ example: 30, description: 'a rectification order’s default term in days' }) orderDueDays!: number;
  @ApiProperty({ type: [Number], example: [7, 3, 1] }) orderReminderDaysBefore!: number[];
  @ApiProperty({ example: 9, description: 'hour of the local day at which reminders go out' }) reminderHour!: number;
  @ApiProperty({ type: ReportingRuleView }) reporting!: ReportingRuleView;
  @ApiProperty({ enum: ['natural', 'working'], description: 'reminders and ladder steps counted in calendar days or in working days' })
  days!: DayCount;
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
  @ApiProperty({ example: 3, description: 'working days before the lead unit’s progress report of the period is due' }) termWorkingDaysBeforeReport!: number;
}

/** A plan's one policy document, every section with its defaults filled in. */
export class PlanPolicyRulesView implements PlanPolicy {
  @ApiProperty({ type: DeadlinePolicyRulesView }) deadlines!: DeadlinePolicyRulesView;
  @ApiProperty({ type: EvidencePolicyView }) evidence!: EvidencePolicyView;
  @ApiProperty({ type: ContributionTermsView, description: '协办: when responsible units’ contributions are due' }) contributions!: ContributionTermsView;
  @ApiProperty({ type: NoticesPolicyView, description: 'channels per notice kind, quiet hours' }) notices!: NoticesPolicyView;
}

export class PlanPolicyView {
  @ApiProperty({ type: PlanPolicyRulesView, description: 'the policy in force, defaults filled in' }) policy!: PlanPolicyRulesView;
  @ApiProperty({ description: 'open tasks whose pending deadline timers were replaced (0 unless the deadlines changed)' }) rescheduledTasks!: number;
}
