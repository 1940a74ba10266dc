import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { IndicatorReading } from '@duban/domain';
import { latestIndicatorsOf, queryPrepared, taskListUnitsOf } from '@duban/persistence';
import { SearchActivityStore } from './search/search-activity.store';

/** An imported task's unit: lead or responsible, in the table's order, named directly or through a group (`via`). */
export interface ImportedTaskUnit {
  task_id: string;
  unit_id: string;
  role: 'lead' | 'support';
  via: string | null;
  position: number;
}

/**
 * Writes the task list's units of the tasks `targets` names (a FROM item `x` with an `id` column) as they
 * are now, and the lead units' copy on those tasks' links to the parent tasks they serve (the roll-up lists it): the
 * statement every change of links or of a unit's name ends with. Only rows that change are written.
 */
const refreshListUnitsSql = (targets: string): string => `
  WITH refreshed AS (
    INSERT INTO task_list_units (task_id, lead_units, support_units)
    SELECT l.id, l.lead_units, l.support_units FROM (${taskListUnitsOf(targets)}) l
    ON CONFLICT (task_id) DO UPDATE SET lead_units = EXCLUDED.lead_units, support_units = EXCLUDED.support_units
     WHERE (task_list_units.lead_units, task_list_units.support_units) IS DISTINCT FROM (EXCLUDED.lead_units, EXCLUDED.support_units)
    RETURNING task_id, lead_units
  )
  UPDATE task_parent_links p SET lead_units = r.lead_units FROM refreshed r WHERE p.task_id = r.task_id AND p.lead_units IS DISTINCT FROM r.lead_units`;
const REFRESH_TASKS = refreshListUnitsSql('unnest($1::bigint[]) AS x(id)');
/**
 * The units these tasks name, share-locked in id order before their names are copied: a rename holds its unit
 * locked (the jurisdiction's units, in id order) until it commits, so a copy made meanwhile waits and then reads
 * the new name, and a rename waits for a copy in flight, whose links its own refresh then sees.
 */
const LOCK_NAMED_UNITS = 'SELECT 1 FROM units WHERE id IN (SELECT unit_id FROM task_units WHERE task_id = ANY($1::bigint[])) ORDER BY id FOR SHARE';
const REFRESH_TASKS_NAMING_UNIT = refreshListUnitsSql('(SELECT DISTINCT task_id AS id FROM task_units WHERE unit_id = $1) x');

/**
 * Whether a task serves a parent task (`task_serves_parent`: the cascade's parent tasks are probed for those links only,
 * parentTasksSeenSql). A new link takes it from the task's parent links; a task linked to a parent later has its links
 * marked (`markServingParents`).
 */
const servesParent = (taskId: string): string => `EXISTS (SELECT 1 FROM task_parent_links p WHERE p.task_id = ${taskId})`;

/**
 * A progress report's indicator values, and the task's latest values after them as the roll-up lists them
 * (`task_latest_indicators`, and their copy on the links of a task serving a parent task: docs/cascade.md), in one
 * statement: the latest of the values already stored and those it inserts (a value dated before the latest one leaves
 * the latest as it was).
 */
const RECORD_INDICATORS = `
  WITH recorded AS (
    INSERT INTO indicator_values (target_id, task_id, value, as_of, reported_at, event_id)
    SELECT r.target_id, $1, r.value, r.as_of, $2, $3 FROM jsonb_to_recordset($4::jsonb) AS r(target_id bigint, value numeric, as_of date)
    RETURNING id, target_id, value, as_of
  )
  , latest AS (
    INSERT INTO task_latest_indicators (task_id, indicators)
    SELECT l.id, l.indicators
      FROM (${latestIndicatorsOf(
        '(SELECT $1::bigint AS id) x',
        '(SELECT id, target_id, value, as_of FROM indicator_values UNION ALL SELECT id, target_id, value, as_of FROM recorded)',
      )}) l
    ON CONFLICT (task_id) DO UPDATE SET indicators = EXCLUDED.indicators WHERE task_latest_indicators.indicators IS DISTINCT FROM EXCLUDED.indicators
    RETURNING task_id, indicators
  )
  UPDATE task_parent_links p SET indicators = latest.indicators FROM latest WHERE p.task_id = latest.task_id`;

