import type { EntityManager } from 'typeorm';
import { queryPrepared } from '@duban/persistence';
import { forbidden } from '@duban/domain';
import { jurisdictionsOverseenSql } from '@duban/units';

/**
 * The parent tasks a unit sees through the cascade, as a SELECT of their ids (`unit` is an SQL parameter): the tasks
 * served by the tasks the unit is linked to, unless the unit is a township's or street's government. From the unit's
 * links to tasks that serve a parent (`task_serves_parent`, which TaskLinksStore marks when TaskParentLinkStore links a
 * task: a partial index, task_units_unit_serving_idx) through task_parent_links' primary key (task_id, …), one
 * index-only probe per such link (the LATERAL with OFFSET 0 is not flattened): a prepared statement's generic plan
 * otherwise hashed the unit's links and read every parent link of the database (68,100 at a million tasks). Before the
 * mark every link was probed: 10,201 probes (20,400 buffers, most of its search) for a department of a million-task
 * database whose tasks serve nothing.
 */
export function parentTasksSeenSql(unit: string): string {
  return `SELECT l.parent_task_id FROM task_units tu CROSS JOIN LATERAL (SELECT l.parent_task_id FROM task_parent_links l WHERE l.task_id = tu.task_id OFFSET 0) l
           WHERE tu.unit_id = ${unit} AND tu.task_serves_parent AND EXISTS (SELECT 1 FROM units u WHERE u.id = ${unit} AND u.kind <> 'township_government')`;
}

/**
 * Every task a unit sees through the cascade and not through its own links, as a SELECT of their ids: the parent tasks
 * its tasks serve (parentTasksSeenSql) and the tasks of the plans of the jurisdictions it oversees
 * (jurisdictionsOverseenSql). The one place of the rule (docs/cascade.md, "Who sees what"): `GET /tasks/:id`
 * (seenThroughCascade), the task list's cascade branch, the unit's search (`mine`) and the orders it lists all read it.
 * Few rows for most units (none beyond the parent tasks for a department); a banner's government or supervision unit
 * reads its plans' tasks plan by plan through an index on tasks (plan_id, …): the LATERAL subquery with OFFSET 0 is not
 * flattened, so the planner cannot turn it into a hash join over every task — which it did, estimating a city plan's
 * million tasks per plan (a seq scan of the bench's 1M tasks for every unit's list; now 20–60 ms for a department's
 * list with 10,200 links on the shared bench database, 38 ms for 东胜区人民政府 with 900 tasks below it).
 */
export function tasksSeenThroughCascadeSql(unit: string): string {
  return `${parentTasksSeenSql(unit)}
          UNION ALL
          SELECT ot.id FROM plans op CROSS JOIN LATERAL (SELECT x.id FROM tasks x WHERE x.plan_id = op.id OFFSET 0) ot
           WHERE op.jurisdiction IN (${jurisdictionsOverseenSql(unit)})`;
}

/**
 * Whether the task row aliased `task` lies outside the jurisdiction a lower jurisdiction's supervision unit `unit`
 * oversees (false for every other unit): its inspectors' grants do not reach it (permission-rules.ts, relation
 * `outside_jurisdiction`), so a banner's 督查室 inspects only its own plans and those below them.
 */
export function outsideJurisdictionSql(task: string, unit: string): string {
  return `(EXISTS (SELECT 1 FROM units su JOIN jurisdictions sj ON sj.name = su.jurisdiction
                    WHERE su.id = ${unit} AND su.kind = 'supervision' AND sj.parent IS NOT NULL)
           AND NOT EXISTS (SELECT 1 FROM plans sp WHERE sp.id = ${task}.plan_id AND sp.jurisdiction IN (${jurisdictionsOverseenSql(unit)})))`;
}

/**
 * Whether a unit sees a task it is not linked to, through the cascade (docs/cascade.md, tasksSeenThroughCascadeSql):
 * - a lower government's unit linked to a task serving it sees the parent task (a banner's departments see the
 *   city task their plan serves), unless the unit is a township's or street's government: a township sees only its own;
 * - a government, or a lower jurisdiction's supervision unit, sees the tasks of the plans of its jurisdiction and of
 *   every one below it (东胜区人民政府, a unit of the city's catalogue, sees Dongsheng's plans and its streets').
 */
export async function seenThroughCascade(manager: EntityManager, unitId: string, taskId: string): Promise<boolean> {
  const [row] = await queryPrepared<{ seen: boolean }>(manager, `SELECT $2::bigint IN (${tasksSeenThroughCascadeSql('$1::bigint')}) AS seen`, [unitId, taskId]);
  return row?.seen ?? false;
}

/**
 * Refused (403 `not_your_unit`) unless the user's unit is linked to the task (`linked`, read by the caller's statement
 * with unitLinkedToTaskSql) or sees it through the cascade; `unitId` null: the user sees every task. The one place of
 * the refusal for TaskAccessService.assertVisible and the reads that check the link in their own statement.
 */
export async function assertLinkedOrSeen(manager: EntityManager, unitId: string | null, taskId: string, linked: boolean): Promise<void> {
  if (linked || (unitId !== null && (await seenThroughCascade(manager, unitId, taskId)))) return;
  throw forbidden('not_your_unit', `task ${taskId} is not a task of your unit`);
}

/** Whether a unit oversees the jurisdiction (its own or one below it): a banner's inspector creates plans only there. */
export async function overseesJurisdiction(manager: EntityManager, unitId: string, jurisdiction: string): Promise<boolean> {
  const [row] = await queryPrepared<{ oversees: boolean }>(manager, `SELECT $2::text IN (${jurisdictionsOverseenSql('$1::bigint')}) AS oversees`, [
    unitId,
    jurisdiction,
  ]);
  return row?.oversees ?? false;
}

/** Whether a unit oversees a plan's jurisdiction or one above it: it sees all the plan's tasks (a district's government, its district's plan). */
export async function governsPlan(manager: EntityManager, unitId: string, planId: string): Promise<boolean> {
  const [row] = await queryPrepared<{ governs: boolean }>(
    manager,
    `SELECT EXISTS (SELECT 1 FROM plans p WHERE p.id = $2 AND p.jurisdiction IN (${jurisdictionsOverseenSql('$1::bigint')})) AS governs`,
    [unitId, planId],
  );
  return row?.governs ?? false;
}
