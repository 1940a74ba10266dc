import { Module } from '@nestjs/common';
import { PlansModule } from '@duban/plans';
import { TasksModule } from '@duban/tasks';
import { PlansController } from './plans.controller';

/** Routes: /plans (import, outline, deadline policy, a plan's tasks). */
@Module({
  imports: [PlansModule, TasksModule],
  controllers: [PlansController],
})
export class PlansApiModule {}
