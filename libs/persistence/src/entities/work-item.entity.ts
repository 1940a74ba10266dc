import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'work_items' })
@Index('work_items_section_position_key', ['sectionId', 'position'], { unique: true })
export class WorkItemEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ name: 'plan_id', type: 'bigint' })
  planId!: string;

  @Column({ name: 'section_id', type: 'bigint' })
  sectionId!: string;

  @Column({ type: 'int' })
  position!: number;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'int' })
  line!: number;
}
