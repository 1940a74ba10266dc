import { Module } from '@nestjs/common';
import { RectificationModule } from '@duban/rectification';
import { WorkflowModule } from '@duban/workflow';
import { RectificationOrdersController } from './rectification-orders.controller';

/** Routes: /rectification-orders. */
@Module({
  imports: [RectificationModule, WorkflowModule],
  controllers: [RectificationOrdersController],
})
export class RectificationApiModule {}