/**
 * The only writer of `task_units` (an import's units, new lead units, unit merges, whether a link's task serves a
 * parent task), of `indicator_values` and the
 * latest of them (`task_latest_indicators`, rewritten with every value recorded), and of `task_list_units`, the units as the task list shows them (names included), which every change of
 * links here and every rename of a unit (`refreshListUnitsNaming`) rewrites in the same transaction.
 */
@Injectable()
export class TaskLinksStore {
  /** a unit linked to an existing task has the task's search activity marked unknown in the same transaction */
  constructor(private readonly activity: SearchActivityStore = new SearchActivityStore()) {}

  /** An import's task units, set-based: one statement for any number of tasks (and two for their list units). */
  async insertImported(manager: EntityManager, links: ImportedTaskUnit[]): Promise<void> {
    await manager.query(
      `INSERT INTO task_units (task_id, unit_id, role, via_group_id, position, task_serves_parent)
       SELECT l.task_id, l.unit_id, l.role, l.via, l.position, ${servesParent('l.task_id')}
         FROM jsonb_to_recordset($1::jsonb) AS l(task_id bigint, unit_id bigint, role text, via bigint, position int)`,
      [JSON.stringify(links)],
    );
    await this.refreshListUnits(manager, [...new Set(links.map((link) => link.task_id))]);
  }

  /** The list units of these tasks, as their links and their units' names now are. */
  async refreshListUnits(manager: EntityManager, taskIds: string[]): Promise<void> {
    if (taskIds.length === 0) return;
    await queryPrepared(manager, LOCK_NAMED_UNITS, [taskIds]);
    await queryPrepared(manager, REFRESH_TASKS, [taskIds]);
  }

  /** A unit's new name, in the list units of every task that names it (the unit's rename, in its transaction). */
  async refreshListUnitsNaming(manager: EntityManager, unitId: string): Promise<void> {
    await queryPrepared(manager, REFRESH_TASKS_NAMING_UNIT, [unitId]);
  }

  /** The task's lead units become `unitIds`, in order; a support unit is never also a lead unit of the same task. */
  async replaceLeadUnits(manager: EntityManager, taskId: string, unitIds: string[]): Promise<void> {
    await queryPrepared(manager, `DELETE FROM task_units WHERE task_id = $1 AND (role = 'lead' OR unit_id = ANY($2::bigint[]))`, [taskId, unitIds]);
    await queryPrepared(
      manager,
      `INSERT INTO task_units (task_id, unit_id, role, position, task_serves_parent)
       SELECT $1, unit_id, 'lead', ordinality - 1, ${servesParent('$1')} FROM unnest($2::bigint[]) WITH ORDINALITY AS u(unit_id, ordinality)`,
      [taskId, unitIds],
    );
    await this.activity.linked(manager, unitIds, [taskId]);
    await this.refreshListUnits(manager, [taskId]);
  }

  /** The task's responsible units become `unitIds`, in order, leaving out any that leads it (an EDIT). */
  async replaceSupportUnits(manager: EntityManager, taskId: string, unitIds: string[]): Promise<void> {
    await queryPrepared(manager, `DELETE FROM task_units WHERE task_id = $1 AND role = 'support'`, [taskId]);
    await queryPrepared(
      manager,
      `INSERT INTO task_units (task_id, unit_id, role, position, task_serves_parent)
       SELECT $1, u.unit_id, 'support', u.ordinality - 1, ${servesParent('$1')} FROM unnest($2::bigint[]) WITH ORDINALITY AS u(unit_id, ordinality)
        WHERE NOT EXISTS (SELECT 1 FROM task_units l WHERE l.task_id = $1 AND l.unit_id = u.unit_id)`,
      [taskId, unitIds],
    );
    await this.activity.linked(manager, unitIds, [taskId]);
    await this.refreshListUnits(manager, [taskId]);
  }

