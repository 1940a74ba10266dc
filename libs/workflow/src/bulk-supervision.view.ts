import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BULK_ACTIONS, type BulkAction } from '@duban/domain';
import type { BulkAnswer, BulkResult } from './bulk-supervision.types';

export class BulkResultView implements BulkResult {
  @ApiProperty() taskId!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'null for an id that names no task' }) seq!: number | null;
  @ApiProperty({ enum: ['done', 'skipped'] }) outcome!: 'done' | 'skipped';
  @ApiPropertyOptional({ description: 'why the task was skipped' }) reason?: string;
}

export class BulkCountsView {
  @ApiProperty() requested!: number;
  @ApiProperty() done!: number;
  @ApiProperty() skipped!: number;
}

export class BulkAnswerView implements BulkAnswer {
  @ApiProperty({ enum: BULK_ACTIONS }) action!: BulkAction;
  @ApiProperty({ type: [BulkResultView], description: 'one per task, in the order asked for (ids) or in id order (filter)' }) results!: BulkResultView[];
  @ApiProperty({ type: BulkCountsView }) counts!: BulkCountsView;
}
