import type { EntityManager } from 'typeorm';
import { queryPrepared } from '@duban/persistence';

/**
 * The parent tasks a unit sees through the cascade, as a SELECT of their ids (`unit` is an SQL parameter): the tasks
 * served by the tasks the unit is linked to, unless the unit is a township's or street's government. The one place
 * of the rule: `GET /tasks/:id` (seenThroughCascade), the task list's cascade branch and the unit's search (`mine`)
 * all read it. From the unit's links (task_units (unit_id, …)) through task_parent_links' primary key (task_id, …).
 */
export function parentTasksSeenSql(unit: string): string {
  return `SELECT l.parent_task_id FROM task_units tu JOIN task_parent_links l ON l.task_id = tu.task_id
           WHERE tu.unit_id = ${unit} AND EXISTS (SELECT 1 FROM units u WHERE u.id = ${unit} AND u.kind <> 'township_government')`;
}

/**
 * Whether a unit sees a task it is not linked to, through the cascade (docs/cascade.md):
 * - a lower government's unit linked to a task serving it sees the parent task (a banner's departments see the
 *   city task their plan serves), unless the unit is a township's or street's government: a township sees only its own;
 * - a government sees the tasks of the plans of its jurisdiction and of every one below it (东胜区人民政府, a
 *   unit of the city's catalogue, sees Dongsheng's plans and its streets').
 */
export async function seenThroughCascade(manager: EntityManager, unitId: string, taskId: string): Promise<boolean> {
  const [row] = await queryPrepared<{ seen: boolean }>(
    manager,
    `SELECT $2::bigint IN (${parentTasksSeenSql('$1::bigint')})
         OR EXISTS (
              WITH RECURSIVE governed AS (
                SELECT j.name FROM jurisdictions j WHERE j.government_unit_id = $1
                UNION SELECT c.name FROM jurisdictions c JOIN governed g ON c.parent = g.name)
              SELECT 1 FROM tasks t JOIN plans p ON p.id = t.plan_id JOIN governed g ON g.name = p.jurisdiction WHERE t.id = $2) AS seen`,
    [unitId, taskId],
  );
  return row?.seen ?? false;
}

/** Whether a unit governs a plan's jurisdiction or one above it: it sees all the plan's tasks (a district's government, its district's plan). */
export async function governsPlan(manager: EntityManager, unitId: string, planId: string): Promise<boolean> {
  const [row] = await queryPrepared<{ governs: boolean }>(
    manager,
    `SELECT EXISTS (
              WITH RECURSIVE governed AS (
                SELECT j.name FROM jurisdictions j WHERE j.government_unit_id = $1
                UNION SELECT c.name FROM jurisdictions c JOIN governed g ON c.parent = g.name)
              SELECT 1 FROM plans p JOIN governed g ON g.name = p.jurisdiction WHERE p.id = $2) AS governs`,
    [unitId, planId],
  );
  return row?.governs ?? false;
}
