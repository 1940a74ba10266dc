import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { InboxModule } from '@duban/inbox';
import { TasksModule } from '@duban/tasks';
import { ClockService } from './clock.service';
import { MilestoneCheckHandler } from './milestone-check.handler';
import { MilestoneCheckService } from './milestone-check.service';
import { MilestoneCheckStore } from './milestone-check.store';
import { MilestoneReportReader } from './milestone-report.reader';
import { TimerFiringService } from './timer-firing.service';
import { TimerHandlerRegistry } from './timer-handlers.registry';
import { TimerScheduler } from './timer-scheduler.service';
import { TimerStore } from './timer.store';

/**
 * Timers from writing to firing, milestone checks and the admin's clock. The handlers of task and
 * order timers live with the workflows (@duban/workflow) and are found at start-up.
 */
@Module({
  imports: [DiscoveryModule, TasksModule, InboxModule],
  providers: [
    TimerStore,
    TimerScheduler,
    TimerHandlerRegistry,
    TimerFiringService,
    MilestoneCheckStore,
    MilestoneReportReader,
    MilestoneCheckService,
    MilestoneCheckHandler,
    ClockService,
  ],
  exports: [TimerScheduler, TimerFiringService, MilestoneCheckService, ClockService],
})
export class TimersModule {}
