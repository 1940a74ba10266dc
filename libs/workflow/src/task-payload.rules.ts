import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import {
  type Actor,
  authorize,
  calendarDayIn,
  Clock,
  isPeriodEnd,
  orderDueDay,
  payloadRefused,
  periodEndOf,
  storedDeadlinePolicy,
  type UserTaskEventType,
} from '@duban/domain';
import { type LockedTask, TaskLinksStore } from '@duban/tasks';

/** Payload rules that need the database or today: default addressees, units and targets of the task, dates after today. */
@Injectable()
export class TaskPayloadRules {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly links: TaskLinksStore,
  ) {}

  /** The payload completed (an order's default addressees and due day), or refused naming the field. */
  async complete(
    manager: EntityManager,
    task: LockedTask,
    type: UserTaskEventType,
    payload: Record<string, unknown>,
    actor: Actor,
  ): Promise<Record<string, unknown>> {
    const today = calendarDayIn(this.clock.now(), this.config.planTimezone);
    // a refused actor must hear 403, not a payload complaint about a task it may not touch
    if (!authorize(type, actor).permitted) return payload;
    if (type === 'ORDER_RECTIFICATION') {
      const units = await this.links.unitsOf(manager, task.id);
      const given = payload.addressedUnitIds as string[] | undefined;
      const addressed = given ?? units.filter((u) => u.role === 'lead').map((u) => u.unit_id);
      const linked = new Set(units.map((u) => u.unit_id));
      const strangers = addressed.filter((id) => !linked.has(id));
      if (strangers.length > 0)
        throw payloadRefused(`payload.addressedUnitIds: units ${strangers.join(', ')} are neither lead nor responsible units of this task`, {
          field: 'payload.addressedUnitIds',
          rule: 'units_not_of_task',
          units: await unitNames(manager, strangers),
        });
      // no due day named: the plan's order term (deadlines.orderDueDays, in its days) from today; the audit trail keeps the day
      if (payload.dueAt === undefined)
        return { ...payload, dueAt: orderDueDay(today, storedDeadlinePolicy(task.deadline_policy)), addressedUnitIds: addressed };
      if ((payload.dueAt as string) <= today)
        throw payloadRefused(`payload.dueAt must be after today (${today})`, { field: 'payload.dueAt', rule: 'after_today', today });
      return { ...payload, addressedUnitIds: addressed };
    }
    if ((type === 'CONTRIBUTE' || type === 'RETURN_CONTRIBUTION') && typeof payload.period === 'string') {
      const { period } = storedDeadlinePolicy(task.deadline_policy).reporting;
      if (!isPeriodEnd(payload.period, period))
        throw payloadRefused(`payload.period must be the last day of a ${period} reporting period`, { field: 'payload.period', rule: 'period_end', period });
      if (payload.period > periodEndOf(today, period))
        throw payloadRefused(`payload.period must not be a period after the current one`, { field: 'payload.period', rule: 'period_future', today });
    }
    if (type === 'RETURN_CONTRIBUTION') {
      const supports = (await this.links.unitsOf(manager, task.id)).filter((unit) => unit.role === 'support').map((unit) => unit.unit_id);
      if (!supports.includes(payload.unitId as string))
        throw payloadRefused(`payload.unitId: unit ${String(payload.unitId)} is not a responsible unit of this task`, {
          field: 'payload.unitId',
          rule: 'not_responsible_unit',
          units: await unitNames(manager, [String(payload.unitId)]),
        });
    }
    if (type === 'REQUEST_EXTENSION' && (payload.proposedDueAt as string) <= task.due_on) {
      throw payloadRefused(`payload.proposedDueAt must be after the current due day (${task.due_on})`, {
        field: 'payload.proposedDueAt',
        rule: 'after_due_day',
        dueOn: task.due_on,
      });
    }
    if (type === 'REPORT_PROGRESS' && Array.isArray(payload.indicators) && payload.indicators.length > 0) {
      const readings = payload.indicators as { targetId: string; asOf: string }[];
      const own = await this.links.targetIdsOf(manager, task.id);
      const foreign = readings.filter((r) => !own.has(r.targetId)).map((r) => r.targetId);
      if (foreign.length > 0)
        throw payloadRefused(`payload.indicators: targets ${foreign.join(', ')} are not targets of this task`, {
          field: 'payload.indicators',
          rule: 'targets_not_of_task',
        });
      const future = readings.filter((r) => r.asOf > today);
      if (future.length > 0)
        throw payloadRefused(`payload.indicators: asOf must not be after today (${today})`, { field: 'payload.indicators', rule: 'as_of_future', today });
    }
    return payload;
  }
}

/** The units' names, for a sentence (an id a person cannot read); an unknown id stays as it was given. */
async function unitNames(manager: EntityManager, ids: string[]): Promise<string> {
  const rows: { id: string; name: string }[] = await manager.query(`SELECT id::text, name FROM units WHERE id::text = ANY($1::text[])`, [ids]);
  return ids.map((id) => rows.find((row) => row.id === id)?.name ?? id).join('、');
}
