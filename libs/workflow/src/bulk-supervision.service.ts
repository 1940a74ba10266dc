import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '@duban/auth';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import {
  BULK_MAX_TASKS,
  type BulkAction,
  type BulkOutcome,
  type BulkTaskFacts,
  bulkCounts,
  calendarDayIn,
  Clock,
  daysBetween,
  DomainError,
  forbidden,
  invalid,
  mayActInBulk,
  NOTICE_TEXTS,
  reassignDecision,
  payloadRefused,
  type TaskEvent,
  urgeDecision,
  isFinishedTaskState,
} from '@duban/domain';
import { InboxStore } from '@duban/inbox';
import { type LockedTask, relationsOf, TASK_PAGE_MAX, TaskFactsService, TaskListService, TaskStore, userActor } from '@duban/tasks';
import { UnitsService } from '@duban/units';
import type { BulkAnswer, BulkFilter, BulkResult, ExtendPayload, ReassignLeadPayload, UrgePayload } from './bulk-supervision.types';
import { TaskWorkflowService } from './task-workflow.service';

/** A bulk request as the api hands it over: its payload's shape already validated for its action. */
export interface BulkRequest {
  action: BulkAction;
  ids?: string[];
  filter?: BulkFilter;
  payload: Payload;
}

type Payload = UrgePayload | ExtendPayload | ReassignLeadPayload;

/**
 * Bulk supervision (`POST /tasks/bulk`): one action on many tasks, each in a transaction of its own
 * through TaskWorkflowService, so the machine decides, the audit trail records and the inbox follows
 * exactly as for a single event. A task the action does not apply to is skipped with the reason.
 */
@Injectable()
export class BulkSupervisionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly workflow: TaskWorkflowService,
    private readonly tasks: TaskStore,
    private readonly facts: TaskFactsService,
    private readonly taskList: TaskListService,
    private readonly units: UnitsService,
    private readonly inbox: InboxStore,
  ) {}

  async apply(user: AuthenticatedUser, request: BulkRequest): Promise<BulkAnswer> {
    if (!mayActInBulk(user.roles)) throw forbidden('forbidden', 'only inspectors and admins may act on tasks in bulk');
    if ((request.ids === undefined) === (request.filter === undefined)) throw invalid('invalid_request', 'give either ids or filter, not both and not neither');
    const payload = request.payload;
    const today = calendarDayIn(this.clock.now(), this.config.planTimezone);
    await this.checkPayload(request.action, payload, today);
    const ids = request.ids ?? (await this.idsOf(user, request.filter!));
    const results: BulkResult[] = [];
    for (const taskId of ids) results.push(await this.applyToTask(user, request.action, payload, taskId, today));
    return { action: request.action, results, counts: bulkCounts(results) };
  }

  private async checkPayload(action: BulkAction, payload: Payload, today: string): Promise<void> {
    if (action === 'extend' && (payload as ExtendPayload).dueAt <= today)
      throw payloadRefused(`payload.dueAt must be after today (${today})`, { field: 'payload.dueAt', rule: 'after_today', today });
    if (action === 'reassign_lead') {
      const unitIds = (payload as ReassignLeadPayload).unitIds;
      const known = await this.units.leadableOf(unitIds);
      const unknown = unitIds.filter((id) => !known.has(id));
      if (unknown.length > 0)
        throw payloadRefused(`payload.unitIds: ${unknown.join(', ')} are not units that can lead a task`, {
          field: 'payload.unitIds',
          rule: 'units_cannot_lead',
          units: unknown.join('、'),
        });
    }
  }

  /** The tasks `GET /tasks` would list for the filter; more than the cap is refused. */
  private async idsOf(user: AuthenticatedUser, filter: BulkFilter): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.taskList.list(user, { ...filter, cursor, limit: TASK_PAGE_MAX });
      ids.push(...page.items.map((task) => task.id));
      cursor = page.nextCursor ?? undefined;
      if (ids.length > BULK_MAX_TASKS) {
        throw invalid(
          'too_many_tasks',
          `the filter matches more than ${BULK_MAX_TASKS} tasks; at most ${BULK_MAX_TASKS} tasks may be acted on per request (narrow the filter or send ids in batches)`,
        ).withParams({ limit: BULK_MAX_TASKS });
      }
    } while (cursor !== undefined);
    return ids;
  }

  private async applyToTask(user: AuthenticatedUser, action: BulkAction, payload: Payload, taskId: string, today: string): Promise<BulkResult> {
    let seq: number | null = null;
    try {
      const outcome = await this.dataSource.transaction(async (manager): Promise<BulkOutcome> => {
        const task = await this.tasks.lockTask(manager, taskId);
        const facts = await this.factsOf(manager, task, today);
        seq = facts.seq;
        const decision = this.decide(action, payload, facts);
        if (decision.outcome === 'skipped') return decision;
        const relations = (await relationsOf(manager, user, [taskId])).get(taskId) ?? [];
        await this.workflow.applyInTransaction(manager, task, { ...this.eventOf(action, payload), actor: userActor(user, relations) } as TaskEvent);
        if (action === 'urge') {
          const now = this.clock.now();
          await this.inbox.notifyAll(
            manager,
            [
              {
                unitIds: [...facts.leadUnitIds],
                kind: 'notice',
                taskId,
                orderId: null,
                title: NOTICE_TEXTS.bulkUrge(facts, today, Math.max(daysBetween(facts.dueOn, today), 0)),
                dueOn: null,
                payload: {
                  step: 'urge',
                  bulk: true,
                  byUserId: user.id,
                  ...((payload as UrgePayload).note ? { note: (payload as UrgePayload).note } : {}),
                },
              },
            ],
            now,
          );
        }
        return decision;
      });
      return { taskId, seq, ...outcome };
    } catch (error) {
      // the machine's refusals and an unknown task skip the task; anything else is a fault
      if (error instanceof DomainError) return { taskId, seq, outcome: 'skipped', reason: error.message };
      throw error;
    }
  }

  private decide(action: BulkAction, payload: Payload, facts: BulkTaskFacts): BulkOutcome {
    if (action === 'urge') return urgeDecision(facts);
    if (action === 'reassign_lead') return reassignDecision(facts, (payload as ReassignLeadPayload).unitIds);
    const dueAt = (payload as ExtendPayload).dueAt;
    if (isFinishedTaskState(facts.state)) return { outcome: 'skipped', reason: `the task is ${facts.state}` };
    if (dueAt <= facts.dueOn) return { outcome: 'skipped', reason: `the new due day ${dueAt} is not after the current one (${facts.dueOn})` };
    return { outcome: 'done' };
  }

  private eventOf(action: BulkAction, payload: Payload): Omit<TaskEvent, 'actor'> {
    switch (action) {
      case 'urge':
        return { type: 'URGE', payload: (payload as UrgePayload).note ? { note: (payload as UrgePayload).note } : {} };
      case 'extend':
        return { type: 'GRANT_EXTENSION', payload: { dueAt: (payload as ExtendPayload).dueAt, reason: (payload as ExtendPayload).reason } };
      case 'reassign_lead':
        return { type: 'REASSIGN_LEAD', payload: { unitIds: (payload as ReassignLeadPayload).unitIds, reason: (payload as ReassignLeadPayload).reason } };
    }
  }

  private async factsOf(manager: EntityManager, task: LockedTask, today: string): Promise<BulkTaskFacts & { seq: number }> {
    const row = await this.facts.bulkFactsOf(manager, task.id);
    return { seq: row.seq, state: task.state, overdue: row.overdue, dueOn: task.due_on, today, leadUnitIds: row.lead_unit_ids };
  }
}
