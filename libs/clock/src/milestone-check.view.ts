import { ApiProperty } from '@nestjs/swagger';

export interface MilestoneReport {
  counts: { byState: Record<string, number>; due: number; flagged: number };
  overdueTaskCount: number;
  overdueTasks: { taskId: string; seq: number; state: string; dueAt: string; leadUnits: string[] }[];
  byLeadUnit: { unitId: string; name: string; due: number; closed: number; failed: number }[];
  targets: {
    targetId: string;
    taskId: string;
    seq: number;
    indicator: string;
    comparator: string;
    value: number;
    unit: string;
    by: string | null;
    latest: { value: number; asOf: string } | null;
    trend: 'rising' | 'falling' | 'flat' | null;
    met: boolean | null;
  }[];
}

export class MilestoneCheckView {
  @ApiProperty() checkId!: string;
  @ApiProperty() planId!: string;
  @ApiProperty() asOf!: string;
  @ApiProperty({ enum: ['running', 'done', 'failed'] }) status!: string;
  @ApiProperty({ enum: ['timer', 'admin', 'cli'] }) trigger!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) finishedAt!: string | null;
  @ApiProperty({ type: Object, description: '{byState, due, flagged}' }) counts!: MilestoneReport['counts'];
  @ApiProperty() overdueTaskCount!: number;
  @ApiProperty({ type: [Object], description: 'the first 1,000 tasks due by asOf and not closed' }) overdueTasks!: MilestoneReport['overdueTasks'];
  @ApiProperty({ type: [Object] }) byLeadUnit!: MilestoneReport['byLeadUnit'];
  @ApiProperty({ type: [Object], description: 'each target with its latest reading on or before asOf, the trend and met (null: no data)' })
  targets!: MilestoneReport['targets'];
}
