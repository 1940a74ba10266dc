import { Inject, Injectable } from '@nestjs/common';
import { type FiringOutcome, HandlesTimer, type TaskTimerContext, type TimerHandler } from '@duban/clock';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import { addDays, calendarDayIn, daysBetween, NOTICE_TEXTS } from '@duban/domain';
import { UnitsService } from '@duban/units';
import { TaskWorkflowService } from '../task-workflow.service';
import { sendSystemEvent, taskRef } from './system-event';

/** A later ladder step: 督办 to the committees' offices and the lead units, or 约谈 raised for the inspectors. */
@Injectable()
@HandlesTimer('task_escalate')
export class TaskEscalateHandler implements TimerHandler {
  readonly subject = 'task';
  readonly batched = true;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly workflow: TaskWorkflowService,
    private readonly units: UnitsService,
  ) {}

  async fire(context: TaskTimerContext): Promise<FiringOutcome> {
    const { manager, timer, task, facts, now } = context;
    const level = Number(timer.payload.level);
    if (facts.escalation_level >= level) return 'skipped';
    await sendSystemEvent(this.workflow, context, { type: 'ESCALATE', payload: { level } });
    // days since the due day ended, as the ladder counts them
    const overdueDays = daysBetween(addDays(facts.due_on, 1), calendarDayIn(now, this.config.planTimezone));
    if (timer.payload.step === 'interview') {
      await context.notify({
        unitIds: await this.units.idsOfKind(manager, facts.jurisdiction, 'supervision'),
        kind: 'interview',
        taskId: task.id,
        orderId: null,
        title: NOTICE_TEXTS.interview(taskRef(context), overdueDays),
        dueOn: null,
        payload: { timerId: timer.id, step: 'interview', level },
      });
      return 'applied';
    }
    const committeeOffices = await this.units.idsOfKind(manager, facts.jurisdiction, 'office');
    await context.notify({
      unitIds: [...committeeOffices, ...facts.lead_unit_ids],
      kind: 'notice',
      taskId: task.id,
      orderId: null,
      title: NOTICE_TEXTS.supervise(taskRef(context), overdueDays),
      dueOn: null,
      payload: { timerId: timer.id, step: String(timer.payload.step), level },
    });
    return 'applied';
  }
}
