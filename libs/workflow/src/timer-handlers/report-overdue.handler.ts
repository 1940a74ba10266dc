import { Injectable } from '@nestjs/common';
import { type FiringOutcome, HandlesTimer, type TaskTimerContext, type TimerHandler } from '@duban/clock';
import { NOTICE_TEXTS } from '@duban/domain';
import { InboxStore } from '@duban/inbox';
import { UnitsService } from '@duban/units';
import { TaskWorkflowService } from '../task-workflow.service';
import { sendSystemEvent, taskRef } from './system-event';

/** A report's due day has passed: if it is still missing, chase the lead units and tell the supervising office. */
@Injectable()
@HandlesTimer('report_overdue')
export class ReportOverdueHandler implements TimerHandler {
  readonly subject = 'task';
  readonly batched = false;

  constructor(
    private readonly workflow: TaskWorkflowService,
    private readonly units: UnitsService,
    private readonly inbox: InboxStore,
  ) {}

  async fire(context: TaskTimerContext): Promise<FiringOutcome> {
    const { manager, timer, task, facts } = context;
    const period = timer.payload as { reportDueOn: string; label: string };
    const missing = await this.inbox.unitsOwingReport(manager, task.id);
    if (missing.length === 0) return 'skipped';
    await sendSystemEvent(this.workflow, context, { type: 'REMINDER', payload: { kind: 'report_overdue', offsetDays: 0 } });
    const payload = { timerId: timer.id, step: 'report_overdue' };
    await context.notify({
      unitIds: missing,
      kind: 'notice',
      taskId: task.id,
      orderId: null,
      title: NOTICE_TEXTS.reportMissing(taskRef(context), period),
      dueOn: null,
      payload,
    });
    await context.notify({
      unitIds: await this.units.idsOfKind(manager, facts.jurisdiction, 'supervision'),
      kind: 'notice',
      taskId: task.id,
      orderId: null,
      title: NOTICE_TEXTS.reportMissingToSupervision(taskRef(context), period),
      dueOn: null,
      payload,
    });
    return 'applied';
  }
}
