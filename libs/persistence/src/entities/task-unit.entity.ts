import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type TaskUnitRole = 'lead' | 'support';

/** A unit's part in a task: lead (owns it) or support (contributes). */
@Entity({ name: 'task_units' })
@Index('task_units_unit_role_task_idx', ['unitId', 'role', 'taskId'])
export class TaskUnitEntity {
  @PrimaryColumn({ name: 'task_id', type: 'bigint' })
  taskId!: string;

  @PrimaryColumn({ name: 'unit_id', type: 'bigint' })
  unitId!: string;

  @Column({ type: 'text' })
  role!: TaskUnitRole;

  /** the group or committee the unit was named through (`各旗（区）人民政府`), if any */
  @Column({ name: 'via_group_id', type: 'bigint', nullable: true })
  viaGroupId!: string | null;

  @Column({ type: 'smallint' })
  position!: number;
}
