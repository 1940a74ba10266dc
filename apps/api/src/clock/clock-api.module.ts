import { Module } from '@nestjs/common';
import { TimersModule } from '@duban/clock';
import { WorkflowModule } from '@duban/workflow';
import { AdminController } from './admin.controller';

/** Routes: /admin/clock and /admin/milestone-checks. Moving the clock fires timers here, so the workflows' timer handlers are loaded. */
@Module({
  imports: [TimersModule, WorkflowModule],
  controllers: [AdminController],
})
export class ClockApiModule {}
