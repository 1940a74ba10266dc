import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import {
  calendarDayIn,
  type ChainEvent,
  Clock,
  closeOutChainOf,
  isPersistedTaskSnapshot,
  notFound,
  storedDeadlinePolicy,
  storedLifecyclePolicy,
} from '@duban/domain';
import type { CloseOutChainStatusView } from './close-out.view';

interface Row {
  snapshot: unknown;
  close_out: unknown;
  deadline_policy: unknown;
  events: {
    type: string;
    from_state: ChainEvent['fromState'];
    to_state: ChainEvent['toState'];
    user_id: string | null;
    /** the actor's name (or username) and the unit they acted for */
    name: string | null;
    unit_name: string | null;
    at: string;
    payload: Record<string, unknown>;
  }[];
}

/**
 * The task's 销号 chain as its audit trail tells it: the steps it runs (those it entered with, else the
 * plan's), who completed each and when, the current one's term. One statement.
 */
@Injectable()
export class CloseOutReadService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async chainOf(taskId: string): Promise<CloseOutChainStatusView> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT t.snapshot, p.policy -> 'closeOut' AS close_out, p.deadline_policy,
              COALESCE((SELECT json_agg(json_build_object('type', e.type, 'from_state', e.from_state, 'to_state', e.to_state,
                                                          'user_id', e.actor_user_id::text, 'name', COALESCE(u.name, u.username),
                                                          'unit_name', un.name, 'at', e.at, 'payload', e.payload) ORDER BY e.seq)
                          FROM task_events e LEFT JOIN users u ON u.id = e.actor_user_id LEFT JOIN units un ON un.id = e.actor_unit_id
                         WHERE e.task_id = t.id
                           AND (e.type IN ('INSPECT', 'APPROVE_CLOSE', 'RETURN_CLOSE', 'REOPEN') OR (e.to_state = 'self_assessed' AND e.from_state <> 'self_assessed'))), '[]') AS events
         FROM tasks t JOIN plans p ON p.id = t.plan_id WHERE t.id = $1`,
      [taskId],
    );
    if (rows.length === 0) throw notFound('task_not_found', `task ${taskId} does not exist`);
    const { snapshot, close_out: closeOut, deadline_policy: deadlines, events } = rows[0];
    const underWay = isPersistedTaskSnapshot(snapshot) ? snapshot.context.closeOut : null;
    const steps = underWay?.steps ?? storedLifecyclePolicy(null, closeOut).closeOut.steps;
    const chain = closeOutChainOf(
      steps,
      events.map((event) => ({
        type: event.type,
        fromState: event.from_state,
        toState: event.to_state,
        actorUserId: event.user_id,
        at: new Date(event.at),
        payload: event.payload,
      })),
      storedDeadlinePolicy(deadlines).days,
      this.config.planTimezone,
      calendarDayIn(this.clock.now(), this.config.planTimezone),
    );
    // who completed a step, by name and unit: what the task's audit trail shows its readers
    const actors = new Map(events.filter((event) => event.user_id !== null).map((event) => [event.user_id, event]));
    return {
      ...chain,
      steps: chain.steps.map((step) => {
        const actor = step.by ? actors.get(step.by.userId) : undefined;
        return { ...step, by: step.by ? { userId: step.by.userId, name: actor?.name ?? '', unitName: actor?.unit_name ?? null } : null };
      }),
    };
  }
}
