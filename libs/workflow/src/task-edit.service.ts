import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '@duban/auth';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import {
  allowedEvents,
  authorize,
  calendarDayIn,
  Clock,
  type EditedTaskFields,
  forbidden,
  DomainError,
  invalid,
  storedDeadlinePolicy,
  type TaskEvent,
  termEndDay,
} from '@duban/domain';
import { relationsOf, TaskReadService, TaskStore, type TaskView, userActor } from '@duban/tasks';
import { TaskWorkflowService } from './task-workflow.service';

/** What `PATCH /tasks/:id` asks: the fields to change (absent: unchanged) and why. */
export interface EditTaskInput extends EditedTaskFields {
  reason: string;
}

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((id, index) => id === b[index]);

/**
 * Corrections of a task by the supervising office (`PATCH /tasks/:id`): its text, due day, lead and
 * responsible units. Each is an `EDIT` event through the task's machine, audited with the fields as
 * they were and as they become; the units' inbox items and the timers follow in the same transaction.
 */
@Injectable()
export class TaskEditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly tasks: TaskStore,
    private readonly reads: TaskReadService,
    private readonly workflow: TaskWorkflowService,
  ) {}

  async edit(taskId: string, user: AuthenticatedUser, input: EditTaskInput): Promise<TaskView> {
    return this.dataSource.transaction(async (manager) => {
      const locked = await this.tasks.lockTaskWithRelations(manager, taskId, user.unitId);
      const relations = locked.fresh ? locked.relations : ((await relationsOf(manager, user, [taskId])).get(taskId) ?? []);
      const actor = userActor(user, relations);
      const permission = authorize('EDIT', actor);
      if (!permission.permitted) throw forbidden('forbidden', permission.reason);

      const current = await this.reads.findOne(taskId, manager);
      const leads = current.leadUnits.map((unit) => unit.id);
      const supports = current.supportUnits.map((unit) => unit.id);
      const policy = locked.task.deadline_policy === undefined ? undefined : storedDeadlinePolicy(locked.task.deadline_policy);
      // in a plan counting working days a due day on a day off ends on the next working day, as a term does
      const dueAt = input.dueAt === undefined || !policy ? input.dueAt : termEndDay(input.dueAt, policy.days);
      const before: EditedTaskFields = {};
      const after: EditedTaskFields = {};
      if (input.text !== undefined && input.text !== current.text) [before.text, after.text] = [current.text, input.text];
      if (dueAt !== undefined && dueAt !== current.dueAt) [before.dueAt, after.dueAt] = [current.dueAt, dueAt];
      if (input.leadUnitIds !== undefined && !sameList(input.leadUnitIds, leads)) [before.leadUnitIds, after.leadUnitIds] = [leads, input.leadUnitIds];
      if (input.supportUnitIds !== undefined && !sameList(input.supportUnitIds, supports)) {
        [before.supportUnitIds, after.supportUnitIds] = [supports, input.supportUnitIds];
      }
      await this.check(manager, after, input.leadUnitIds ?? leads, input.supportUnitIds ?? supports);

      const event = { type: 'EDIT', payload: { reason: input.reason, before, after }, actor } as TaskEvent;
      const result = await this.workflow.applyInTransaction(manager, locked.task, event);
      const relationsAfter = (await relationsOf(manager, user, [taskId])).get(taskId) ?? [];
      const view = await this.reads.findOne(taskId, manager);
      return { ...view, allowedEvents: allowedEvents(result.snapshot, userActor(user, relationsAfter)) };
    });
  }

  /** Refusals the machine cannot see: a past due day, units that do not exist, a unit both leading and responsible. */
  private async check(manager: DataSource['manager'], after: EditedTaskFields, leads: readonly string[], supports: readonly string[]): Promise<void> {
    const today = calendarDayIn(this.clock.now(), this.config.planTimezone);
    if (after.dueAt !== undefined && after.dueAt < today)
      throw new DomainError('invalid', 'due_day_past', [`dueAt must not be before today (${today})`], { params: { today } });
    const both = leads.filter((id) => supports.includes(id));
    if (both.length > 0) throw invalid('invalid_units', `units ${both.join(', ')} cannot both lead the task and be responsible units of it`);
    const named = [...new Set([...(after.leadUnitIds ?? []), ...(after.supportUnitIds ?? [])])];
    if (named.length === 0) return;
    const known = await manager.query<{ id: string }[]>('SELECT id::text FROM units WHERE id = ANY($1::bigint[])', [named]);
    const unknown = named.filter((id) => !known.some((row) => row.id === id));
    if (unknown.length > 0) throw invalid('unit_not_found', `units ${unknown.join(', ')} do not exist`);
  }
}
