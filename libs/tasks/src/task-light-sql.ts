import { ASSESSED_OR_LATER_STATES, FINISHED_TASK_STATES, TASK_LIGHT_OTHERWISE, TASK_LIGHT_RULES, type TaskLightFact, YELLOW_WINDOW_DAYS } from '@duban/domain';

export { YELLOW_WINDOW_DAYS };

/** SQL expressions (of trusted column names, never of user input) naming a task's light inputs. */
export interface TaskLightColumns {
  state: string;
  overdue: string;
  dueOn: string;
  /** true when one of the task's rectification orders is overdue and still awaits an answer */
  orderOverdue: string;
  /** the due day of the task's earliest open progress report, or NULL */
  reportDueOn: string;
}

/** An order is overdue for the light while it is flagged and awaits the unit's answer. */
export function orderOverdueSql(taskId: string): string {
  return `EXISTS (SELECT 1 FROM rectification_orders lo WHERE lo.task_id = ${taskId} AND lo.overdue AND lo.state IN ('issued', 'returned'))`;
}

/** The due day of a task's earliest progress report still owed (NULL when none is open). */
export function reportDueOnSql(taskId: string): string {
  return `(SELECT min(ri.due_on) FROM inbox_items ri WHERE ri.task_id = ${taskId} AND ri.kind = 'report_progress' AND ri.status = 'open')`;
}

const quoted = (values: readonly string[]): string => values.map((value) => `'${value.replace(/'/g, "''")}'`).join(', ');

/** `state NOT IN ${FINISHED_STATES_SQL}`: closed or cancelled, the states with nothing left to do or chase. */
export const FINISHED_STATES_SQL = `(${quoted(FINISHED_TASK_STATES)})`;

/**
 * `TASK_LIGHT_RULES` of the domain rendered as one SQL CASE, so lists can filter by the light the
 * domain defines (NULL for a cancelled task). `today` is a SQL date expression (a parameter); `due <= today + window` is
 * `daysBetween(today, due) <= window`. A fact that is NULL in SQL (no open report) does not hold, as
 * in TypeScript.
 */
export function taskLightSql(columns: TaskLightColumns, today: string, yellowWindowDays = YELLOW_WINDOW_DAYS): string {
  if (!Number.isInteger(yellowWindowDays)) throw new Error('the yellow window is a whole number of days');
  const facts: Record<TaskLightFact, string> = {
    cancelled: `${columns.state} = 'cancelled'`,
    finished: `${columns.state} IN ${FINISHED_STATES_SQL}`,
    flaggedOverdue: columns.overdue,
    pastDue: `${columns.dueOn} < ${today}`,
    orderOverdue: columns.orderOverdue,
    dueWithinWindow: `${columns.dueOn} <= ${today} + ${yellowWindowDays}`,
    notYetAssessed: `${columns.state} NOT IN (${quoted(ASSESSED_OR_LATER_STATES)})`,
    reportMissing: `${columns.reportDueOn} < ${today}`,
  };
  const clause = (all: readonly TaskLightFact[]): string => (all.length === 1 ? facts[all[0]] : `(${all.map((fact) => facts[fact]).join(' AND ')})`);
  // a rule without a light (a cancelled task) gives NULL: no `= 'green'` filter finds it
  const whens = TASK_LIGHT_RULES.map((rule) => `WHEN ${rule.anyOf.map(clause).join(' OR ')} THEN ${rule.light === null ? 'NULL' : `'${rule.light}'`}`);
  return `(CASE ${whens.join(' ')} ELSE '${TASK_LIGHT_OTHERWISE}' END)`;
}
