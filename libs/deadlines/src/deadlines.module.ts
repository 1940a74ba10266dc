import { Module } from '@nestjs/common';
import { InboxSyncModule } from '@duban/inbox';
import { TasksModule } from '@duban/tasks';
import { TimersModule } from '@duban/timers';
import { AdminController } from './admin.controller';
import { ClockService } from './clock.service';
import { MilestoneCheckService } from './milestone-check.service';
import { TimerFiringService } from './timer-firing.service';

/** The clock's services: firing timers, milestone checks, the admin clock. */
@Module({
  imports: [TasksModule, InboxSyncModule, TimersModule],
  controllers: [AdminController],
  providers: [TimerFiringService, MilestoneCheckService, ClockService],
  exports: [TimerFiringService, MilestoneCheckService, ClockService],
})
export class DeadlinesModule {}
