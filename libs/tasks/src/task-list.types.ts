import type { TaskLight, TaskSourceKind, TaskState } from '@duban/domain';

export const TASK_PAGE_DEFAULT = 50;
export const TASK_PAGE_MAX = 200;
export const TASK_LIGHTS: readonly TaskLight[] = ['green', 'yellow', 'red'];
export const TASK_UNIT_ROLES = ['lead', 'support'] as const;
export type TaskUnitRoleFilter = (typeof TASK_UNIT_ROLES)[number];

/** What `GET /tasks` filters on; every field optional. */
export interface TaskListQuery {
  planId?: string;
  state?: TaskState[];
  /** tasks linked to this unit (as lead or support unit, or addressed by a rectification order) */
  unitId?: string;
  /** the role of the unit (unitId, else the caller's unit) in the task */
  role?: TaskUnitRoleFilter;
  overdue?: boolean;
  light?: TaskLight;
  /** tasks that come from no table, by the kind of their source (any of these); a table's tasks have none */
  source?: TaskSourceKind[];
  /** words in the task text, its work item title or its lead-unit cell */
  q?: string;
  /** nextCursor of the previous page */
  cursor?: string;
  limit?: number;
}
