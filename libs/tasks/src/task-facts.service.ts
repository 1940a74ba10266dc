import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { TaskUrgency } from '@duban/domain';
import { queryPrepared } from '@duban/persistence';

/** What a timer's effect needs to know of its task besides the locked row. */
export interface TaskTimerFacts {
  seq: number;
  text: string;
  due_on: string;
  jurisdiction: string;
  overdue: boolean;
  escalation_level: number;
  deadline_policy: unknown;
  /** the plan policy's contributions section as stored (`storedContributionTerms` reads it) */
  contribution_terms: unknown;
  lead_unit_ids: string[];
}

/** Reads of a task's facts for the workflows, in the caller's transaction. */
@Injectable()
export class TaskFactsService {
  /** The facts of several tasks in one statement (a chunk of timers reads all of its tasks at once). */
  async timerFactsOf(manager: EntityManager, taskIds: string[]): Promise<Map<string, TaskTimerFacts>> {
    if (taskIds.length === 0) return new Map();
    const rows = await queryPrepared<TaskTimerFacts & { id: string }>(
      manager,
      `SELECT t.id::text, t.seq, t.text, t.due_on, p.jurisdiction, t.overdue, t.escalation_level, p.deadline_policy, p.policy -> 'contributions' AS contribution_terms,
              ARRAY(SELECT tu.unit_id::text FROM task_units tu WHERE tu.task_id = t.id AND tu.role = 'lead' ORDER BY tu.position) AS lead_unit_ids
         FROM tasks t JOIN plans p ON p.id = t.plan_id WHERE t.id = ANY($1::bigint[])`,
      [taskIds],
    );
    return new Map(rows.map((row) => [row.id, row]));
  }

  /**
   * What an urgent task's feedback timer decides on: its plan's feedback section as stored and its latest progress
   * report; and the task's urgency (a REOPEN starts the rhythm of an urgent task again).
   */
  async feedbackFactsOf(manager: EntityManager, taskId: string): Promise<{ feedback: unknown; lastReportAt: Date | null; urgency: TaskUrgency }> {
    const [row] = await queryPrepared<{ feedback: unknown; last_report_at: Date | null; urgency: TaskUrgency }>(
      manager,
      `SELECT p.policy -> 'feedback' AS feedback, t.urgency,
              (SELECT max(e.at) FROM task_events e WHERE e.task_id = t.id AND e.type = 'REPORT_PROGRESS') AS last_report_at
         FROM tasks t JOIN plans p ON p.id = t.plan_id WHERE t.id = $1`,
      [taskId],
    );
    return { feedback: row?.feedback ?? null, lastReportAt: row?.last_report_at ?? null, urgency: row?.urgency ?? 'normal' };
  }

  /** A task's seq, overdue flag and lead units, as bulk supervision decides on them. */
  async bulkFactsOf(manager: EntityManager, taskId: string): Promise<{ seq: number; overdue: boolean; lead_unit_ids: string[] }> {
    const [row] = await queryPrepared<{ seq: number; overdue: boolean; lead_unit_ids: string[] }>(
      manager,
      `SELECT t.seq, t.overdue, COALESCE(array_agg(tu.unit_id::text ORDER BY tu.position) FILTER (WHERE tu.unit_id IS NOT NULL), '{}') AS lead_unit_ids
         FROM tasks t LEFT JOIN task_units tu ON tu.task_id = t.id AND tu.role = 'lead' WHERE t.id = $1 GROUP BY t.id`,
      [taskId],
    );
    return row;
  }
}
