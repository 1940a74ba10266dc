import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ContributionPeriod, EvidenceItem } from '@duban/domain';
import { queryPrepared } from '@duban/persistence';

/** A responsible unit's submission, as CONTRIBUTE delivers it. */
export interface ContributionSubmission {
  taskId: string;
  unitId: string;
  userId: string | null;
  summary: string;
  evidence: EvidenceItem[];
  /**
   * the period the payload named (`explicit`), or the period being gathered today, with its term: used
   * when the unit owes no earlier period and no period of the task is still within its term
   */
  period: ContributionPeriod;
  explicit: boolean;
  /** filled by the system from a child plan (docs/cascade.md): a period a person already submitted is kept as it is */
  filled?: boolean;
}

/** Where a contribution landed. */
export interface StoredContribution {
  period_end: string;
  due_on: string;
}

/**
 * The only writer of `contributions`: responsible units' submissions per task, unit and reporting
 * period, the lead's returns, and the `due` rows of a period whose report has fallen due.
 */
@Injectable()
export class ContributionStore {
  /**
   * Stores a submission and answers its period. Without an explicit period it goes to the oldest
   * period the unit still owes (due or returned), else the earliest period of the task still within its
   * term, else `period`. Submitting again for a submitted period replaces its content (the audit trail
   * keeps both). One statement. A fill (`filled`) replaces only a period nobody submitted by hand: null when it kept one.
   */
  async submit(manager: EntityManager, submission: ContributionSubmission, now: Date): Promise<StoredContribution | null> {
    const [row] = await queryPrepared<StoredContribution>(
      manager,
      `WITH target AS (
         SELECT COALESCE(
                  CASE WHEN $3::boolean THEN $4::date END,
                  (SELECT min(period_end) FROM contributions WHERE task_id = $1 AND unit_id = $2 AND status <> 'submitted'),
                  (SELECT min(period_end) FROM contributions WHERE task_id = $1 AND term_ends_at > $9),
                  $4::date) AS period_end
       )
       INSERT INTO contributions (task_id, unit_id, period_end, due_on, term_ends_at, status, summary, evidence, submitted_by, submitted_at, created_at, updated_at)
       SELECT $1, $2, t.period_end, COALESCE(c.due_on, $5::date), COALESCE(c.term_ends_at, $6::timestamptz), 'submitted', $7, $8::jsonb, $10::bigint, $9, $9, $9
         FROM target t
         LEFT JOIN LATERAL (SELECT due_on, term_ends_at FROM contributions WHERE task_id = $1 AND period_end = t.period_end LIMIT 1) c ON true
       ON CONFLICT (task_id, unit_id, period_end) DO UPDATE
         SET status = 'submitted', summary = EXCLUDED.summary, evidence = EXCLUDED.evidence, submitted_by = EXCLUDED.submitted_by,
             submitted_at = EXCLUDED.submitted_at, updated_at = EXCLUDED.updated_at
         WHERE NOT $11::boolean OR contributions.status <> 'submitted' OR contributions.submitted_by IS NULL
       RETURNING period_end, due_on`,
      [
        submission.taskId,
        submission.unitId,
        submission.explicit,
        submission.period.periodEnd,
        submission.period.dueOn,
        submission.period.termEndsAt,
        submission.summary,
        JSON.stringify(submission.evidence),
        now,
        submission.userId,
        submission.filled ?? false,
      ],
    );
    return row ?? null;
  }

  /** The lead sends a submitted contribution back (the given period's, else the unit's latest); none when there is no such submission. */
  async returnSubmitted(
    manager: EntityManager,
    request: { taskId: string; unitId: string; period: string | null; reason: string; userId: string | null },
    now: Date,
  ): Promise<StoredContribution | null> {
    const rows = await queryPrepared<StoredContribution>(
      manager,
      `UPDATE contributions SET status = 'returned', returned_reason = $4, returned_by = $5, returned_at = $6, updated_at = $6
        WHERE id = (SELECT id FROM contributions WHERE task_id = $1 AND unit_id = $2 AND status = 'submitted' AND ($3::date IS NULL OR period_end = $3)
                     ORDER BY period_end DESC LIMIT 1)
        RETURNING period_end, due_on`,
      [request.taskId, request.unitId, request.period, request.reason, request.userId, now],
    );
    return rows[0] ?? null;
  }

  /**
   * A period's report has fallen due: every given unit without a contribution of the period gets a `due`
   * row. Answers the units that still owe the period (due or returned), in the order given.
   */
  async openPeriod(manager: EntityManager, taskId: string, unitIds: string[], period: ContributionPeriod, now: Date): Promise<string[]> {
    if (unitIds.length === 0) return [];
    const rows = await queryPrepared<{ unit_id: string }>(
      manager,
      `WITH opened AS (
         INSERT INTO contributions (task_id, unit_id, period_end, due_on, term_ends_at, status, created_at, updated_at)
         SELECT $1, unit_id, $3, $4, $5, 'due', $6, $6 FROM unnest($2::bigint[]) AS unit_id
         ON CONFLICT (task_id, unit_id, period_end) DO NOTHING
         RETURNING unit_id
       )
       SELECT u.unit_id::text FROM unnest($2::bigint[]) WITH ORDINALITY AS u(unit_id, position)
        WHERE u.unit_id IN (SELECT unit_id FROM opened)
           OR u.unit_id IN (SELECT unit_id FROM contributions WHERE task_id = $1 AND period_end = $3 AND status <> 'submitted')
        ORDER BY u.position`,
      [taskId, unitIds, period.periodEnd, period.dueOn, period.termEndsAt, now],
    );
    return rows.map((row) => row.unit_id);
  }

  /** The units that still owe the period's contribution (due or returned). */
  async owing(manager: EntityManager, taskId: string, periodEnd: string): Promise<string[]> {
    const rows = await queryPrepared<{ unit_id: string }>(
      manager,
      `SELECT unit_id::text FROM contributions WHERE task_id = $1 AND period_end = $2 AND status <> 'submitted' ORDER BY unit_id`,
      [taskId, periodEnd],
    );
    return rows.map((row) => row.unit_id);
  }

  /**
   * A unit merge: the merged unit's contributions become the survivor's; where both hold one for the
   * same task and period, the survivor's stays and the merged unit's is dropped. Answers the number moved.
   */
  async moveUnit(manager: EntityManager, fromUnitId: string, intoUnitId: string): Promise<number> {
    await queryPrepared(
      manager,
      `DELETE FROM contributions o USING contributions n
        WHERE o.unit_id = $1 AND n.unit_id = $2 AND n.task_id = o.task_id AND n.period_end = o.period_end`,
      [fromUnitId, intoUnitId],
    );
    const moved = await queryPrepared(manager, `UPDATE contributions SET unit_id = $2 WHERE unit_id = $1 RETURNING id`, [fromUnitId, intoUnitId]);
    return moved.length;
  }
}
