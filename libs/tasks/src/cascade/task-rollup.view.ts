import { ApiProperty } from '@nestjs/swagger';
import type { TaskLight } from '@duban/domain';
import { UnitRefView } from '../task.view';

export class RollupCountsView {
  @ApiProperty({ description: 'child tasks serving the parent task' }) tasks!: number;
  @ApiProperty() overdue!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { in_progress: 2, assigned: 1 } }) byState!: Record<string, number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { red: 0, yellow: 1, green: 2 } }) byLight!: Record<string, number>;
}

export class IndicatorValueView {
  @ApiProperty() targetId!: string;
  @ApiProperty({ example: '全区居民健康素养水平' }) indicator!: string;
  @ApiProperty({ example: 26.5 }) value!: number;
  @ApiProperty({ example: '%' }) unit!: string;
  @ApiProperty({ enum: ['>=', '<=', '>', '<', '='] }) comparator!: string;
  @ApiProperty({ example: 30, description: 'the target’s value' }) target!: number;
  @ApiProperty({ example: '2024-06-30' }) asOf!: string;
}

export class ChildTaskView {
  @ApiProperty() id!: string;
  @ApiProperty() planId!: string;
  @ApiProperty({ example: '东胜区', description: 'the plan’s jurisdiction (the banner’s, or a township’s below it)' }) jurisdiction!: string;
  @ApiProperty() seq!: number;
  @ApiProperty() text!: string;
  @ApiProperty() state!: string;
  @ApiProperty({ type: String, nullable: true, enum: ['green', 'yellow', 'red'], description: 'null for a cancelled task' }) light!: TaskLight | null;
  @ApiProperty() overdue!: boolean;
  @ApiProperty() dueAt!: string;
  @ApiProperty({ type: [UnitRefView] }) leadUnits!: UnitRefView[];
  @ApiProperty({ type: Number, nullable: true, description: 'the latest reported percent' }) percent!: number | null;
  @ApiProperty({ type: [IndicatorValueView], description: 'the latest value reported for each of its targets' }) indicators!: IndicatorValueView[];
  @ApiProperty({ description: 'tasks of lower jurisdictions serving this one (its own roll-up: GET /tasks/{id}/rollup)' }) childTaskCount!: number;
}

export class RollupPlanRefView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

/** One lower government's share of the parent task. */
export class RollupBranchView {
  @ApiProperty({ example: '东胜区' }) jurisdiction!: string;
  @ApiProperty({ type: UnitRefView, description: 'its government, a unit of the parent task (东胜区人民政府)' }) governmentUnit!: UnitRefView;
  @ApiProperty({ enum: ['lead', 'support'] }) role!: string;
  @ApiProperty({ type: [RollupPlanRefView], description: 'its plans (and its townships’) serving the parent task' }) plans!: RollupPlanRefView[];
  @ApiProperty({ type: String, nullable: true, enum: ['green', 'yellow', 'red'], description: 'the worst light of its child tasks; null without any' })
  light!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'mean progress of its child tasks (closed 100, none reported 0)' }) percent!: number | null;
  @ApiProperty({ type: RollupCountsView }) counts!: RollupCountsView;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'its share in a sentence (tasks by state, progress, overdue, latest indicator values) its officer may send as its contribution (协办)',
    example: '东胜区分解落实3项任务：已交办1项、办理中2项；平均进度13%。最新指标：全区居民健康素养水平26.5%（2021-02-28）。',
  })
  summary!: string | null;
  @ApiProperty({ type: [ChildTaskView], required: false, description: 'its child tasks; absent when asked with `tasks=none`' })
  tasks?: ChildTaskView[];
}

/** A task's view below its own jurisdiction: per lower government, its child tasks' states, lights, overdue counts and latest indicator values. */
export class TaskRollupView {
  @ApiProperty() taskId!: string;
  @ApiProperty({ example: '鄂尔多斯市' }) jurisdiction!: string;
  @ApiProperty({ type: RollupCountsView, description: 'over every branch shown' }) counts!: RollupCountsView;
  @ApiProperty({ type: [RollupBranchView], description: 'in the order the task names their governments; those the caller may not see are left out' })
  branches!: RollupBranchView[];
}
