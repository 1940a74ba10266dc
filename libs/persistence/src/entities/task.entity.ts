import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type TaskStateName = 'assigned' | 'in_progress' | 'self_assessed' | 'inspected' | 'rectify' | 'closed';

@Entity({ name: 'tasks' })
@Index('tasks_plan_seq_key', ['planId', 'seq'], { unique: true })
export class TaskEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ name: 'plan_id', type: 'bigint' })
  planId!: string;

  @Column({ name: 'section_id', type: 'bigint' })
  sectionId!: string;

  @Column({ name: 'work_item_id', type: 'bigint' })
  workItemId!: string;

  @Column({ type: 'int' })
  seq!: number;

  /** the task's text exactly as in the imported table */
  @Column({ type: 'text' })
  text!: string;

  @Column({ name: 'lead_text', type: 'text' })
  leadText!: string;

  @Column({ name: 'support_text', type: 'text' })
  supportText!: string;

  @Column({ name: 'deadline_text', type: 'text', nullable: true })
  deadlineText!: string | null;

  @Column({ type: 'int' })
  line!: number;

  @Column({ type: 'text', default: 'assigned' })
  state!: TaskStateName;

  /** the persisted XState snapshot; null until the first transition (the machine's initial state) */
  @Column({ type: 'jsonb', nullable: true })
  snapshot!: Record<string, unknown> | null;

  @Column({ type: 'int', default: 0 })
  version!: number;

  @Column({ name: 'due_on', type: 'date' })
  dueOn!: string;

  @Column({ type: 'text', nullable: true })
  recurrence!: string | null;

  @Column({ type: 'boolean', default: false })
  overdue!: boolean;

  @Column({ name: 'escalation_level', type: 'smallint', default: 0 })
  escalationLevel!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
