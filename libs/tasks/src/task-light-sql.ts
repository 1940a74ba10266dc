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

export const YELLOW_WINDOW_DAYS = 30;

/** An order is overdue for the light while it is flagged and awaits the unit's answer. */
export function orderOverdueSql(taskId: string): string {
  return `EXISTS (SELECT 1 FROM rectification_orders lo WHERE lo.task_id = ${taskId} AND lo.overdue AND lo.state IN ('issued', 'returned'))`;
}

/** The due day of a task's earliest progress report still owed (NULL when none is open). */
export function reportDueOnSql(taskId: string): string {
  return `(SELECT min(ri.due_on) FROM inbox_items ri WHERE ri.task_id = ${taskId} AND ri.kind = 'report_progress' AND ri.status = 'open')`;
}

/**
 * `taskLight` of libs/domain/src/tasks/task-light.ts as a SQL expression, so lists can filter by
 * light: closed is green; red when overdue (flagged, or past due) or an order is overdue; yellow
 * when due within the window and not yet self-assessed, or a periodic report is missing; green otherwise. `today` is a SQL date
 * expression (a parameter); `due <= today + window` is `daysBetween(today, due) <= window`.
 */
export function taskLightSql(columns: TaskLightColumns, today: string, yellowWindowDays = YELLOW_WINDOW_DAYS): string {
  if (!Number.isInteger(yellowWindowDays)) throw new Error('the yellow window is a whole number of days');
  return `(CASE
    WHEN ${columns.state} = 'closed' THEN 'green'
    WHEN ${columns.overdue} OR ${columns.dueOn} < ${today} OR ${columns.orderOverdue} THEN 'red'
    WHEN (${columns.state} NOT IN ('self_assessed', 'inspected', 'rectify') AND ${columns.dueOn} <= ${today} + ${yellowWindowDays})
         OR ${columns.reportDueOn} < ${today} THEN 'yellow'
    ELSE 'green' END)`;
}
