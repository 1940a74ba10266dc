import { Module } from '@nestjs/common';
import { TimerWriter } from './timer-writer';

@Module({
  providers: [TimerWriter],
  exports: [TimerWriter],
})
export class TimersModule {}
