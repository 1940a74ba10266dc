import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '@duban/auth';
import { allowedEvents, forbidden, isPersistedTaskSnapshot, notFound, type UserTaskEventType } from '@duban/domain';
import { queryPrepared } from '@duban/persistence';
import { actorFactsOf, handlingOf, seesAllTasks, unitLinkedToTaskSql, userActor } from './task-actor';
import { assertLinkedOrSeen, governsPlan, overseesJurisdiction } from './cascade/cascade-visibility';

/** Whether a task exists ($1) and the unit ($2) is linked to it (unitLinkedToTaskSql; outside_jurisdiction is no link). */
const VISIBLE_SQL = `SELECT ${unitLinkedToTaskSql('t', '$2::bigint')} AS linked FROM tasks t WHERE t.id = $1`;

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
   * Refused unless the user's unit is linked to the task or sees it through the cascade (assertLinkedOrSeen); admins,
   * the city's inspectors and unit-less users see all. A banner's inspector (`lowerSupervision`) sees its jurisdiction's
   * plans and those below, through the cascade. One statement tells whether the task exists and the unit is linked.
   */
  async assertVisible(user: AuthenticatedUser, taskId: string): Promise<void> {
    if (seesAllTasks(user)) return;
    const [task] = await queryPrepared<{ linked: boolean }>(this.dataSource, VISIBLE_SQL, [taskId, user.unitId]);
    if (!task) throw notFound('task_not_found', `task ${taskId} does not exist`);
    await assertLinkedOrSeen(this.dataSource.manager, user.unitId, taskId, task.linked);
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
