import { Column, CreateDateColumn, Entity, Index, JoinColumn, JoinTable, ManyToMany, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';

@Entity({ name: 'units' })
@Index('units_jurisdiction_name_key', ['jurisdiction', 'name'], { unique: true })
export class UnitEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ type: 'text' })
  jurisdiction!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  aliases!: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  misspellings!: string[];

  @Column({ name: 'parent_id', type: 'bigint', nullable: true })
  parentId!: string | null;

  @ManyToOne(() => UnitEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'parent_id' })
  parent?: Relation<UnitEntity> | null;

  /** false for a unit created by an import because its name was not in the catalogue */
  @Column({ type: 'boolean', default: true })
  verified!: boolean;

  /** where its notices are also delivered (a government IM or OA system), signed with the secret */
  @Column({ name: 'webhook_url', type: 'text', nullable: true })
  webhookUrl!: string | null;

  @Column({ name: 'webhook_secret', type: 'text', nullable: true, select: false })
  webhookSecret!: string | null;

  /** the groups and committees this unit is a member of */
  @ManyToMany(() => UnitEntity)
  @JoinTable({ name: 'unit_memberships', joinColumn: { name: 'member_id' }, inverseJoinColumn: { name: 'group_id' } })
  groups?: Relation<UnitEntity>[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
