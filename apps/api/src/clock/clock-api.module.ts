import { Module } from '@nestjs/common';
import { TimersModule } from '@duban/clock';
import { WorkflowModule } from '@duban/workflow';
import { AdminController } from './admin.controller';
import { ClockController } from './clock.controller';

/** Routes: /admin/clock, /admin/milestone-checks and /clock (read by every user). Moving the clock fires timers here, so the workflows' timer handlers are loaded. */
@Module({
  imports: [TimersModule, WorkflowModule],
  controllers: [AdminController, ClockController],
})
export class ClockApiModule {}
