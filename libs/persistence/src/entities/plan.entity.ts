import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { DeadlinePolicy, ImportWarning } from '@duban/domain';

@Entity({ name: 'plans' })
@Index('plans_jurisdiction_content_hash_key', ['jurisdiction', 'contentHash'], { unique: true })
export class PlanEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ type: 'text' })
  jurisdiction!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'content_hash', type: 'text' })
  contentHash!: string;

  @Column({ type: 'text' })
  format!: string;

  @Column({ name: 'plan_start', type: 'date' })
  planStart!: string;

  @Column({ name: 'plan_end', type: 'date' })
  planEnd!: string;

  @Column({ type: 'date', array: true, default: () => "'{}'" })
  milestones!: string[];

  /** the imported table as received, kept as evidence of what was assigned */
  @Column({ name: 'source_text', type: 'text' })
  sourceText!: string;

  @Column({ name: 'import_warnings', type: 'jsonb', default: () => "'[]'" })
  importWarnings!: ImportWarning[];

  /** NULL: the default policy */
  @Column({ name: 'deadline_policy', type: 'jsonb', nullable: true })
  deadlinePolicy!: DeadlinePolicy | null;

  @CreateDateColumn({ name: 'imported_at', type: 'timestamptz' })
  importedAt!: Date;
}
