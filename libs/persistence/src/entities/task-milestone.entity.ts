import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'task_milestones' })
@Index('task_milestones_task_due_key', ['taskId', 'dueOn'], { unique: true })
export class TaskMilestoneEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ name: 'task_id', type: 'bigint' })
  taskId!: string;

  @Column({ name: 'due_on', type: 'date' })
  dueOn!: string;

  /** the words the date was read from, e.g. `到2025年` */
  @Column({ type: 'text' })
  clause!: string;
}
