import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import { Clock, SimulatedClock, SystemClock } from './clock';
import { ClockStore } from './clock-store';

@Global()
@Module({
  providers: [
    {
      provide: Clock,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): Clock =>
        config.clockMode === 'simulated' ? new SimulatedClock(new Date(config.clockStart as string)) : new SystemClock(),
    },
    ClockStore,
  ],
  exports: [Clock, ClockStore],
})
export class ClockModule {}
