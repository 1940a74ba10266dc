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
 * The child tasks serving the task `$1` (`kids`: their links, each with its copy of its child's facts — plan, number,
 * state, overdue flag, due day, the newest report's percent, its targets' latest values — kept by the facts' writers:
 * docs/cascade.md, "The children's facts on their links"), and, set-based over the children, the two light facts that
 * depend on other tables (orderOverdueSql and reportDueOnSql of task-light-sql.ts, each through a partial index). No
 * child's own row is read for the figures, nor any subquery run per child: a city task's 180 children cost about 1,770
 * buffers when each child's task, percent and indicators were read through their keys (docs/cascade.md). The light is
 * the domain's rule rendered as SQL (taskLightSql) for `$2`, today: never stored.
 * `columns` are the listed tasks' extra columns and `joins` what they read; the figures alone need none of them.
 */
function childrenSql(kids: string, columns: string, joins: string): string {
  return `
  WITH kids AS MATERIALIZED (${kids})
  SELECT k.plan_id::text, p.name AS plan_name, p.jurisdiction, k.state, k.overdue,
         ${taskLightSql({ state: 'k.state', overdue: 'k.overdue', dueOn: 'k.due_on', orderOverdue: '(o.task_id IS NOT NULL)', reportDueOn: 'r.due_on' }, '$2::date')} AS light,
         k.percent, k.indicators${columns}
    FROM kids k
    JOIN plans p ON p.id = k.plan_id
    LEFT JOIN (SELECT DISTINCT lo.task_id FROM rectification_orders lo
                WHERE lo.task_id IN (SELECT task_id FROM kids) AND lo.overdue AND lo.state IN ('issued', 'returned')) o ON o.task_id = k.task_id
    LEFT JOIN (SELECT ri.task_id, min(ri.due_on) AS due_on FROM inbox_items ri
                WHERE ri.task_id IN (SELECT task_id FROM kids) AND ri.kind = 'report_progress' AND ri.status = 'open' GROUP BY ri.task_id) r ON r.task_id = k.task_id${joins}
   ORDER BY p.id, k.seq`;
}

/** A parent's links with their children's facts (`$1`: the parent task). */
const LINKS_OF_PARENT = `SELECT l.task_id, l.plan_id, l.seq, l.state, l.overdue, l.due_on, l.percent, l.indicators FROM task_parent_links l
    WHERE l.parent_task_id = $1`;

/** What the branches' figures and summaries need of each child task: state, light, overdue, percent, indicators. */
export const ROLLUP_FIGURES_SQL = childrenSql(LINKS_OF_PARENT, '', '');

/** The children listed: the figures' facts with each task's id, number, text, due day, lead units and count of tasks below. */
const LISTED_COLUMNS = `, t.id::text, k.seq, t.text, k.due_on, lu.lead_units, c.n AS child_count`;
// each child's own children counted through the parents' index, child by child: grouped over all the children, the
// generic plan hashed the children and read every link of the table (68,100 at a million tasks, 15–23 ms)
const LISTED_JOINS = `
    JOIN tasks t ON t.id = k.task_id
    LEFT JOIN task_list_units lu ON lu.task_id = t.id
    CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM task_parent_links g WHERE g.parent_task_id = k.task_id) c`;

/** Every child listed. */
export const ROLLUP_CHILDREN_SQL = childrenSql(LINKS_OF_PARENT, LISTED_COLUMNS, LISTED_JOINS);

/**
 * The children of one branch listed: those of plans in the jurisdictions `$3` (the branch's reach). A statement of its
 * own, not `$3 IS NULL OR …` in the one above: PostgreSQL kept planning that one anew on every request (0 generic plans
 * of 20 executions), as a custom plan for an absent filter costs less than any generic plan.
 */
export const ROLLUP_BRANCH_CHILDREN_SQL = childrenSql(
  `${LINKS_OF_PARENT} AND l.plan_id IN (SELECT kp.id FROM plans kp WHERE kp.jurisdiction = ANY ((SELECT $3::text[])::text[]))`,
  LISTED_COLUMNS,
  LISTED_JOINS,
);
