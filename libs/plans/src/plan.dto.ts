import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsObject, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import type { DeadlinePolicy } from '@duban/domain';

export const MAX_TABLE_CHARACTERS = 8_000_000;
const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class ImportPlanDto {
  @ApiPropertyOptional({ description: 'defaults to the title line of the table' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: '鄂尔多斯市', description: 'unit names resolve only within it; defaults to DEFAULT_JURISDICTION' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  jurisdiction?: string;

  @ApiPropertyOptional({ enum: ['auto', 'tsv', 'csv', 'pipe', 'list'], default: 'auto' })
  @IsOptional()
  @IsIn(['auto', 'tsv', 'csv', 'pipe', 'list'])
  format?: 'auto' | 'tsv' | 'csv' | 'pipe' | 'list';

  @ApiPropertyOptional({ description: 'the table as text (or upload it as the multipart field `file`)' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_TABLE_CHARACTERS, { message: `content must be at most ${MAX_TABLE_CHARACTERS} characters` })
  content?: string;

  @ApiPropertyOptional({ example: '2021-01-01', description: 'defaults to today' })
  @IsOptional()
  @Matches(DAY, { message: 'planStart must be a date written YYYY-MM-DD' })
  planStart?: string;

  @ApiPropertyOptional({ example: '2025-12-31', description: 'defaults to the latest deadline in the table' })
  @IsOptional()
  @Matches(DAY, { message: 'planEnd must be a date written YYYY-MM-DD' })
  planEnd?: string;

  @ApiPropertyOptional({
    description:
      "the plan's own deadline policy: any of taskReminderDaysBefore, ladder, orderDueDays, orderReminderDaysBefore, reminderHour, reporting; the rest is the default",
    example: { taskReminderDaysBefore: [14, 3], reporting: { period: 'monthly' } },
  })
  @IsOptional()
  @IsObject()
  deadlinePolicy?: Record<string, unknown>;

  @ApiPropertyOptional({ default: false, description: 'read the table and answer what an import would create and warn about, writing nothing (a preview)' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'dryRun must be true or false' })
  dryRun?: boolean;
}

export class DeadlinePolicyDto {
  @ApiPropertyOptional({
    description: 'the overrides of the default policy; null or absent: the defaults',
    example: {
      ladder: [
        { step: 'urge', daysAfterDue: 0 },
        { step: 'interview', daysAfterDue: 10 },
      ],
    },
  })
  @IsOptional()
  @IsObject()
  deadlinePolicy?: Record<string, unknown> | null;
}

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
