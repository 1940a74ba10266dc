import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '@duban/auth';
import { allowedEvents, forbidden, isPersistedTaskSnapshot, notFound, type UserTaskEventType } from '@duban/domain';
import { actorFactsOf, handlingOf, relationsOf, seesAllTasks, userActor } from './task-actor';
import { governsPlan, overseesJurisdiction, seenThroughCascade } from './cascade/cascade-visibility';

/** Who may see a task, and which events a user may send to it now (from the permission table the machine uses). */
@Injectable()
export class TaskAccessService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The events `user` may send to each task now. */
  async allowedEventsFor(user: AuthenticatedUser, tasks: { id: string; snapshot: unknown }[]): Promise<Map<string, UserTaskEventType[]>> {
    const facts = await actorFactsOf(
      this.dataSource.manager,
      user,
      tasks.map((task) => task.id),
    );
    return new Map(
      tasks.map((task) => {
        const { relations, handlers } = facts.get(task.id) ?? { relations: [], handlers: [] };
        const actor = userActor(user, relations, handlingOf(user, handlers));
        return [task.id, allowedEvents(isPersistedTaskSnapshot(task.snapshot) ? task.snapshot : null, actor)];
      }),
    );
  }

  /**
   * Refused unless the user's unit is linked to the task or sees it through the cascade (seenThroughCascade); admins,
   * the city's inspectors and unit-less users see all. A banner's inspector (`lowerSupervision`) sees its jurisdiction's
   * plans and those below, through the cascade.
   */
  async assertVisible(user: AuthenticatedUser, taskId: string): Promise<void> {
    if (seesAllTasks(user)) return;
    // outside_jurisdiction is no link: it says the task is beyond a banner's supervision unit
    const relations = ((await relationsOf(this.dataSource.manager, user, [taskId])).get(taskId) ?? []).filter(
      (relation) => relation !== 'outside_jurisdiction',
    );
    if (relations.length === 0 && !(user.unitId !== null && (await seenThroughCascade(this.dataSource.manager, user.unitId, taskId)))) {
      const exists: unknown[] = await this.dataSource.query('SELECT 1 FROM tasks WHERE id = $1', [taskId]);
      if (exists.length === 0) throw notFound('task_not_found', `task ${taskId} does not exist`);
      throw forbidden('not_your_unit', `task ${taskId} is not a task of your unit`);
    }
  }

  /**
   * Whether the user sees every task of the plan: admins, the city's inspectors, unit-less users, and the government or
   * (a banner's) supervision unit of its jurisdiction or one above.
   */
  async seesWholePlan(user: AuthenticatedUser, planId: string): Promise<boolean> {
    return seesAllTasks(user) || (user.unitId !== null && (await governsPlan(this.dataSource.manager, user.unitId, planId)));
  }

  /** Refused (403 `outside_jurisdiction`) unless the user sees every task of the plan: a banner's inspector reading another plan's reports. */
  async assertSeesWholePlan(user: AuthenticatedUser, planId: string): Promise<void> {
    if (!(await this.seesWholePlan(user, planId))) {
      throw forbidden('outside_jurisdiction', `plan ${planId} is not a plan of your jurisdiction`).withParams({ planId });
    }
  }

  /**
   * Refused (403 `outside_jurisdiction`) when a banner's inspector would create a plan beyond its jurisdiction and those
   * below (`jurisdiction` null: the default, the city's). Admins and the city's inspectors create plans anywhere.
   */
  async assertOverseesJurisdiction(user: AuthenticatedUser, jurisdiction: string | null): Promise<void> {
    if (seesAllTasks(user)) return;
    if (jurisdiction === null || user.unitId === null || !(await overseesJurisdiction(this.dataSource.manager, user.unitId, jurisdiction))) {
      const where = jurisdiction ?? 'the default jurisdiction';
      throw forbidden('outside_jurisdiction', `${where} is not your jurisdiction or one below it`).withParams({ jurisdiction: where });
    }
  }
}
