import { ApiProperty } from '@nestjs/swagger';
import { TASK_STATES } from '@duban/domain';

/** Tasks in each state (every state, zeros included). */
export type StateCounts = Record<string, number>;
const STATE_COUNTS = {
  type: 'object',
  additionalProperties: { type: 'number' },
  description: `tasks in each of ${TASK_STATES.filter((state) => state !== 'cancelled').join(', ')} (a cancelled task counts in no figure)`,
} as const;

export class LightCounts {
  @ApiProperty() green!: number;
  @ApiProperty() yellow!: number;
  @ApiProperty() red!: number;
}

export class ProgressGroup {
  @ApiProperty() tasks!: number;
  @ApiProperty(STATE_COUNTS) byState!: StateCounts;
  @ApiProperty({ type: LightCounts }) byLight!: LightCounts;
}

export class ProgressTotals extends ProgressGroup {
  @ApiProperty({ description: 'open tasks past their due day' }) overdue!: number;
}

export class SectionProgress extends ProgressGroup {
  @ApiProperty() sectionId!: string;
  @ApiProperty() title!: string;
}

export class WorkItemProgress extends ProgressGroup {
  @ApiProperty() workItemId!: string;
  @ApiProperty() sectionId!: string;
  @ApiProperty() title!: string;
}

export class LeadUnitProgress extends ProgressGroup {
  @ApiProperty() unitId!: string;
  @ApiProperty() name!: string;
}

/**
 * A responsible (support) unit's tasks with its own light: the task's light, except that an open task for
 * which the unit's contribution is overdue counts red against the unit. The task's light (the lead's) is unchanged.
 */
export class ResponsibleUnitProgress extends ProgressGroup {
  @ApiProperty() unitId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'its contributions overdue on the day (due or returned, past their term) on open tasks' }) overdueContributions!: number;
}

export class ProgressReport {
  @ApiProperty() planId!: string;
  @ApiProperty({ example: '2022-12-31' }) asOf!: string;
  @ApiProperty({ description: 'true when states were reconstructed from the audit trail (a past asOf)' }) reconstructed!: boolean;
  @ApiProperty({ type: ProgressTotals }) totals!: ProgressTotals;
  @ApiProperty({ type: [SectionProgress] }) bySection!: SectionProgress[];
  @ApiProperty({ type: [WorkItemProgress] }) byWorkItem!: WorkItemProgress[];
  @ApiProperty({ type: [LeadUnitProgress] }) byLeadUnit!: LeadUnitProgress[];
  @ApiProperty({
    type: [ResponsibleUnitProgress],
    description: 'the responsible units (协办) and their tasks; a missing (overdue) contribution counts red against its unit here, worst first',
  })
  byResponsibleUnit!: ResponsibleUnitProgress[];
  @ApiProperty(STATE_COUNTS) byState!: StateCounts;
  @ApiProperty({ type: LightCounts }) byLight!: LightCounts;
}

export class CircularUnitRef {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

export class RedTask {
  @ApiProperty() taskId!: string;
  @ApiProperty() seq!: number;
  @ApiProperty() text!: string;
  @ApiProperty() state!: string;
  @ApiProperty({ example: '2022-12-31' }) dueAt!: string;
  @ApiProperty() overdueDays!: number;
  @ApiProperty({ type: [CircularUnitRef] }) leadUnits!: CircularUnitRef[];
}

export class LateUnit {
  @ApiProperty() unitId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'its red tasks (as lead unit)' }) redTasks!: number;
  @ApiProperty() overdueDays!: number;
}

/** 通报: the red tasks and the late units on a day. */
export class CircularReport {
  @ApiProperty() planId!: string;
  @ApiProperty({ example: '2023-01-10' }) date!: string;
  @ApiProperty({ description: 'true when states were reconstructed from the audit trail (a past date)' }) reconstructed!: boolean;
  @ApiProperty({ type: [RedTask] }) redTasks!: RedTask[];
  @ApiProperty({ type: [LateUnit] }) lateUnits!: LateUnit[];
}
