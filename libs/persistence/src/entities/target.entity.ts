import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'targets' })
@Index('targets_task_position_key', ['taskId', 'position'], { unique: true })
export class TargetEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ name: 'task_id', type: 'bigint' })
  taskId!: string;

  @Column({ type: 'smallint' })
  position!: number;

  @Column({ type: 'text' })
  indicator!: string;

  @Column({ type: 'text' })
  comparator!: string;

  /** numeric(20,6) is read back as a string by pg; the mapper converts it */
  @Column({ type: 'numeric', precision: 20, scale: 6 })
  value!: string;

  @Column({ type: 'text' })
  unit!: string;

  @Column({ type: 'text' })
  measure!: string;

  @Column({ type: 'text', nullable: true })
  period!: string | null;

  @Column({ name: 'by_date', type: 'date', nullable: true })
  byDate!: string | null;

  @Column({ type: 'text' })
  clause!: string;
}
