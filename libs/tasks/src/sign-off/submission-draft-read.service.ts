import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryPrepared } from '@duban/persistence';
import type { SubmissionDraftView } from './submission-draft.view';

interface Row {
  id: string;
  unit_id: string;
  unit_name: string;
  submission: SubmissionDraftView['submission'];
  payload: SubmissionDraftView['payload'];
  order_id: string | null;
  drafted_by_username: string | null;
  status: SubmissionDraftView['status'];
  drafted_by: string | null;
  drafted_by_name: string | null;
  drafted_at: Date;
  decided_by: string | null;
  decided_by_name: string | null;
  decided_at: Date | null;
  returned_reason: string | null;
}

const iso = (at: Date | null) => (at === null ? null : new Date(at).toISOString());

/** `GET /tasks/:id/drafts`: the task's drafts under sign-off, newest first. One statement over `submission_drafts_task_idx`. */
@Injectable()
export class SubmissionDraftReadService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(taskId: string): Promise<SubmissionDraftView[]> {
    const rows = await queryPrepared<Row>(
      this.dataSource.manager,
      `SELECT d.id::text, d.unit_id::text, u.name AS unit_name, d.submission, d.payload, d.order_id::text, d.status, d.drafted_by::text,
              db.username AS drafted_by_username, d.drafted_at, d.decided_by::text, d.decided_at, d.returned_reason,
              COALESCE(db.name, db.username) AS drafted_by_name, COALESCE(hd.name, hd.username) AS decided_by_name
         FROM submission_drafts d JOIN units u ON u.id = d.unit_id
         LEFT JOIN users db ON db.id = d.drafted_by LEFT JOIN users hd ON hd.id = d.decided_by
        WHERE d.task_id = $1 ORDER BY d.id DESC`,
      [taskId],
    );
    return rows.map((row) => ({
      id: row.id,
      unitId: row.unit_id,
      unitName: row.unit_name,
      submission: row.submission,
      orderId: row.order_id,
      payload: row.payload,
      status: row.status,
      draftedBy: row.drafted_by,
      draftedByUsername: row.drafted_by_username,
      draftedByName: row.drafted_by_name,
      draftedAt: new Date(row.drafted_at).toISOString(),
      decidedBy: row.decided_by,
      decidedByName: row.decided_by_name,
      decidedAt: iso(row.decided_at),
      returnedReason: row.returned_reason,
    }));
  }
}
