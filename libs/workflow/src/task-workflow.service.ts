import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '@duban/auth';
import {
  allowedEvents,
  applyTaskEvent,
  authorize,
  Clock,
  conflict,
  invalid,
  refusalError,
  storedContributionTerms,
  storedDeadlinePolicy,
  storedLifecyclePolicy,
  type SubmissionDraftFact,
  type TaskEffect,
  type TaskEvent,
  type TaskTransition,
  type UserActor,
  type UserTaskEventType,
} from '@duban/domain';
import { InboxStore, InboxSync } from '@duban/inbox';
import { transactionBegunByFirstStatement } from '@duban/persistence';
import {
  type DeferredTransition,
  handlingOf,
  type LockedTask,
  relationsAndHandlersOf,
  relationsOf,
  SubmissionDraftStore,
  TaskReadService,
  TaskStore,
  type TaskView,
  type TaskViewRow,
  userActor,
} from '@duban/tasks';
import { EvidenceFiles } from './evidence-files.service';
import { ApprovedAnswers } from './approved-answers';
import { CascadeContributionFill } from './cascade-contribution-fill';
import { TaskEffects } from './task-effects.service';
import { TaskPayloadRules } from './task-payload.rules';

/** A user's event as the api hands it over, its payload's shape already validated. */
export interface UserEventRequest {
  type: UserTaskEventType;
  expectedVersion?: number;
  payload: Record<string, unknown>;
}

/** effects that can change which units lead, support or are addressed by an order of the task's round */
const RELATION_EFFECTS: ReadonlySet<TaskEffect['type']> = new Set(['reassignLead', 'editTask', 'openRectificationOrders', 'acceptRectificationOrders']);

/** effects that change what the inbox policy reads besides the task row: its facts are read after them */
const FACT_EFFECTS: ReadonlySet<TaskEffect['type']> = new Set([
  ...RELATION_EFFECTS,
  'recordContribution',
  'returnContribution',
  'draftSubmission',
  'decideDraft',
]);

/**
 * effects that change what a task's view reads besides its row (its units, whether an order keeps it red,
 * the progress report owed): after them the answer reads the task again
 */
const VIEW_EFFECTS: ReadonlySet<TaskEffect['type']> = new Set([...RELATION_EFFECTS, 'endInboxItems']);

/** effects of a CONTRIBUTE that change what the inbox policy reads: a contribution recorded or a draft kept for the head */
const INBOX_EFFECTS: ReadonlySet<TaskEffect['type']> = new Set(['recordContribution', 'draftSubmission']);

const INBOX_NEUTRAL_EVENTS: ReadonlySet<TaskEvent['type']> = new Set([
  'REPORT_PROGRESS',
  'CONTRIBUTE',
  'ASSIGN_HANDLERS',
  'URGE',
  'REMINDER',
  'OVERDUE',
  'ESCALATE',
]);

/**
 * The inbox policy reads the state, a pending extension, the orders and the contributions: events that
 * change none of them leave the inbox as it is (a CONTRIBUTE that records no contribution and keeps no draft among them).
 */
const touchesInbox = (result: TaskTransition, event: TaskEvent): boolean =>
  result.from !== result.to || !INBOX_NEUTRAL_EVENTS.has(event.type) || result.effects.some((effect) => INBOX_EFFECTS.has(effect.type));

/**
 * Applies events to tasks. One transaction per event: lock the task row, check the version, run
 * the pure machine on the stored snapshot, save state + snapshot + version with the audit event,
 * execute the machine's effects (orders, timers, indicator values) and bring the inbox in step.
 */
