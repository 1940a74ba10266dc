import { ApiProperty } from '@nestjs/swagger';

export class MilestoneCounts {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'the plan’s tasks, by state' }) byState!: Record<string, number>;
  @ApiProperty({ description: 'tasks due by asOf (their due day or a milestone)' }) due!: number;
  @ApiProperty({ description: 'tasks this check flagged overdue' }) flagged!: number;
}

export class MilestoneOverdueTask {
  @ApiProperty() taskId!: string;
  @ApiProperty() seq!: number;
  @ApiProperty() state!: string;
  @ApiProperty({ example: '2022-12-31' }) dueAt!: string;
  @ApiProperty({ type: [String], description: 'the lead units’ names' }) leadUnits!: string[];
}

export class MilestoneLeadUnit {
  @ApiProperty() unitId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() due!: number;
  @ApiProperty() closed!: number;
  @ApiProperty() failed!: number;
}

export class MilestoneReading {
  @ApiProperty() value!: number;
  @ApiProperty({ example: '2022-12-31' }) asOf!: string;
}

export class MilestoneTarget {
  @ApiProperty() targetId!: string;
  @ApiProperty() taskId!: string;
  @ApiProperty() seq!: number;
  @ApiProperty() indicator!: string;
  @ApiProperty({ enum: ['>=', '<=', '>', '<', '='] }) comparator!: string;
  @ApiProperty() value!: number;
  @ApiProperty() unit!: string;
  @ApiProperty({ type: String, nullable: true }) by!: string | null;
  @ApiProperty({ type: MilestoneReading, nullable: true }) latest!: MilestoneReading | null;
  @ApiProperty({ type: String, enum: ['rising', 'falling', 'flat'], nullable: true }) trend!: 'rising' | 'falling' | 'flat' | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'null: no data' }) met!: boolean | null;
}

/** A lower jurisdiction's plans serving the checked plan's tasks (docs/cascade.md), as the check found them. */
export class MilestoneBelowView {
  @ApiProperty({ example: '东胜区' }) jurisdiction!: string;
  @ApiProperty({ example: 1, description: '1: a banner or district below the plan’s jurisdiction; 2: a township below that' }) depth!: number;
  @ApiProperty({ type: [String], description: 'its plans serving the checked plan’s tasks (or their tasks)' }) planIds!: string[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'their tasks, by state' }) byState!: Record<string, number>;
  @ApiProperty({ description: 'their tasks due by asOf' }) due!: number;
  @ApiProperty({ description: 'their tasks due by asOf and not closed' }) overdueTaskCount!: number;
}

/** What a check finds, stored with it. */
export interface MilestoneReport {
  counts: MilestoneCounts;
  overdueTaskCount: number;
  overdueTasks: MilestoneOverdueTask[];
  byLeadUnit: MilestoneLeadUnit[];
  targets: MilestoneTarget[];
  /** reports stored before the cascade have none */
  below?: MilestoneBelowView[];
}

export class MilestoneCheckRefView {
  @ApiProperty() checkId!: string;
}

export class MilestoneCheckView implements MilestoneReport {
  @ApiProperty() checkId!: string;
  @ApiProperty() planId!: string;
  @ApiProperty() asOf!: string;
  @ApiProperty({ enum: ['running', 'done', 'failed'] }) status!: string;
  @ApiProperty({ enum: ['timer', 'admin', 'cli'] }) trigger!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) finishedAt!: string | null;
  @ApiProperty({ type: MilestoneCounts }) counts!: MilestoneCounts;
  @ApiProperty() overdueTaskCount!: number;
  @ApiProperty({ type: [MilestoneOverdueTask], description: 'the first 1,000 tasks due by asOf and not closed' }) overdueTasks!: MilestoneOverdueTask[];
  @ApiProperty({ type: [MilestoneLeadUnit] }) byLeadUnit!: MilestoneLeadUnit[];
  @ApiProperty({ type: [MilestoneTarget], description: 'each target with its latest reading on or before asOf, the trend and met (null: no data)' })
  targets!: MilestoneTarget[];
  @ApiProperty({
    type: [MilestoneBelowView],
    description: 'the lower governments’ plans serving this plan’s tasks, per jurisdiction (reported, not flagged: their own checks flag them)',
  })
  below!: MilestoneBelowView[];
}
