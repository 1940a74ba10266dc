import { TASK_STATES } from '@duban/domain';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';

export class UnitRefView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'the group or committee the unit was named through' })
  viaGroupId?: string | null;
}

export class MilestoneView {
  @ApiProperty({ example: '2025-12-31' }) date!: string;
  @ApiProperty({ example: '到2025年' }) clause!: string;
}

export class TargetView {
  @ApiProperty() id!: string;
  @ApiProperty({ example: '城乡居民健康素养总体水平' }) indicator!: string;
  @ApiProperty({ enum: ['>=', '<=', '>', '<', '='] }) comparator!: string;
  @ApiProperty({ example: 28 }) value!: number;
  @ApiProperty({ example: '%' }) unit!: string;
  @ApiProperty({ enum: ['level', 'decrease', 'increase'] }) measure!: string;
  @ApiProperty({ type: String, nullable: true, enum: ['annual', 'quarterly', 'monthly', 'daily'] }) period!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2025-12-31' }) by!: string | null;
  @ApiProperty() clause!: string;
}

export class TitleView {
  @ApiProperty() title!: string;
}

export class TaskSourceView {
  @ApiProperty({ enum: ['instruction', 'meeting', 'superior', 'other'], description: '领导批示, a meeting’s decision, a superior’s assignment, other' })
  kind!: 'instruction' | 'meeting' | 'superior' | 'other';
  @ApiPropertyOptional({ example: '鄂府办批〔2024〕12号', description: '文号' }) docNo?: string;
  @ApiPropertyOptional({ example: '市政府办公室' }) issuedBy?: string;
  @ApiPropertyOptional({ example: '2024-09-29' }) issuedAt?: string;
}

export class TaskView {
  @ApiProperty() id!: string;
  @ApiProperty() planId!: string;
  @ApiProperty() seq!: number;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '（1）',
    description: 'the number as the table prints it (numbers may start again in each section; seq counts on); null when the table has no 序号',
  })
  number!: string | null;
  @ApiProperty({ type: TitleView }) section!: TitleView;
  @ApiProperty({ type: TitleView }) workItem!: TitleView;
  @ApiProperty({ description: 'verbatim from the imported table' }) text!: string;
  @ApiProperty({ enum: [...TASK_STATES] }) state!: string;
  @ApiProperty({ type: [UnitRefView] }) leadUnits!: UnitRefView[];
  @ApiProperty({ type: [UnitRefView] }) supportUnits!: UnitRefView[];
  @ApiProperty({ description: 'the lead cell of the table as it applies to this task, verbatim' }) leadText!: string;
  @ApiProperty({ description: 'the responsible-units cell as it applies to this task, verbatim' }) supportText!: string;
  @ApiProperty({ example: '2025-12-31', description: 'the due day (in the plan time zone): the latest milestone, or the plan end' }) dueAt!: string;
  @ApiProperty({ type: [MilestoneView] }) milestones!: MilestoneView[];
  @ApiProperty({ type: String, nullable: true, enum: ['annual', 'quarterly', 'monthly', 'daily'] }) recurrence!: string | null;
  @ApiProperty({ type: [TargetView] }) targets!: TargetView[];
  @ApiProperty({ type: TaskSourceView, nullable: true, description: 'where a task beyond the table comes from; null for a task of an imported table' })
  source!: TaskSourceView | null;
  @ApiProperty({ enum: ['normal', 'urgent'] }) urgency!: 'normal' | 'urgent';
  @ApiProperty() overdue!: boolean;
  @ApiProperty() escalationLevel!: number;
  @ApiProperty({
    type: String,
    enum: ['green', 'yellow', 'red'],
    nullable: true,
    description: 'the traffic light; null for a cancelled task (已撤销), which has none and counts in no light tally',
  })
  light!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty({ type: [String], description: 'the events the calling user may send now' }) allowedEvents!: string[];
}

/** Who sent an event: shown by name to whoever may read the task's trail (the same names its handlers list shows them). */
export class TaskEventActorView {
  @ApiProperty() userId!: string;
  @ApiProperty({ type: String, nullable: true }) unitId!: string | null;
  @ApiProperty({ example: 'weijian', description: 'the user’s login name' }) username!: string;
  @ApiProperty({ example: '孙立新', description: 'the person’s name as others see it (their username when they have none)' }) name!: string;
  @ApiProperty({ type: String, nullable: true, example: '市卫生健康委员会', description: 'the unit the user acted for' }) unitName!: string | null;
}

/** A person an event's payload names by id. */
export class TaskEventPersonView {
  @ApiProperty() id!: string;
  @ApiProperty({ example: '孙立新' }) name!: string;
}

@ApiExtraModels(TaskEventActorView)
export class TaskEventView {
  @ApiProperty() seq!: number;
  @ApiProperty() type!: string;
  @ApiProperty() fromState!: string;
  @ApiProperty() toState!: string;
  @ApiProperty({
    oneOf: [{ $ref: getSchemaPath(TaskEventActorView) }, { type: 'string', enum: ['system'] }],
    description: 'the user who sent the event, or the system (timers, milestone checks)',
  })
  actor!: TaskEventActorView | 'system';
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the payload of the event type' }) payload!: Record<string, unknown>;
  @ApiPropertyOptional({
    type: [TaskEventPersonView],
    description: 'the people the payload names by id (ASSIGN_HANDLERS’ userIds), by name: the handlers the task’s readers see anyway',
  })
  people?: TaskEventPersonView[];
  @ApiProperty() at!: string;
}

export class TaskPageView {
  @ApiProperty({ type: [TaskView], description: 'in id order' }) items!: TaskView[];
  @ApiProperty({ type: String, nullable: true, description: 'pass as cursor for the next page; null on the last page' }) nextCursor!: string | null;
}
