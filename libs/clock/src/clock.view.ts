import { ApiProperty } from '@nestjs/swagger';

export class ClockView {
  @ApiProperty() now!: string;
  @ApiProperty({ enum: ['system', 'simulated'] }) mode!: string;
  @ApiProperty({ description: 'timers due by now and not yet applied' }) pendingDue!: number;
  @ApiProperty({ required: false, description: 'timers applied while the clock was moved' }) fired?: number;
}
