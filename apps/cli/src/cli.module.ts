import { Module } from '@nestjs/common';
import { ConfigModule } from '@duban/config';
import { DeadlinesModule } from '@duban/deadlines';
import { ClockModule, DatabaseModule } from '@duban/platform';
import { PlansModule } from '@duban/plans';
import { RectificationModule } from '@duban/rectification';
import { SeedModule } from '@duban/seed';
import { TasksModule } from '@duban/tasks';

/** What the command-line tools need: the same modules and DataSource as the api, without HTTP. */
@Module({
  imports: [ConfigModule, DatabaseModule, ClockModule, PlansModule, TasksModule, SeedModule, DeadlinesModule, RectificationModule],
})
export class CliModule {}
