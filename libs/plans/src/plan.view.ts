import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { DeadlinePolicy } from '@duban/domain';

export class DeadlinePolicyView {
  @ApiProperty({ description: 'the policy in force, defaults filled in' }) deadlinePolicy!: DeadlinePolicy;
  @ApiProperty({ description: 'open tasks whose pending deadline timers were replaced' }) rescheduledTasks!: number;
}

export class ImportWarningView {
  @ApiProperty() line!: number;
  @ApiProperty() code!: string;
  @ApiProperty() message!: string;
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
}

export class PlanSummaryView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() jurisdiction!: string;
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
  @ApiProperty({ description: 'the policy in force, defaults filled in' }) deadlinePolicy!: DeadlinePolicy;
  @ApiProperty() contentHash!: string;
  @ApiProperty() format!: string;
  @ApiProperty({ type: [ImportWarningView] }) warnings!: ImportWarningView[];
  @ApiProperty({ type: [SectionOutlineView] }) sections!: SectionOutlineView[];
}
