import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '@duban/auth';
import { authorize, forbidden, invalid, payloadRefused, type TaskEvent } from '@duban/domain';
import { relationsOf, TaskHandlersStore, TaskLinksStore, TaskStore, type UnitHandlersView, userActor } from '@duban/tasks';
import { TaskWorkflowService } from './task-workflow.service';

/** What `PUT /tasks/:id/handlers` names: a unit of the task and its handlers (none: the whole unit again). */
export interface AssignHandlersInput {
  unitId: string;
  userIds: string[];
}

/**
 * Handlers (承办人): the head of a unit of a task (or an admin) names the people of that unit who work
 * the task. Each naming is an `ASSIGN_HANDLERS` event through the task's machine, so the audit trail
 * shows every reassignment, and it commits with the handlers' rows in one transaction.
 */
@Injectable()
export class TaskHandlersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tasks: TaskStore,
    private readonly links: TaskLinksStore,
    private readonly handlers: TaskHandlersStore,
    private readonly workflow: TaskWorkflowService,
  ) {}

  async assign(taskId: string, user: AuthenticatedUser, input: AssignHandlersInput): Promise<UnitHandlersView[]> {
    return this.dataSource.transaction(async (manager) => {
      const locked = await this.tasks.lockTaskWithRelations(manager, taskId, user.unitId);
      const relations = locked.fresh ? locked.relations : ((await relationsOf(manager, user, [taskId])).get(taskId) ?? []);
      const actor = userActor(user, relations);
      const permission = authorize('ASSIGN_HANDLERS', actor);
      if (!permission.permitted) throw forbidden('forbidden', permission.reason);
      if (!user.roles.includes('admin') && input.unitId !== user.unitId) {
        throw forbidden('not_your_unit', 'a unit head names handlers only for its own unit');
      }
      const units = await this.links.unitsOf(manager, taskId);
      if (!units.some((unit) => unit.unit_id === input.unitId)) {
        throw payloadRefused(`unitId: unit ${input.unitId} is neither a lead nor a responsible unit of this task`, {
          field: 'unitId',
          rule: 'units_not_of_task',
          units: input.unitId,
        });
      }
      const strangers = await this.handlers.strangersTo(manager, input.unitId, input.userIds);
      if (strangers.length > 0) {
        throw invalid('handler_not_in_unit', `userIds: users ${strangers.join(', ')} are not enabled users of unit ${input.unitId}`);
      }
      const event = { type: 'ASSIGN_HANDLERS', payload: { unitId: input.unitId, userIds: input.userIds }, actor } as TaskEvent;
      await this.workflow.applyInTransaction(manager, locked.task, event);
      return this.withMembers(manager, await this.handlers.unitsWithHandlers(manager, taskId), user);
    });
  }

  /** Each unit of the task with the handlers it named; the head of a unit (and an admin) also sees whom it may name. */
  async list(taskId: string, user: AuthenticatedUser): Promise<UnitHandlersView[]> {
    const manager = this.dataSource.manager;
    return this.withMembers(manager, await this.handlers.unitsWithHandlers(manager, taskId), user);
  }

  private async withMembers(manager: EntityManager, units: UnitHandlersView[], user: AuthenticatedUser): Promise<UnitHandlersView[]> {
    const isAdmin = user.roles.includes('admin');
    const headed = units.filter((unit) => isAdmin || (user.roles.includes('unit_head') && unit.unitId === user.unitId)).map((unit) => unit.unitId);
    if (headed.length === 0) return units;
    const members = await this.handlers.membersOf(manager, headed);
    return units.map((unit) => (members.has(unit.unitId) ? { ...unit, members: members.get(unit.unitId) } : unit));
  }
}
