import { orderOverdueSql, reportDueOnSql, taskLightSql, YELLOW_WINDOW_DAYS } from '@duban/tasks';

/** Positional parameters of one statement; user input reaches SQL only through here. */
export class SqlParameters {
  readonly values: unknown[] = [];

  add(value: unknown, type: string): string {
    this.values.push(value);
    return `$${this.values.length}::${type}`;
  }
}

export interface FactsScope {
  planId: string;
  /** the day the facts describe, `YYYY-MM-DD` */
  day: string;
  /** reconstruct from the audit trail (a past day) rather than read the tasks as they are */
  reconstruct: boolean;
  timeZone: string;
}

/**
 * One row per task of the plan with its state, light and days overdue on `day`: `id, seq, section_id,
 * work_item_id, state, due_on, overdue, light, overdue_days`.
 *
 * Today's facts read the tasks as they are and the light of `taskLightSql` (the list's filter).
 * A past day's facts come from the audit trail: the state is the `to_state` of the task's last event
 * before the day ended (else `assigned`); the overdue flag is set when its last OVERDUE,
 * APPROVE_EXTENSION or GRANT_EXTENSION event by then was OVERDUE; a task exists from its first
 * inbox item (the import's start_task, stamped by the clock). The due day is today's (an extension
 * granted later is not undone), and an overdue rectification order or a missing periodic report is
 * not reconstructed, so a past light is red (overdue or past due) / yellow (due soon, not yet
 * assessed) / green.
 */
export function taskFactsSql(
  params: SqlParameters,
  scope: FactsScope,
  cancelled: 'exclude' | 'include' = 'exclude',
  planParameter: 'visible' | 'hidden' = 'visible',
): string {
  // a cancelled task (撤销) counts in no light, score or figure; the 台账 still lists it
  const kept = (state: string) => (cancelled === 'include' ? 'true' : `${state} <> 'cancelled'`);
  // hidden: `(SELECT $n)`, a value the planner sees in no plan, so a named prepared statement's custom plans cost what its
  // generic plan costs and PostgreSQL keeps the generic one after five runs instead of planning the statement on every
  // request (a city plan's 45 tasks are estimated at hundreds either way; the joins below the facts go by key)
  const planValue = params.add(scope.planId, 'bigint');
  const plan = planParameter === 'hidden' ? `(SELECT ${planValue})` : planValue;
  const day = params.add(scope.day, 'date');
  if (!scope.reconstruct) {
    const light = taskLightSql(
      { state: 't.state', overdue: 't.overdue', dueOn: 't.due_on', orderOverdue: orderOverdueSql('t.id'), reportDueOn: reportDueOnSql('t.id') },
      day,
    );
    return `SELECT t.id, t.seq, t.section_id, t.work_item_id, t.state, t.due_on, t.overdue, ${light} AS light,
                   CASE WHEN t.state <> 'closed' AND t.due_on < ${day} THEN ${day} - t.due_on ELSE 0 END AS overdue_days
              FROM tasks t WHERE t.plan_id = ${plan} AND ${kept('t.state')}`;
  }
  const zone = params.add(scope.timeZone, 'text');
  const dayEnd = `((${day} + 1)::timestamp AT TIME ZONE ${zone})`;
  const past = `SELECT t.id, t.seq, t.section_id, t.work_item_id, t.due_on,
          COALESCE((SELECT e.to_state FROM task_events e WHERE e.task_id = t.id AND e.at < ${dayEnd} ORDER BY e.seq DESC LIMIT 1), 'assigned') AS state,
          COALESCE((SELECT e.type = 'OVERDUE' FROM task_events e WHERE e.task_id = t.id AND e.at < ${dayEnd}
                       AND e.type IN ('OVERDUE', 'APPROVE_EXTENSION', 'GRANT_EXTENSION') ORDER BY e.seq DESC LIMIT 1), false) AS overdue
     FROM tasks t
    WHERE t.plan_id = ${plan}
      AND COALESCE((SELECT min(i.created_at) FROM inbox_items i WHERE i.task_id = t.id), t.created_at) < ${dayEnd}`;
  const light = taskLightSql(
    { state: 'p.state', overdue: 'p.overdue', dueOn: 'p.due_on', orderOverdue: 'false', reportDueOn: 'NULL::date' },
    day,
    YELLOW_WINDOW_DAYS,
  );
  return `SELECT p.id, p.seq, p.section_id, p.work_item_id, p.state, p.due_on, p.overdue, ${light} AS light,
                 CASE WHEN p.state <> 'closed' AND p.due_on < ${day} THEN ${day} - p.due_on ELSE 0 END AS overdue_days
            FROM (${past}) p WHERE ${kept('p.state')}`;
}