  /** The tasks' links marked as serving a parent task, once TaskParentLinkStore linked them to one (in its transaction). */
  async markServingParents(manager: EntityManager, taskIds: readonly string[]): Promise<void> {
    if (taskIds.length === 0) return;
    await queryPrepared(manager, 'UPDATE task_units SET task_serves_parent = true WHERE task_id = ANY($1::bigint[]) AND NOT task_serves_parent', [taskIds]);
  }

  /** A progress report's indicator values, against the event that reported them, and the task's latest values after them. */
  async recordIndicators(manager: EntityManager, taskId: string, eventId: string, readings: IndicatorReading[], now: Date): Promise<void> {
    await queryPrepared(manager, RECORD_INDICATORS, [
      taskId,
      now,
      eventId,
      JSON.stringify(readings.map((reading) => ({ target_id: reading.targetId, value: reading.value, as_of: reading.asOf }))),
    ]);
  }

  /** The task's lead and support units, in table order. */
  async unitsOf(manager: EntityManager, taskId: string): Promise<{ unit_id: string; role: 'lead' | 'support' }[]> {
    return queryPrepared(manager, 'SELECT unit_id::text, role FROM task_units WHERE task_id = $1 ORDER BY role, position', [taskId]);
  }

  /** The ids of the task's targets. */
  async targetIdsOf(manager: EntityManager, taskId: string): Promise<Set<string>> {
    const rows = await queryPrepared<{ id: string }>(manager, 'SELECT id::text FROM targets WHERE task_id = $1', [taskId]);
    return new Set(rows.map((row) => row.id));
  }

  /**
   * A unit merge: every task of `fromUnitId` becomes `intoUnitId`'s, in the same role and place. Where a task
   * names both, one link stays, the stronger role (lead) winning; links reached through `fromUnitId` as a
   * group now go through the survivor. Returns the number of tasks whose links changed; their list units
   * follow (the survivor's name, the group's id).
   */
  async moveUnit(manager: EntityManager, fromUnitId: string, intoUnitId: string): Promise<number> {
    const promoted = await queryPrepared<{ task_id: string }>(
      manager,
      `UPDATE task_units n SET role = 'lead', position = o.position
         FROM task_units o
        WHERE o.task_id = n.task_id AND o.unit_id = $1 AND n.unit_id = $2 AND o.role = 'lead' AND n.role = 'support'
       RETURNING n.task_id::text`,
      [fromUnitId, intoUnitId],
    );
    const both = await queryPrepared<{ task_id: string }>(
      manager,
      `DELETE FROM task_units o USING task_units n WHERE o.task_id = n.task_id AND o.unit_id = $1 AND n.unit_id = $2 RETURNING o.task_id::text`,
      [fromUnitId, intoUnitId],
    );
    const moved = await queryPrepared<{ task_id: string }>(manager, `UPDATE task_units SET unit_id = $2 WHERE unit_id = $1 RETURNING task_id::text`, [
      fromUnitId,
      intoUnitId,
    ]);
    const regrouped = await queryPrepared<{ task_id: string }>(
      manager,
      `UPDATE task_units SET via_group_id = $2 WHERE via_group_id = $1 RETURNING task_id::text`,
      [fromUnitId, intoUnitId],
    );
    const changed = new Set([...promoted, ...both, ...moved, ...regrouped].map((row) => row.task_id));
    await this.activity.linked(manager, [intoUnitId], [...changed]);
    await this.refreshListUnits(manager, [...changed]);
    return both.length + moved.length;
  }
}
