import { ApiProperty } from '@nestjs/swagger';

export class UnitScoreRow {
  @ApiProperty() rank!: number;
  @ApiProperty() unitId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() tasksLed!: number;
  @ApiProperty() tasksSupported!: number;
  @ApiProperty() dueInPeriod!: number;
  @ApiProperty() closedOnTime!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'null when nothing was due in the period' }) onTimeRate!: number | null;
  @ApiProperty() overdueTasks!: number;
  @ApiProperty() overdueDays!: number;
  @ApiProperty() ordersReceived!: number;
  @ApiProperty() ordersAnswered!: number;
  @ApiProperty() ordersSentBack!: number;
  @ApiProperty() extensionsRequested!: number;
  @ApiProperty() extensionsGranted!: number;
  @ApiProperty() missingReports!: number;
  @ApiProperty({ description: 'its contributions (协办) due in the period and not in by their due day' }) missingContributions!: number;
  @ApiProperty({ description: 'led tasks closed in the period with the close-out grade 优秀' }) gradedExcellent!: number;
  @ApiProperty({ description: '… with 良好' }) gradedGood!: number;
  @ApiProperty({ description: '… with 合格' }) gradedPass!: number;
  @ApiProperty({ description: '… with 不合格' }) gradedFailing!: number;
  @ApiProperty() score!: number;
}

export class UnitReport {
  @ApiProperty() planId!: string;
  @ApiProperty({ example: '2021-01-01' }) from!: string;
  @ApiProperty({ example: '2022-12-31' }) to!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'the score weights in force, by name' }) policy!: Record<
    string,
    number
  >;
  @ApiProperty({ type: [UnitScoreRow], description: 'ranked by score' }) units!: UnitScoreRow[];
}
