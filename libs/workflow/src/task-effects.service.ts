import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TimerScheduler } from '@duban/clock';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import {
  type Actor,
  applyOrderEvent,
  calendarDayIn,
  conflict,
  type ContributionTerms,
  contributionPeriod,
  contributionPeriodContaining,
  type DeadlinePolicy,
  DEFAULT_DEADLINE_POLICY,
  firstFeedbackTimer,
  isPersistedOrderSnapshot,
  NOTICE_TEXTS,
  refusalError,
  storedFeedbackRhythm,
  type TaskEffect,
  type TaskState,
  termEndDay,
} from '@duban/domain';
import { InboxStore } from '@duban/inbox';
import { OrderStore } from '@duban/rectification';
import { ContributionStore, SubmissionDraftStore, TaskFactsService, TaskHandlersStore, TaskLinksStore, TaskStore } from '@duban/tasks';

/** Where a transition's effects apply: the task as the transition left it. */
export interface EffectSubject {
  taskId: string;
  state: TaskState;
  dueOn: string;
  actor: Actor;
  /** the audit event of the transition (indicator values point at it) */
  eventId: string;
  now: Date;
  /** the plan's deadline policy, when the caller read it with the task (else the scheduler reads it) */
  policy?: DeadlinePolicy;
  /** the plan's contribution terms, when the caller read them with the task (else the defaults) */
  contributionTerms?: ContributionTerms;
  /** the task's number and text, for notices */
  task: { seq: number; text: string };
}

const userIdOf = (actor: Actor): string | null => (actor.kind === 'user' ? actor.userId : null);