@Injectable()
export class TaskWorkflowService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly tasks: TaskStore,
    private readonly effects: TaskEffects,
    private readonly payloads: TaskPayloadRules,
    private readonly evidence: EvidenceFiles,
    private readonly inboxSync: InboxSync,
    private readonly inbox: InboxStore,
    private readonly reads: TaskReadService,
    private readonly drafts: SubmissionDraftStore,
    private readonly moduleRef: ModuleRef,
    private readonly contributionFill: CascadeContributionFill,
  ) {}

  /**
   * Applies a user's event and answers with the task as this transaction left it, with the events the
   * user may send next (from the new snapshot, without reading it again).
   */
  async applyUserEvent(taskId: string, user: AuthenticatedUser, request: UserEventRequest): Promise<TaskView> {
    // the transaction's BEGIN goes out with the task's lock: one round trip for both
    return transactionBegunByFirstStatement(this.dataSource, async (manager) => {
      const locked = await this.tasks.lockTaskWithRelations(manager, taskId, user.unitId);
      const task = locked.task;
      const { relations, handlers } = locked.fresh ? locked : await relationsAndHandlersOf(manager, user, taskId);
      if (request.expectedVersion !== undefined && request.expectedVersion !== task.version) {
        throw conflict('version_conflict', `the task is at version ${task.version}, not ${request.expectedVersion}; reload it and try again`);
      }
      const handling = handlingOf(user, handlers);
      const actor = userActor(user, relations, handling);
      const permitted = authorize(request.type, actor).permitted;
      const completed = await this.payloads.complete(manager, task, request.type, request.payload, actor);
      // a refused actor hears 403 from the machine before anything about its files or the draft it names
      const payload = permitted ? await this.evidence.check(manager, user, taskId, request.type, completed, task.evidence_policy) : completed;
      const draft = permitted ? await this.draftNamed(manager, taskId, request.payload) : undefined;
      // the plan's sign-off and close-out sections route a self-assessment, a contribution and a pass (see the machine)
      const policy = storedLifecyclePolicy(task.lifecycle_policy?.signOff, task.lifecycle_policy?.closeOut);
      const { result, view: written } = await this.transition(manager, task, { type: request.type, payload, actor, policy, draft } as TaskEvent, true);
      await this.evidence.attach(manager, taskId, payload, this.clock.now());
      const sendsDraft = draft !== undefined && request.type === 'APPROVE_SUBMISSION';
      if (sendsDraft) await this.sendApprovedDraft(manager, task, user, actor, draft);
      const relationsAfter = result.effects.some((effect) => RELATION_EFFECTS.has(effect.type))
        ? ((await relationsOf(manager, user, [taskId])).get(taskId) ?? [])
        : relations;
      // the answer as the write left the task, unless a second transition (an approved draft sent) moved it again
      const view = written !== null && !sendsDraft ? this.reads.viewOf(written) : await this.reads.findOne(taskId, manager);
      return { ...view, allowedEvents: allowedEvents(result.snapshot, userActor(user, relationsAfter, handling)) };
    });
  }

  /**
   * A progress report or an order's answer approved by its unit's head is sent now, in the approval's
   * transaction: the real event, by the head for the unit, with the draft's content (a contribution's
   * approval already recorded it, see the machine). Until then nothing counted it as sent.
   */
  private async sendApprovedDraft(manager: EntityManager, task: LockedTask, user: AuthenticatedUser, actor: UserActor, draft: SubmissionDraftFact) {
    if (draft.submission === 'REPORT_PROGRESS') {
      await this.applyInTransaction(manager, task, { type: 'REPORT_PROGRESS', payload: { ...draft.payload, draftId: draft.id }, actor } as TaskEvent);
    } else if (draft.submission === 'SUBMIT_RECTIFICATION') {
      // the order workflow applies RECTIFICATION_SUBMITTED through this service: looked up when needed, not injected (no cycle)
      const orders = this.moduleRef.get(ApprovedAnswers, { strict: false });
      await orders.submitApproved(manager, task, user, draft.orderId, draft.payload, draft.id);
    }
  }

  /** The pending draft an APPROVE_SUBMISSION or RETURN_SUBMISSION names (`draftId`); none named: undefined. */
  private async draftNamed(manager: EntityManager, taskId: string, payload: Record<string, unknown>): Promise<SubmissionDraftFact | undefined> {
    if (typeof payload.draftId !== 'string') return undefined;
    const draft = await this.drafts.findOfTask(manager, taskId, payload.draftId);
    if (draft === null) throw invalid('draft_not_found', `payload.draftId: task ${taskId} has no draft ${payload.draftId}`);
    if (draft.status !== 'pending') throw conflict('draft_not_pending', `draft ${draft.id} was already ${draft.status}`);
    const { status: _status, ...fact } = draft;
    return fact;
  }

  /** For the system (orders, timers, bulk supervision): the caller holds the task's row lock in `manager`'s transaction. */
  async applyInTransaction(manager: EntityManager, task: LockedTask, event: TaskEvent): Promise<TaskTransition> {
    return (await this.transition(manager, task, event, false)).result;
  }

  /**
   * `applyInTransaction`; with `withView`, also the task's view columns as the transaction leaves them, read
   * by the write itself and kept in step with what follows it (null when an effect changes what they read).
   */
  private async transition(
    manager: EntityManager,
    task: LockedTask,
    event: TaskEvent,
    withView: boolean,
  ): Promise<{ result: TaskTransition; view: TaskViewRow | null }> {
    const result = applyTaskEvent(task.snapshot, event);
    if (!result.ok) throw refusalError(result, { event: event.type, state: task.state });
    const now = this.clock.now();
    const moved = result.effects.find((effect): effect is Extract<TaskEffect, { type: 'moveDueDate' }> => effect.type === 'moveDueDate');
    const dueOn = moved?.dueAt ?? task.due_on;
    const version = task.version + 1;
    const syncInbox = touchesInbox(result, event);
    // effects that touch units, orders or inbox items come after the write: then the policy's facts are read after them
    const factsWithWrite = syncInbox && event.type !== 'REPORT_PROGRESS' && !result.effects.some((effect) => FACT_EFFECTS.has(effect.type));
    // a progress report kept as a draft is audited as such: every reader of sent reports reads REPORT_PROGRESS
    const drafted = result.effects.some((effect) => effect.type === 'draftSubmission' && effect.submission === 'REPORT_PROGRESS');
    const written = await this.tasks.writeTransition(
      manager,
      { taskId: task.id, version, eventType: drafted ? 'REPORT_DRAFTED' : event.type, result, actor: event.actor, payload: event.payload, dueOn, now },
      factsWithWrite,
      withView && !result.effects.some((effect) => VIEW_EFFECTS.has(effect.type)),
    );
    const view = written.view;
    const policy = task.deadline_policy === undefined ? undefined : storedDeadlinePolicy(task.deadline_policy);
    const contributionTerms = task.contribution_terms === undefined ? undefined : storedContributionTerms(task.contribution_terms);
    for (const effect of result.effects) {
      const subject = { taskId: task.id, state: result.to, dueOn, actor: event.actor, eventId: written.eventId, now, policy, contributionTerms, task: written };
      await this.effects.execute(manager, subject, effect);
    }
    // the lead unit has reported: the period's report item is done (a report kept as a draft has not been sent)
    if (event.type === 'REPORT_PROGRESS' && !drafted) {
      await this.inbox.closeReports(manager, task.id, now);
      if (view) view.report_due_on = null;
    }
    // a task serving a task of a plan that fills contributions automatically fills its government's (docs/cascade.md)
    if (event.type === 'REPORT_PROGRESS' && !drafted && task.serves_parent !== false) await this.contributionFill.afterReport(manager, task.id, now);
    if (syncInbox) {
      const known = written.facts ? { ...written.facts, state: result.to, snapshot: result.snapshot, due_on: dueOn } : undefined;
      const { reportsClosed } = await this.inboxSync.syncTask(manager, task.id, now, known);
      if (view && reportsClosed) view.report_due_on = null;
    }
    Object.assign(task, { state: result.to, snapshot: result.snapshot, version, due_on: dueOn });
    return { result, view };
  }

  /**
   * As `applyInTransaction` for a system event, except that when the transition has no effects and
   * leaves state and inbox alone its write is added to `deferred` instead of being sent now; the
   * caller writes them (TaskStore.writeDeferred) in the same transaction, before anything else
   * touches these tasks' rows.
   */
  async applyOrDefer(manager: EntityManager, task: LockedTask, event: TaskEvent, deferred: DeferredTransition[]): Promise<void> {
    const result = applyTaskEvent(task.snapshot, event);
    if (!result.ok) throw refusalError(result, { event: event.type, state: task.state });
    const deferrable = event.actor.kind === 'system' && result.effects.length === 0 && !touchesInbox(result, event) && event.type !== 'REPORT_PROGRESS';
    if (!deferrable) {
      // written in order: the deferred ones carry the earlier versions
      await this.tasks.writeDeferred(manager, deferred, this.clock.now());
      await this.applyInTransaction(manager, task, event);
      return;
    }
    const version = task.version + 1;
    deferred.push({
      task_id: task.id,
      seq: version,
      type: event.type,
      from_state: result.from,
      to_state: result.to,
      payload: event.payload,
      snapshot: result.snapshot,
      overdue: result.context.overdue,
      escalation_level: result.context.escalationLevel,
      due_on: task.due_on,
    });
    Object.assign(task, { state: result.to, snapshot: result.snapshot, version });
  }
}
