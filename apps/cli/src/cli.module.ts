import { Module } from '@nestjs/common';
import { AttachmentsModule } from '@duban/attachments';
import { ClockModule } from '@duban/clock';
import { ConfigModule } from '@duban/config';
import { PlansModule } from '@duban/plans';
import { DatabaseModule } from '@duban/platform';
import { RectificationModule } from '@duban/rectification';
import { SeedModule } from '@duban/seed';
import { TasksModule } from '@duban/tasks';
import { WorkflowModule } from '@duban/workflow';

/** What the command-line tools need: the same modules and DataSource as the api, without HTTP. */
@Module({
  imports: [ConfigModule, DatabaseModule, AttachmentsModule, ClockModule, PlansModule, TasksModule, SeedModule, WorkflowModule, RectificationModule],
})
export class CliModule {}
