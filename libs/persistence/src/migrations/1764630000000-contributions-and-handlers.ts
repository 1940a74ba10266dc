import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Responsible units' contributions (协办) per task, unit and reporting period, and the handlers (承办人)
 * a unit's head names for a task; the role `unit_head`.
 *
 * A contribution row is written when a unit submits, and as `due` for every responsible unit that has
 * none when its period's report falls due; `overdue` is never stored (a due or returned row past
 * `due_on`). `term_ends_at` is the instant `due_on` ends in the plan's zone: the inbox sync compares it
 * with the transaction's time, so no zone is needed in SQL.
 */
export class ContributionsAndHandlers1764630000000 implements MigrationInterface {
  name = 'ContributionsAndHandlers1764630000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE contributions (
        id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        task_id         bigint NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
        unit_id         bigint NOT NULL REFERENCES units (id),
        period_end      date NOT NULL,
        due_on          date NOT NULL,
        term_ends_at    timestamptz NOT NULL,
        status          text NOT NULL DEFAULT 'due' CHECK (status IN ('due','submitted','returned')),
        summary         text,
        evidence        jsonb NOT NULL DEFAULT '[]',
        submitted_by    bigint REFERENCES users (id),
        submitted_at    timestamptz,
        returned_reason text,
        returned_by     bigint REFERENCES users (id),
        returned_at     timestamptz,
        created_at      timestamptz NOT NULL,
        updated_at      timestamptz NOT NULL,
        CHECK (status = 'due' OR (summary IS NOT NULL AND submitted_at IS NOT NULL)),
        CHECK (status <> 'returned' OR (returned_reason IS NOT NULL AND returned_at IS NOT NULL))
      )`);
    // a task's contributions by period (GET /tasks/:id/contributions, the inbox facts); one row per unit and period
    await q.query(`CREATE UNIQUE INDEX contributions_task_unit_period_key ON contributions (task_id, unit_id, period_end)`);
    // a unit's missing contributions (the unit score)
    await q.query(`CREATE INDEX contributions_unit_owed_idx ON contributions (unit_id, due_on) WHERE status <> 'submitted'`);

    await q.query(`
      CREATE TABLE task_handlers (
        task_id     bigint NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
        unit_id     bigint NOT NULL REFERENCES units (id),
        user_id     bigint NOT NULL REFERENCES users (id),
        assigned_by bigint REFERENCES users (id),
        assigned_at timestamptz NOT NULL,
        PRIMARY KEY (task_id, unit_id, user_id)
      )`);
    // the tasks one user handles (GET /inbox?mine=true)
    await q.query(`CREATE INDEX task_handlers_user_idx ON task_handlers (user_id, task_id)`);

    await q.query(`ALTER TABLE users DROP CONSTRAINT users_roles_check`);
    await q.query(`ALTER TABLE users ADD CONSTRAINT users_roles_check
      CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['admin','inspector','officer','unit_head','viewer'])`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE task_handlers`);
    await q.query(`DROP TABLE contributions`);
    await q.query(`UPDATE users SET roles = array_remove(roles, 'unit_head') WHERE 'unit_head' = ANY(roles) AND cardinality(roles) > 1`);
    await q.query(`ALTER TABLE users DROP CONSTRAINT users_roles_check`);
    await q.query(
      `ALTER TABLE users ADD CONSTRAINT users_roles_check CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['admin','inspector','officer','viewer'])`,
    );
  }
}
