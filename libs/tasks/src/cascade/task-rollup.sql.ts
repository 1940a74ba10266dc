import { unitLinkedToTaskSql } from '../task-actor';
import { taskLightSql } from '../task-light-sql';

/**
 * The task, its jurisdiction and its units (lead units first, each role in table order) as the task list keeps them
 * (`task_list_units`, names included); whether the asking user's unit (`$2`, NULL for none) is linked to it
 * (unitLinkedToTaskSql: the visibility check, in the same round trip) and that unit's jurisdiction; and the
 * jurisdictions' tree — its version, and its rows only when that version is not the one the api holds (`$3`, NULL for
 * none: JurisdictionTreeCache).
 */
const TASK_COLUMNS = `p.jurisdiction, lu.lead_units, lu.support_units, ${unitLinkedToTaskSql('t', '$2::bigint')} AS linked,
         (SELECT u.jurisdiction FROM units u WHERE u.id = $2::bigint) AS user_jurisdiction, v.version::text AS tree_version,
         CASE WHEN $3::bigint IS NULL OR v.version IS DISTINCT FROM $3::bigint
              THEN (SELECT COALESCE(json_agg(json_build_array(j.name, j.parent, j.government_unit_id::text)), '[]') FROM jurisdictions j) END AS jurisdictions`;
const TASK_FROM = `FROM tasks t JOIN plans p ON p.id = t.plan_id LEFT JOIN task_list_units lu ON lu.task_id = t.id
    CROSS JOIN (SELECT (SELECT version FROM jurisdiction_tree_version) AS version) v
   WHERE t.id = $1`;
// the version as a scalar subquery, one row whatever the statistics say: joined, the one-row table never analyzed was
// estimated at 2,200 rows, and the generic plan hashed every link of the asking unit for the visibility check (10,201
// for a department at a million tasks, 2–5 ms) instead of probing the one it needs

export const ROLLUP_TASK_SQL = `SELECT ${TASK_COLUMNS} ${TASK_FROM}`;

/**
 * The child tasks serving the task `$1` (`kids`: their links, each with its copy of its child's facts — plan, number,
 * state, overdue flag, due day, the newest report's percent, its targets' latest values, for a listed child also its
 * text, lead units and count of tasks below — kept by the facts' writers: docs/cascade.md, "The children's facts on
 * their links"), and, set-based over the children, the two light facts that depend on other tables (orderOverdueSql and
 * reportDueOnSql of task-light-sql.ts, each through a partial index). No child's own row is read, nor any subquery run
 * per child: a city task's 180 children cost about 1,770 buffers for the figures when each child's task, percent and
 * indicators were read through their keys (docs/cascade.md). The light is
 * the domain's rule rendered as SQL (taskLightSql) for the day given: never stored (figureColumns).
 * `select` is what each child gives (or their aggregate).
 */
function childrenSql(kids: string, select: string, tail = ''): string {
  return `
  WITH kids AS MATERIALIZED (${kids})
  SELECT ${select}
    FROM kids k
    JOIN plans p ON p.id = k.plan_id
    LEFT JOIN (SELECT DISTINCT lo.task_id FROM rectification_orders lo
                WHERE lo.task_id IN (SELECT task_id FROM kids) AND lo.overdue AND lo.state IN ('issued', 'returned')) o ON o.task_id = k.task_id
    LEFT JOIN (SELECT ri.task_id, min(ri.due_on) AS due_on FROM inbox_items ri
                WHERE ri.task_id IN (SELECT task_id FROM kids) AND ri.kind = 'report_progress' AND ri.status = 'open' GROUP BY ri.task_id) r ON r.task_id = k.task_id${tail}`;
}

/** What the branches' figures and summaries need of each child task (FigureRow), its light for `today`. */
const figureColumns = (today: string): [string, string][] => [
  ['plan_id', 'k.plan_id::text'],
  ['plan_name', 'p.name'],
  ['jurisdiction', 'p.jurisdiction'],
  ['state', 'k.state'],
  ['overdue', 'k.overdue'],
  [
    'light',
    taskLightSql({ state: 'k.state', overdue: 'k.overdue', dueOn: 'k.due_on', orderOverdue: '(o.task_id IS NOT NULL)', reportDueOn: 'r.due_on' }, today),
  ],
  ['percent', 'k.percent'],
  ['indicators', 'k.indicators'],
];
const FIGURE_ORDER = 'p.id, k.seq';

/** A parent's links (`$1`: the parent task) with their children's facts: the figures' (`FIGURE_FACTS`) or every one. */
const linksOfParent = (facts: string): string => `SELECT ${facts} FROM task_parent_links l WHERE l.parent_task_id = $1`;
const FIGURE_FACTS = 'l.task_id, l.plan_id, l.seq, l.state, l.overdue, l.due_on, l.percent, l.indicators';
const LISTED_FACTS = `${FIGURE_FACTS}, l.child_count, l.text, l.lead_units`;

/**
 * The children listed: the figures' facts with each task's id, number, text, due day, lead units and count of tasks
 * below, every one its link's copy: read from the children's own rows (`tasks`, `task_list_units`) and counted child by
 * child, they were two thirds of the whole roll-up's statement.
 */
const listedColumns = (today: string): [string, string][] => [
  ...figureColumns(today),
  ['id', 'k.task_id::text'],
  ['seq', 'k.seq'],
  ['text', 'k.text'],
  ['due_on', 'k.due_on'],
  ['lead_units', 'k.lead_units'],
  ['child_count', 'k.child_count'],
];

/**
 * The task (ROLLUP_TASK_SQL) with its children in the same round trip, today `$4`: one JSON array of arrays in the
 * columns' order (no keys; one value for the driver to parse instead of a row of a dozen fields per child — the row
 * parsing was the largest part of the api's time for a figures request after the socket writes).
 */
const taskWithChildrenSql = (facts: string, columns: [string, string][]): string => `SELECT ${TASK_COLUMNS},
         (${childrenSql(linksOfParent(facts), `json_agg(json_build_array(${columns.map(([, sql]) => sql).join(', ')}) ORDER BY ${FIGURE_ORDER})`)}) AS children
    ${TASK_FROM}`;

/** The task with what the branches' figures and summaries need of each child (`?tasks=none`). */
export const ROLLUP_TASK_FIGURES_SQL = taskWithChildrenSql(FIGURE_FACTS, figureColumns('$4::date'));

/** The task with every child listed (the whole roll-up). */
export const ROLLUP_TASK_CHILDREN_SQL = taskWithChildrenSql(LISTED_FACTS, listedColumns('$4::date'));

/**
 * The children of one branch listed: those of plans in the jurisdictions `$3` (the branch's reach). A statement of its
 * own, not `$3 IS NULL OR …` in the one above: PostgreSQL kept planning that one anew on every request (0 generic plans
 * of 20 executions), as a custom plan for an absent filter costs less than any generic plan.
 */
export const ROLLUP_BRANCH_CHILDREN_SQL = childrenSql(
  `${linksOfParent(LISTED_FACTS)} AND l.plan_id IN (SELECT kp.id FROM plans kp WHERE kp.jurisdiction = ANY ((SELECT $3::text[])::text[]))`,
  listedColumns('$2::date')
    .map(([name, sql]) => `${sql} AS ${name}`)
    .join(', '),
  `\n   ORDER BY ${FIGURE_ORDER}`,
);
