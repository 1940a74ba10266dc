import { Module } from '@nestjs/common';
import { TimersModule } from '@duban/clock';
import { InboxModule } from '@duban/inbox';
import { TasksModule } from '@duban/tasks';
import { UnitsModule } from '@duban/units';
import { LedgerService } from './ledger.service';
import { PlanPolicyService } from './plan-policy.service';
import { PlanImportService } from './plan-import.service';
import { PlanStore } from './plan.store';
import { PlansService } from './plans.service';
import { ChildPlanResolver } from './cascade/child-plan.resolver';

/** Plans: their store, the importer (which writes through the units', tasks', timers' and inbox's stores), the deadline policy, the reads. */
@Module({
  imports: [UnitsModule, TasksModule, TimersModule, InboxModule],
  providers: [PlanStore, PlanImportService, PlansService, PlanPolicyService, LedgerService, ChildPlanResolver],
  exports: [PlanImportService, PlansService, PlanPolicyService, LedgerService],
})
export class PlansModule {}
