import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class UnitView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() jurisdiction!: string;
  @ApiProperty() kind!: string;
  @ApiProperty({ type: [String] }) aliases!: string[];
  @ApiProperty({ type: String, nullable: true }) parentId!: string | null;
  @ApiPropertyOptional({ type: [String], description: 'members of a group or committee' }) memberIds?: string[];
  @ApiProperty({ description: 'false for a unit an import created because its name was not in the catalogue' }) verified!: boolean;
}

export class CatalogueImportResult {
  @ApiProperty({ example: '鄂尔多斯市' }) jurisdiction!: string;
  @ApiProperty({ description: 'units in the file' }) units!: number;
  @ApiProperty({ description: 'units new to the catalogue' }) inserted!: number;
  @ApiProperty({ description: 'units already there, now as the file says and verified' }) updated!: number;
}

/** How many rows of each table a merge moved to the surviving unit. */
export class MovedLinksView {
  @ApiProperty({ description: 'task links (lead and support)' }) taskUnits!: number;
  @ApiProperty({ description: 'audit events its people recorded' }) taskEvents!: number;
  @ApiProperty() rectificationOrders!: number;
  @ApiProperty() inboxItems!: number;
  @ApiProperty({ description: 'webhook deliveries' }) outboxDeliveries!: number;
  @ApiProperty() users!: number;
  @ApiProperty({ description: 'attachments its people uploaded' }) attachments!: number;
  @ApiProperty({ description: 'responsible units’ contributions (协办)' }) contributions!: number;
  @ApiProperty({ description: 'handlers (承办人) named for tasks' }) taskHandlers!: number;
  @ApiProperty({ description: 'submissions drafted for the unit head’s sign-off' }) submissionDrafts!: number;
}

export class UnitMergeResult {
  @ApiProperty({ type: () => UnitView, description: 'the surviving unit, the merged name among its aliases' }) unit!: UnitView;
  @ApiProperty({ description: 'the id of the unit merged away (deleted)' }) mergedUnitId!: string;
  @ApiProperty({ type: MovedLinksView }) moved!: MovedLinksView;
}

export class UnitEventView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['created', 'updated', 'merged', 'catalogue_imported'] }) type!: string;
  @ApiProperty({ type: String, nullable: true, description: 'null for a command-line import' }) actorUserId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) payload!: Record<string, unknown>;
  @ApiProperty() at!: string;
}
