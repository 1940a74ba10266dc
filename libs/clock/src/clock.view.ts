import { ApiProperty } from '@nestjs/swagger';

export class ClockView {
  @ApiProperty() now!: string;
  @ApiProperty({ enum: ['system', 'simulated'] }) mode!: string;
  @ApiProperty({ description: 'timers due by now and not yet applied' }) pendingDue!: number;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '2023-03-20T01:00:00.000Z',
    description: 'when the next timer after now comes due (a reminder, a due day, a step of the ladder): moving the clock there fires it; null when none waits',
  })
  nextDueAt!: string | null;
  @ApiProperty({ required: false, description: 'timers applied while the clock was moved' }) fired?: number;
}

/** The time every user works on (the console's 演示模式 banner shows a simulated one). */
export class ClockNowView {
  @ApiProperty({ example: '2023-03-15T02:00:00.000Z' }) now!: string;
  @ApiProperty({ enum: ['system', 'simulated'] }) mode!: string;
}
