import { Module } from '@nestjs/common';
import { AttachmentsModule } from '@duban/attachments';
import { TimersModule } from '@duban/clock';
import { InboxModule } from '@duban/inbox';
import { RectificationModule } from '@duban/rectification';
import { TasksModule } from '@duban/tasks';
import { UnitsModule } from '@duban/units';
import { BulkSupervisionService } from './bulk-supervision.service';
import { EvidenceFiles } from './evidence-files.service';
import { ApprovedAnswers } from './approved-answers';
import { OrderWorkflowService } from './order-workflow.service';
import { CascadeContributionFill } from './cascade-contribution-fill';
import { TaskEffects } from './task-effects.service';
import { TaskHandlersService } from './task-handlers.service';
import { TaskEditService } from './task-edit.service';
import { TaskPayloadRules } from './task-payload.rules';
import { TaskWorkflowService } from './task-workflow.service';
import { OrderDeadlineEffect } from './timer-handlers/order-deadline.effect';
import { OrderOverdueHandler } from './timer-handlers/order-overdue.handler';
import { OrderReminderHandler } from './timer-handlers/order-reminder.handler';
import { ContributionOverdueHandler } from './timer-handlers/contribution-overdue.handler';
import { CloseOutStepOverdueHandler } from './timer-handlers/close-out-step-overdue.handler';
import { ReportOverdueHandler } from './timer-handlers/report-overdue.handler';
import { ReportPeriodHandler } from './timer-handlers/report-period.handler';
import { TaskEscalateHandler } from './timer-handlers/task-escalate.handler';
import { TaskOverdueHandler } from './timer-handlers/task-overdue.handler';
import { TaskReminderHandler } from './timer-handlers/task-reminder.handler';
import { TaskRepeatReminderHandler } from './timer-handlers/task-repeat-reminder.handler';
import { TaskFeedbackHandler } from './timer-handlers/task-feedback.handler';

const TIMER_HANDLERS = [
  TaskReminderHandler,
  TaskOverdueHandler,
  TaskEscalateHandler,
  TaskRepeatReminderHandler,
  TaskFeedbackHandler,
  OrderReminderHandler,
  OrderOverdueHandler,
  ReportPeriodHandler,
  ReportOverdueHandler,
  CloseOutStepOverdueHandler,
  ContributionOverdueHandler,
];

/**
 * The workflows: a task's events through its machine, rectification orders through theirs, bulk
 * supervision, and the effects of task and order timers. They change data only through the stores.
 */
@Module({
  imports: [TasksModule, RectificationModule, InboxModule, TimersModule, UnitsModule, AttachmentsModule],
  providers: [
    TaskWorkflowService,
    TaskEffects,
    CascadeContributionFill,
    TaskPayloadRules,
    EvidenceFiles,
    OrderWorkflowService,
    { provide: ApprovedAnswers, useExisting: OrderWorkflowService },
    BulkSupervisionService,
    TaskHandlersService,
    TaskEditService,
    OrderDeadlineEffect,
    ...TIMER_HANDLERS,
  ],
  exports: [TaskWorkflowService, OrderWorkflowService, BulkSupervisionService, TaskHandlersService, TaskEditService],
})
export class WorkflowModule {}