/** Executes the effects the task machine returns, through the stores that own what they change. */
@Injectable()
export class TaskEffects {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly timers: TimerScheduler,
    private readonly orders: OrderStore,
    private readonly links: TaskLinksStore,
    private readonly inbox: InboxStore,
    private readonly contributions: ContributionStore,
    private readonly handlers: TaskHandlersStore,
    private readonly tasks: TaskStore,
    private readonly drafts: SubmissionDraftStore,
    private readonly taskFacts: TaskFactsService,
  ) {}

  async execute(manager: EntityManager, subject: EffectSubject, effect: TaskEffect): Promise<void> {
    const { taskId, now } = subject;
    switch (effect.type) {
      case 'scheduleTimers':
        // progress reports are owed once a task is under way
        await this.timers.scheduleTaskTimers(manager, [{ id: taskId, dueOn: subject.dueOn, reporting: subject.state !== 'assigned' }], now, subject.policy);
        return;
      case 'cancelTimers':
        await this.timers.cancelTaskTimers(manager, [taskId], now);
        await this.timers.cancelOrderTimers(manager, await this.orders.idsOfTask(manager, taskId), now);
        return;
      case 'restartFeedback': {
        // as for a new task (LedgerService.createTask), from today: the first feedback `urgentFirstDays` on, none after the due day
        const { urgency, feedback } = await this.taskFacts.feedbackFactsOf(manager, taskId);
        const hour = (subject.policy ?? DEFAULT_DEADLINE_POLICY).reminderHour;
        const first = firstFeedbackTimer(urgency, subject.dueOn, now, { rhythm: storedFeedbackRhythm(feedback), timeZone: this.config.planTimezone, hour });
        await this.timers.restartFeedback(manager, taskId, first, now);
        return;
      }
      case 'moveDueDate':
        return; // saved with the task row
      case 'openRectificationOrders': {
        const issuedBy = subject.actor.kind === 'user' ? subject.actor.userId : null;
        const orders = await this.orders.insertRound(
          manager,
          {
            taskId,
            round: effect.round,
            findings: effect.findings,
            requiredActions: effect.requiredActions,
            // in a plan that counts working days, an order's term written on a day off ends on the next working day (顺延)
            dueAt: subject.policy ? termEndDay(effect.dueAt, subject.policy.days) : effect.dueAt,
            issuedBy,
            unitIds: effect.addressedUnitIds,
          },
          now,
        );
        await this.timers.scheduleOrderTimers(
          manager,
          orders.map((order) => ({ id: order.id, dueOn: order.due_on })),
          now,
        );
        return;
      }
      case 'acceptRectificationOrders':
        for (const order of await this.orders.lockSubmittedOfRound(manager, taskId, effect.round)) {
          const result = applyOrderEvent(isPersistedOrderSnapshot(order.snapshot) ? order.snapshot : null, {
            type: 'ACCEPT',
            payload: {},
            actor: { kind: 'system' },
            taskState: 'inspected',
          });
          if (!result.ok) throw refusalError(result);
          await this.orders.saveState(manager, order.id, { to: result.to, snapshot: result.snapshot });
        }
        return;
      case 'reassignLead':
        await this.inbox.passReportsToNewLead(manager, taskId, effect.unitIds, now);
        await this.links.replaceLeadUnits(manager, taskId, effect.unitIds);
        return;
      case 'recordIndicators':
        await this.links.recordIndicators(manager, taskId, subject.eventId, effect.indicators, now);
        return;
      case 'recordContribution': {
        const options = { timeZone: this.config.planTimezone, policy: subject.policy, terms: subject.contributionTerms };
        const period =
          effect.period === null ? contributionPeriodContaining(calendarDayIn(now, options.timeZone), options) : contributionPeriod(effect.period, options);
        const { unitId, summary, evidence } = effect;
        await this.contributions.submit(
          manager,
          { taskId, unitId, userId: userIdOf(subject.actor), summary, evidence, period, explicit: effect.period !== null },
          now,
        );
        return;
      }
      case 'returnContribution': {
        const { unitId, reason, period } = effect;
        const returned = await this.contributions.returnSubmitted(manager, { taskId, unitId, period, reason, userId: userIdOf(subject.actor) }, now);
        if (!returned) {
          const which = period === null ? '' : ` for the period ending ${period}`;
          throw conflict('contribution_not_submitted', `unit ${unitId} has no submitted contribution${which} to return`);
        }
        const title = NOTICE_TEXTS.contributionReturned(subject.task, reason);
        const payload = { step: 'contribution_returned', period: returned.period_end, reason };
        await this.inbox.notifyAll(manager, [{ unitIds: [unitId], kind: 'notice', taskId, orderId: null, title, dueOn: returned.due_on, payload }], now);
        return;
      }
      case 'draftSubmission': {
        const { type: _type, unitId, ...content } = effect;
        await this.drafts.draft(manager, { taskId, unitId, content, userId: userIdOf(subject.actor) }, now);
        return;
      }
      case 'decideDraft': {
        const { draftId, unitId, submission, decision, reason } = effect;
        await this.drafts.decide(manager, { draftId, status: decision, reason, userId: userIdOf(subject.actor) }, now);
        // a returned draft goes back to the unit's handlers with the head's reason
        if (decision === 'returned' && reason !== null) {
          const title = NOTICE_TEXTS.draftReturned(subject.task, reason, submission);
          const payload = { step: 'draft_returned', draftId, reason };
          await this.inbox.notifyAll(manager, [{ unitIds: [unitId], kind: 'notice', taskId, orderId: null, title, dueOn: null, payload }], now);
        }
        return;
      }
      case 'chaseCloseOutStep': {
        const { step, title, termDays } = effect;
        const reached = step === null || title === null ? null : { step, title, termDays };
        await this.timers.chaseCloseOutStep(manager, taskId, reached, now, subject.policy);
        return;
      }
      case 'assignHandlers':
        await this.handlers.replace(manager, { taskId, unitId: effect.unitId, userIds: effect.userIds, assignedBy: userIdOf(subject.actor) }, now);
        return;
      case 'editTask':
        if (effect.text !== null) await this.tasks.replaceText(manager, taskId, effect.text);
        // new leads first: a unit that moves from responsible to lead is not then left out as a leader
        if (effect.leadUnitIds !== null) {
          await this.inbox.passReportsToNewLead(manager, taskId, effect.leadUnitIds, now);
          await this.links.replaceLeadUnits(manager, taskId, effect.leadUnitIds);
        }
        if (effect.supportUnitIds !== null) await this.links.replaceSupportUnits(manager, taskId, effect.supportUnitIds);
        return;
      case 'endInboxItems':
        await this.inbox.closeAllOfTask(manager, taskId, now);
        return;
    }
  }
}
