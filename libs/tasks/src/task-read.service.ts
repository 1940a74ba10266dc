import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import { calendarDayIn, Clock, notFound } from '@duban/domain';
import { queryPrepared } from '@duban/persistence';
import { TASK_COLUMNS, type TaskRow, type TaskViewRow, toTaskView } from './task-row';
import type { TaskEventView, TaskView } from './task.view';

const TASK_SELECT = `
  SELECT ${TASK_COLUMNS}
    FROM tasks t
    JOIN sections s ON s.id = t.section_id
    JOIN work_items w ON w.id = t.work_item_id`;

/** Reads tasks in the API's Task shape, with the light derived for today. */
@Injectable()
export class TaskReadService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** A plan's tasks in seq order; `unitId` keeps only the tasks linked to that unit. */
  async findByPlan(planId: string, unitId?: string): Promise<TaskView[]> {
    const rows: TaskRow[] = unitId
      ? await this.dataSource.query(
          `${TASK_SELECT} WHERE t.plan_id = $1 AND (EXISTS (SELECT 1 FROM task_units x WHERE x.task_id = t.id AND x.unit_id = $2)
                                                  OR EXISTS (SELECT 1 FROM rectification_orders o WHERE o.task_id = t.id AND o.unit_id = $2))
           ORDER BY t.seq`,
          [planId, unitId],
        )
      : await this.dataSource.query(`${TASK_SELECT} WHERE t.plan_id = $1 ORDER BY t.seq`, [planId]);
    const today = this.today();
    return rows.map((row) => toTaskView(row, today));
  }

  /** The stored machine snapshots, for deriving each user's allowed events. */
  async snapshotsOf(ids: string[]): Promise<{ id: string; snapshot: unknown }[]> {
    return queryPrepared(this.dataSource, 'SELECT id::text, snapshot FROM tasks WHERE id = ANY($1::bigint[])', [ids]);
  }

  /** The complete audit trail of a task, oldest first. */
  async events(taskId: string): Promise<TaskEventView[]> {
    const rows: {
      seq: number;
      type: string;
      from_state: string;
      to_state: string;
      actor_kind: string;
      actor_user_id: string | null;
      actor_unit_id: string | null;
      actor_username: string | null;
      actor_name: string | null;
      actor_unit_name: string | null;
      payload: Record<string, unknown>;
      people: { id: string; name: string }[] | null;
      at: Date;
    }[] = await this.dataSource.query(
      // the actor's username and unit name: what the task's readers already see of its handlers (GET /tasks/:id/handlers)
      `SELECT e.seq, e.type, e.from_state, e.to_state, e.actor_kind, e.actor_user_id::text, e.actor_unit_id::text, e.payload, e.at,
              u.username AS actor_username, COALESCE(u.name, u.username) AS actor_name, un.name AS actor_unit_name,
              CASE WHEN e.type = 'ASSIGN_HANDLERS' AND jsonb_typeof(e.payload -> 'userIds') = 'array' THEN
                (SELECT json_agg(json_build_object('id', p.id::text, 'name', COALESCE(p.name, p.username)) ORDER BY p.id)
                   FROM users p WHERE p.id = ANY(ARRAY(SELECT jsonb_array_elements_text(e.payload -> 'userIds'))::bigint[])) END AS people
         FROM task_events e LEFT JOIN users u ON u.id = e.actor_user_id LEFT JOIN units un ON un.id = e.actor_unit_id
        WHERE e.task_id = $1 ORDER BY e.seq`,
      [taskId],
    );
    return rows.map((row) => ({
      seq: row.seq,
      type: row.type,
      fromState: row.from_state,
      toState: row.to_state,
      actor:
        row.actor_kind === 'system'
          ? 'system'
          : {
              userId: row.actor_user_id as string,
              unitId: row.actor_unit_id,
              username: row.actor_username ?? '',
              name: row.actor_name ?? '',
              unitName: row.actor_unit_name,
            },
      payload: row.payload,
      ...(row.people ? { people: row.people } : {}),
      at: row.at.toISOString(),
    }));
  }

  /** `manager`: read inside that transaction, as it has left the task. */
  async findOne(id: string, manager?: EntityManager): Promise<TaskView> {
    return (await this.findOneWithSnapshot(id, manager)).task;
  }

  /** The task and its stored machine snapshot, read together. */
  async findOneWithSnapshot(id: string, manager?: EntityManager): Promise<{ task: TaskView; snapshot: unknown }> {
    const rows = await queryPrepared<TaskRow>(manager ?? this.dataSource, `${TASK_SELECT} WHERE t.id = $1`, [id]);
    if (rows.length === 0) throw notFound('task_not_found', `task ${id} does not exist`);
    return { task: toTaskView(rows[0], this.today()), snapshot: rows[0].snapshot };
  }

  /** The view of a row a transaction already holds (a transition's write answers it: TaskStore.writeTransition). */
  viewOf(row: TaskViewRow): TaskView {
    return toTaskView(row, this.today());
  }

  private today(): string {
    return calendarDayIn(this.clock.now(), this.config.planTimezone);
  }
}
