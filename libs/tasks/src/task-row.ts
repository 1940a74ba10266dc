import { taskLight, type TaskSource, type TaskUrgency } from '@duban/domain';
import { orderOverdueSql, reportDueOnSql } from './task-light-sql';
import type { MilestoneView, TargetView, TaskView, UnitRefView } from './task.view';

export interface TaskRow {
  id: string;
  plan_id: string;
  seq: number;
  number: string | null;
  section_title: string;
  work_item_title: string;
  text: string;
  state: string;
  lead_text: string;
  support_text: string;
  due_on: string;
  recurrence: string | null;
  source: TaskSource | null;
  urgency: TaskUrgency;
  overdue: boolean;
  escalation_level: number;
  version: number;
  order_overdue: boolean;
  report_due_on: string | null;
  lead_units: UnitRefView[];
  support_units: UnitRefView[];
  milestones: MilestoneView[];
  targets: TargetView[];
  /** the stored machine snapshot, for each user's allowedEvents (not part of the view) */
  snapshot: unknown;
}

/** A task's lead and responsible units as JSON: read through its links (`task_units` joined to `units`). */
const LINKED_UNITS = {
  lead: `COALESCE((SELECT json_agg(json_build_object('id', u.id::text, 'name', u.name) ORDER BY tu.position)
              FROM task_units tu JOIN units u ON u.id = tu.unit_id WHERE tu.task_id = t.id AND tu.role = 'lead'), '[]')`,
  support: `COALESCE((SELECT json_agg(json_build_object('id', u.id::text, 'name', u.name, 'viaGroupId', tu.via_group_id::text) ORDER BY tu.position)
              FROM task_units tu JOIN units u ON u.id = tu.unit_id WHERE tu.task_id = t.id AND tu.role = 'support'), '[]')`,
};

/**
 * The columns of a Task's view (`t` tasks, `s` sections, `w` work items), with whether an order keeps it
 * red; without the snapshot, so that a transition's write can answer them (TaskStore.writeTransition).
 */
const taskColumns = (units: { lead: string; support: string }): string => `
  t.id::text, t.plan_id::text, t.seq, t.number, s.title AS section_title, w.title AS work_item_title, t.text, t.state,
  t.lead_text, t.support_text, t.due_on, t.recurrence, t.source, t.urgency, t.overdue, t.escalation_level, t.version,
  ${orderOverdueSql('t.id')} AS order_overdue,
  ${reportDueOnSql('t.id')} AS report_due_on,
  ${units.lead} AS lead_units,
  ${units.support} AS support_units,
  COALESCE((SELECT json_agg(json_build_object('date', m.due_on, 'clause', m.clause) ORDER BY m.due_on)
              FROM task_milestones m WHERE m.task_id = t.id), '[]') AS milestones,
  COALESCE((SELECT json_agg(json_build_object('id', g.id::text, 'indicator', g.indicator, 'comparator', g.comparator, 'value', g.value,
                                              'unit', g.unit, 'measure', g.measure, 'period', g.period, 'by', g.by_date, 'clause', g.clause)
                    ORDER BY g.position)
              FROM targets g WHERE g.task_id = t.id), '[]') AS targets`;

export const TASK_VIEW_COLUMNS = taskColumns(LINKED_UNITS);

/** TASK_VIEW_COLUMNS with the stored machine snapshot. */
export const TASK_COLUMNS = `${TASK_VIEW_COLUMNS}, t.snapshot`;

/**
 * TASK_COLUMNS for the task list: the units as `task_list_units` (joined as `lu` with LIST_UNITS_JOIN) holds
 * them, precomputed by TaskLinksStore, instead of two subqueries per row (a task without links has no row).
 */
export const LIST_TASK_COLUMNS = `${taskColumns({ lead: `COALESCE(lu.lead_units, '[]')`, support: `COALESCE(lu.support_units, '[]')` })}, t.snapshot`;
export const LIST_UNITS_JOIN = 'LEFT JOIN task_list_units lu ON lu.task_id = t.id';

/** A row of TASK_VIEW_COLUMNS. */
export type TaskViewRow = Omit<TaskRow, 'snapshot'>;

/** The API's Task shape for a row of TASK_VIEW_COLUMNS; `allowedEvents` is filled per user by the caller. */
export function toTaskView(row: TaskViewRow, today: string): TaskView {
  return {
    id: row.id,
    planId: row.plan_id,
    seq: row.seq,
    number: row.number,
    section: { title: row.section_title },
    workItem: { title: row.work_item_title },
    text: row.text,
    state: row.state,
    leadUnits: row.lead_units,
    supportUnits: row.support_units,
    leadText: row.lead_text,
    supportText: row.support_text,
    dueAt: row.due_on,
    milestones: row.milestones,
    recurrence: row.recurrence,
    source: row.source,
    urgency: row.urgency,
    targets: row.targets.map((target) => ({ ...target, value: Number(target.value) })),
    overdue: row.overdue,
    escalationLevel: row.escalation_level,
    light: taskLight({
      state: row.state,
      overdue: row.overdue,
      dueOn: row.due_on,
      today,
      rectificationOrderOverdue: row.order_overdue,
      periodicReportMissing: row.report_due_on !== null && row.report_due_on < today,
    }),
    version: row.version,
    allowedEvents: [],
  };
}
