import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import { Clock } from '@duban/domain';
import { ClockStore } from './clock.store';
import { SimulatedClock, SystemClock } from './clocks';

/** The process's clock: the system's, or the simulated one shared through `clock_state`. */
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
