import { Module } from '@nestjs/common';
import { TasksModule } from '@duban/tasks';
import { OrderReadService } from './order-read.service';
import { OrderStore } from './order.store';

/** Rectification orders: their store and how users see them (their workflow: @duban/workflow). */
@Module({
  imports: [TasksModule],
  providers: [OrderStore, OrderReadService],
  exports: [OrderStore, OrderReadService],
})
export class RectificationModule {}
