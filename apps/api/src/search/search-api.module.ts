import { Module } from '@nestjs/common';
import { TasksModule } from '@duban/tasks';
import { SearchController } from './search.controller';

/** Routes: /search (words in tasks, their audit trail, orders and contributions). */
@Module({
  imports: [TasksModule],
  controllers: [SearchController],
})
export class SearchApiModule {}
