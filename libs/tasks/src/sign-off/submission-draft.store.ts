import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DraftedSubmissionContent, SubmissionDraftFact } from '@duban/domain';
import { queryPrepared } from '@duban/persistence';
import type { SubmissionDraftView } from './submission-draft.view';

interface DraftRow {
  id: string;
  unit_id: string;
  submission: DraftedSubmissionContent['submission'];
  payload: DraftedSubmissionContent['payload'];
  order_id: string | null;
  status: SubmissionDraftView['status'];
}

/** A row as the machine's fact: the content typed by its submission. */
function factOf(row: DraftRow): SubmissionDraftFact {
  const base = { id: row.id, unitId: row.unit_id };
  if (row.submission === 'SUBMIT_RECTIFICATION') {
    if (row.order_id === null) throw new Error(`draft ${row.id} answers no order`);
    return {
      ...base,
      submission: row.submission,
      orderId: row.order_id,
      payload: row.payload as Extract<DraftedSubmissionContent, { orderId: string }>['payload'],
    };
  }
  return { ...base, submission: row.submission, payload: row.payload } as SubmissionDraftFact;
}

/**
 * The only writer of `submission_drafts`: a unit's submissions drafted by its handlers under the plan's
 * sign-off (a contribution, a progress report, an order's answer), waiting for the unit's head, and the
 * head's decisions on them.
 */
@Injectable()
export class SubmissionDraftStore {
  /** Keeps the unit's draft of the submission; drafting again while one is pending replaces its content. */
  async draft(
    manager: EntityManager,
    draft: { taskId: string; unitId: string; content: DraftedSubmissionContent; userId: string | null },
    now: Date,
  ): Promise<void> {
    const { content } = draft;
    const orderId = content.submission === 'SUBMIT_RECTIFICATION' ? content.orderId : null;
    await queryPrepared(
      manager,
      `INSERT INTO submission_drafts (task_id, unit_id, submission, payload, drafted_by, drafted_at, order_id)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7)
       ON CONFLICT (task_id, unit_id, submission) WHERE status = 'pending'
       DO UPDATE SET payload = EXCLUDED.payload, drafted_by = EXCLUDED.drafted_by, drafted_at = EXCLUDED.drafted_at, order_id = EXCLUDED.order_id`,
      [draft.taskId, draft.unitId, content.submission, JSON.stringify(content.payload), draft.userId, now, orderId],
    );
  }

  /** The task's draft `draftId` with its status, or null when the task has no such draft. */
  async findOfTask(manager: EntityManager, taskId: string, draftId: string): Promise<(SubmissionDraftFact & { status: DraftRow['status'] }) | null> {
    if (!/^\d{1,18}$/.test(draftId)) return null;
    const rows = await queryPrepared<DraftRow>(
      manager,
      `SELECT id::text, unit_id::text, submission, payload, order_id::text, status FROM submission_drafts WHERE id = $1 AND task_id = $2`,
      [draftId, taskId],
    );
    const row = rows[0];
    return row ? { ...factOf(row), status: row.status } : null;
  }

  /** The head's decision on a pending draft. */
  async decide(
    manager: EntityManager,
    decision: { draftId: string; status: 'approved' | 'returned'; reason: string | null; userId: string | null },
    now: Date,
  ): Promise<void> {
    await queryPrepared(
      manager,
      `UPDATE submission_drafts SET status = $2, returned_reason = $3, decided_by = $4, decided_at = $5 WHERE id = $1 AND status = 'pending'`,
      [decision.draftId, decision.status, decision.reason, decision.userId, now],
    );
  }

  /** A unit merge: the merged unit's drafts become the survivor's; a pending one where the survivor has one too is dropped. Answers the number moved. */
  async moveUnit(manager: EntityManager, fromUnitId: string, intoUnitId: string): Promise<number> {
    await queryPrepared(
      manager,
      `DELETE FROM submission_drafts o USING submission_drafts n
        WHERE o.unit_id = $1 AND n.unit_id = $2 AND o.status = 'pending' AND n.status = 'pending' AND n.task_id = o.task_id AND n.submission = o.submission`,
      [fromUnitId, intoUnitId],
    );
    const moved = await queryPrepared(manager, `UPDATE submission_drafts SET unit_id = $2 WHERE unit_id = $1 RETURNING id`, [fromUnitId, intoUnitId]);
    return moved.length;
  }
}
