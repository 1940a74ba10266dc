import { Module } from '@nestjs/common';
import { TaskReadService } from './task-read.service';

@Module({
  providers: [TaskReadService],
  exports: [TaskReadService],
})
export class TasksModule {}
