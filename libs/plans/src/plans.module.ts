import { Module } from '@nestjs/common';
import { TasksModule } from '@duban/tasks';
import { UnitsModule } from '@duban/units';
import { PlanImportService } from './plan-import.service';
import { PlansController } from './plans.controller';
import { PlansService } from './plans.service';

@Module({
  imports: [UnitsModule, TasksModule],
  controllers: [PlansController],
  providers: [PlanImportService, PlansService],
  exports: [PlanImportService, PlansService],
})
export class PlansModule {}
