import { Module } from '@nestjs/common';
import { InboxSyncModule } from '@duban/inbox';
import { TasksModule } from '@duban/tasks';
import { TimersModule } from '@duban/timers';
import { UnitsModule } from '@duban/units';
import { PlanDeadlinePolicyService } from './plan-deadline-policy.service';
import { PlanImportService } from './plan-import.service';
import { PlansController } from './plans.controller';
import { PlansService } from './plans.service';

@Module({
  imports: [UnitsModule, TasksModule, TimersModule, InboxSyncModule],
  controllers: [PlansController],
  providers: [PlanImportService, PlansService, PlanDeadlinePolicyService],
  exports: [PlanImportService, PlansService],
})
export class PlansModule {}
