import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-off of a responsible unit's contribution: the draft a handler wrote waits here for the unit's head
 * (`pending`), who approves it (it is sent: the contribution is recorded) or returns it with a reason.
 * One pending draft per task, unit and submission: drafting again replaces its content. The task's
 * state does not change meanwhile (see libs/domain/src/task-lifecycle/sign-off.ts).
 */
export class SubmissionDrafts1764720000000 implements MigrationInterface {
  name = 'SubmissionDrafts1764720000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE submission_drafts (
        id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        task_id         bigint NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
        unit_id         bigint NOT NULL REFERENCES units (id),
        submission      text NOT NULL CHECK (submission IN ('CONTRIBUTE')),
        payload         jsonb NOT NULL,
        status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','approved','returned')),
        drafted_by      bigint REFERENCES users (id),
        drafted_at      timestamptz NOT NULL,
        decided_by      bigint REFERENCES users (id),
        decided_at      timestamptz,
        returned_reason text,
        CHECK (status = 'pending' OR decided_at IS NOT NULL),
        CHECK (status <> 'returned' OR returned_reason IS NOT NULL)
      )`);
    // a task's drafts (GET /tasks/:id/drafts) and its pending ones (the inbox facts); one pending draft per unit and submission
    await q.query(`CREATE INDEX submission_drafts_task_idx ON submission_drafts (task_id, id)`);
    await q.query(`CREATE UNIQUE INDEX submission_drafts_pending_key ON submission_drafts (task_id, unit_id, submission) WHERE status = 'pending'`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE submission_drafts`);
  }
}
