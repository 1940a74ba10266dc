import { Module } from '@nestjs/common';
import { AttachmentsModule } from '@duban/attachments';
import { UsersModule } from '@duban/auth';
import { InboxModule } from '@duban/inbox';
import { OutboxModule } from '@duban/outbox';
import { RectificationModule } from '@duban/rectification';
import { TasksModule } from '@duban/tasks';
import { UnitsModule } from '@duban/units';
import { UnitMergeService } from './unit-merge.service';
import { UnitUpdateService } from './unit-update.service';

/**
 * Merging one unit into another, across every table that names a unit (each through its own store), and
 * correcting one, with the task list's copies of its name.
 */
@Module({
  imports: [UnitsModule, TasksModule, RectificationModule, InboxModule, OutboxModule, UsersModule, AttachmentsModule],
  providers: [UnitMergeService, UnitUpdateService],
  exports: [UnitMergeService, UnitUpdateService],
})
export class UnitMergeModule {}
