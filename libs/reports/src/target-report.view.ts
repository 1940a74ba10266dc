import { ApiProperty } from '@nestjs/swagger';

export class TargetReading {
  @ApiProperty() value!: number;
  @ApiProperty({ example: '2022-12-31' }) asOf!: string;
}

export class TargetSeriesPoint extends TargetReading {
  @ApiProperty() reportedAt!: string;
}

export class TargetReportItem {
  @ApiProperty() targetId!: string;
  @ApiProperty() taskId!: string;
  @ApiProperty() seq!: number;
  @ApiProperty({ example: '城乡居民健康素养总体水平' }) indicator!: string;
  @ApiProperty({ description: 'the target as the table writes it' }) target!: string;
  @ApiProperty({ enum: ['>=', '<=', '>', '<', '='] }) comparator!: string;
  @ApiProperty() value!: number;
  @ApiProperty({ example: '%' }) unit!: string;
  @ApiProperty({ enum: ['level', 'decrease', 'increase'] }) measure!: string;
  @ApiProperty({ type: String, nullable: true }) period!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2025-12-31' }) by!: string | null;
  @ApiProperty({ type: TargetReading, nullable: true, description: 'the latest reading on or before asOf' }) latest!: TargetReading | null;
  @ApiProperty({ enum: ['attained', 'not_attained', 'no_data'] }) status!: 'attained' | 'not_attained' | 'no_data';
  @ApiProperty({ type: String, enum: ['rising', 'falling', 'flat'], nullable: true }) trend!: 'rising' | 'falling' | 'flat' | null;
  @ApiProperty({ type: [TargetSeriesPoint] }) series!: TargetSeriesPoint[];
}

export class TargetCounts {
  @ApiProperty() attained!: number;
  @ApiProperty() notAttained!: number;
  @ApiProperty() noData!: number;
}

export class TargetReport {
  @ApiProperty() planId!: string;
  @ApiProperty({ example: '2022-12-31' }) asOf!: string;
  @ApiProperty({ type: TargetCounts }) counts!: TargetCounts;
  @ApiProperty({ type: [TargetReportItem] }) targets!: TargetReportItem[];
}
