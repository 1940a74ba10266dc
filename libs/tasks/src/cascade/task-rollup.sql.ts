import { taskLightSql } from '../task-light-sql';

/**
 * The task, its jurisdiction and its units (lead units first, each role in table order) as the task list keeps them
 * (`task_list_units`, names included), with the jurisdiction tree's rows and the jurisdiction of the asking user's
 * unit (`$2`, NULL for none): one round trip.
 */
export const ROLLUP_TASK_SQL = `
  SELECT p.jurisdiction, lu.lead_units, lu.support_units,
         (SELECT json_agg(json_build_array(j.name, j.parent, j.government_unit_id::text)) FROM jurisdictions j) AS jurisdictions,
         (SELECT u.jurisdiction FROM units u WHERE u.id = $2::bigint) AS user_jurisdiction
    FROM tasks t JOIN plans p ON p.id = t.plan_id LEFT JOIN task_list_units lu ON lu.task_id = t.id
   WHERE t.id = $1`;

/**
 * The child tasks serving the task `$1` (`kids`: their ids), each with its
 * facts read as data kept where they are written — the newest report's percent (`task_progress`), its targets' latest
 * values (`task_latest_indicators`) — and, set-based over the children, the two light facts that depend on other tables
 * (orderOverdueSql and reportDueOnSql of task-light-sql.ts, each through a partial index). No subquery runs per child:
 * a city task's 180 children cost about 1,100 index probes and subplan runs when each fact was read per child
 * (docs/cascade.md). The light is the domain's rule rendered as SQL (taskLightSql) for `$2`, today: never stored.
 * `columns` are the listed tasks' extra columns and `joins` what they read; the figures alone need none of them.
 */
function childrenSql(kids: string, columns: string, joins: string): string {
  return `
  WITH kids AS MATERIALIZED (${kids})
  SELECT t.plan_id::text, p.name AS plan_name, p.jurisdiction, t.state, t.overdue,
         ${taskLightSql({ state: 't.state', overdue: 't.overdue', dueOn: 't.due_on', orderOverdue: '(o.task_id IS NOT NULL)', reportDueOn: 'r.due_on' }, '$2::date')} AS light,
         pr.percent, li.indicators${columns}
    FROM kids k
    JOIN tasks t ON t.id = k.task_id
    JOIN plans p ON p.id = t.plan_id
    LEFT JOIN task_progress pr ON pr.task_id = t.id
    LEFT JOIN task_latest_indicators li ON li.task_id = t.id
    LEFT JOIN (SELECT DISTINCT lo.task_id FROM rectification_orders lo
                WHERE lo.task_id IN (SELECT task_id FROM kids) AND lo.overdue AND lo.state IN ('issued', 'returned')) o ON o.task_id = t.id
    LEFT JOIN (SELECT ri.task_id, min(ri.due_on) AS due_on FROM inbox_items ri
                WHERE ri.task_id IN (SELECT task_id FROM kids) AND ri.kind = 'report_progress' AND ri.status = 'open' GROUP BY ri.task_id) r ON r.task_id = t.id${joins}
   ORDER BY p.id, t.seq`;
}

/** What the branches' figures and summaries need of each child task: state, light, overdue, percent, indicators. */
export const ROLLUP_FIGURES_SQL = childrenSql(`SELECT l.task_id FROM task_parent_links l WHERE l.parent_task_id = $1`, '', '');

/** The children listed: the figures' facts with each task's id, number, text, due day, lead units and count of tasks below. */
const LISTED_COLUMNS = `, t.id::text, t.seq, t.text, t.due_on, lu.lead_units, COALESCE(c.n, 0) AS child_count`;
const LISTED_JOINS = `
    LEFT JOIN task_list_units lu ON lu.task_id = t.id
    LEFT JOIN (SELECT g.parent_task_id, count(*)::int AS n FROM task_parent_links g
                WHERE g.parent_task_id IN (SELECT task_id FROM kids) GROUP BY g.parent_task_id) c ON c.parent_task_id = t.id`;

/** Every child listed. */
export const ROLLUP_CHILDREN_SQL = childrenSql(`SELECT l.task_id FROM task_parent_links l WHERE l.parent_task_id = $1`, LISTED_COLUMNS, LISTED_JOINS);

/**
 * The children of one branch listed: those of plans in the jurisdictions `$3` (the branch's reach). A statement of its
 * own, not `$3 IS NULL OR …` in the one above: PostgreSQL kept planning that one anew on every request (0 generic plans
 * of 20 executions), as a custom plan for an absent filter costs less than any generic plan.
 */
export const ROLLUP_BRANCH_CHILDREN_SQL = childrenSql(
  `SELECT l.task_id FROM task_parent_links l JOIN tasks kt ON kt.id = l.task_id JOIN plans kp ON kp.id = kt.plan_id
    WHERE l.parent_task_id = $1 AND kp.jurisdiction = ANY ((SELECT $3::text[])::text[])`,
  LISTED_COLUMNS,
  LISTED_JOINS,
);
