import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The audit trail, rectification orders, every unit's inbox, timers and reported indicator values. */
export class Workflow1764470000000 implements MigrationInterface {
  name = 'Workflow1764470000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE task_events (
        id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        task_id       bigint NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
        seq           int NOT NULL CHECK (seq > 0),
        type          text NOT NULL,
        from_state    text NOT NULL,
        to_state      text NOT NULL,
        actor_kind    text NOT NULL CHECK (actor_kind IN ('user','system')),
        actor_user_id bigint REFERENCES users (id),
        actor_unit_id bigint REFERENCES units (id),
        payload       jsonb NOT NULL DEFAULT '{}',
        at            timestamptz NOT NULL,
        CONSTRAINT task_events_task_seq_key UNIQUE (task_id, seq),
        CHECK ((actor_kind = 'system') = (actor_user_id IS NULL))
      )`);

    await q.query(`
      CREATE TABLE rectification_orders (
        id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        task_id          bigint NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
        unit_id          bigint NOT NULL REFERENCES units (id),
        round            int NOT NULL CHECK (round > 0),
        state            text NOT NULL DEFAULT 'issued' CHECK (state IN ('issued','submitted','accepted','returned')),
        snapshot         jsonb,
        version          int NOT NULL DEFAULT 0,
        findings         text NOT NULL,
        required_actions text NOT NULL,
        due_on           date NOT NULL,
        overdue          boolean NOT NULL DEFAULT false,
        escalation_level smallint NOT NULL DEFAULT 0,
        issued_by        bigint REFERENCES users (id),
        issued_at        timestamptz NOT NULL,
        submission       jsonb,
        submitted_at     timestamptz,
        return_reason    text,
        CONSTRAINT rectification_orders_task_round_unit_key UNIQUE (task_id, round, unit_id)
      )`);
    await q.query(`CREATE INDEX rectification_orders_unit_state_idx ON rectification_orders (unit_id, state)`);

    await q.query(`
      CREATE TABLE inbox_items (
        id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        unit_id    bigint NOT NULL REFERENCES units (id),
        kind       text NOT NULL CHECK (kind IN ('start_task','report_progress','contribute','self_assess','rectify','inspect',
                                                 'decide_extension','interview','notice')),
        task_id    bigint REFERENCES tasks (id) ON DELETE CASCADE,
        order_id   bigint REFERENCES rectification_orders (id) ON DELETE CASCADE,
        title      text NOT NULL,
        due_on     date,
        status     text NOT NULL DEFAULT 'open' CHECK (status IN ('open','done')),
        payload    jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL,
        done_at    timestamptz,
        read_at    timestamptz,
        CHECK ((status = 'done') = (done_at IS NOT NULL))
      )`);
    // one unit's open items, by due day, without touching its history or other units' items
    await q.query(`CREATE INDEX inbox_items_unit_open_idx ON inbox_items (unit_id, due_on, id) WHERE status = 'open'`);
    await q.query(`CREATE INDEX inbox_items_unit_done_idx ON inbox_items (unit_id, done_at DESC, id DESC) WHERE status = 'done'`);
    await q.query(`CREATE INDEX inbox_items_task_open_idx ON inbox_items (task_id) WHERE status = 'open'`);
    // at most one open action of a kind per task, unit and order (notices may repeat)
    await q.query(`
      CREATE UNIQUE INDEX inbox_items_open_action_key ON inbox_items (task_id, unit_id, kind, COALESCE(order_id, 0))
        WHERE status = 'open' AND kind <> 'notice'`);

    await q.query(`
      CREATE TABLE timers (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        kind        text NOT NULL,
        task_id     bigint REFERENCES tasks (id) ON DELETE CASCADE,
        order_id    bigint REFERENCES rectification_orders (id) ON DELETE CASCADE,
        plan_id     bigint REFERENCES plans (id) ON DELETE CASCADE,
        due_at      timestamptz NOT NULL,
        state       text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','claimed','fired','cancelled')),
        attempts    int NOT NULL DEFAULT 0,
        lease_until timestamptz,
        payload     jsonb NOT NULL DEFAULT '{}',
        created_at  timestamptz NOT NULL,
        fired_at    timestamptz,
        CHECK (task_id IS NOT NULL OR order_id IS NOT NULL OR plan_id IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX timers_due_idx ON timers (due_at, id) WHERE state IN ('pending','claimed')`);
    await q.query(`CREATE INDEX timers_task_idx ON timers (task_id) WHERE state = 'pending'`);
    await q.query(`CREATE INDEX timers_order_idx ON timers (order_id) WHERE state = 'pending'`);

    await q.query(`
      CREATE TABLE indicator_values (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        target_id   bigint NOT NULL REFERENCES targets (id) ON DELETE CASCADE,
        task_id     bigint NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
        value       numeric(20,6) NOT NULL,
        as_of       date NOT NULL,
        reported_at timestamptz NOT NULL,
        event_id    bigint REFERENCES task_events (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX indicator_values_target_idx ON indicator_values (target_id, as_of DESC, id DESC)`);

    // the task list filters by plan and state, and pages by id
    await q.query(`CREATE INDEX tasks_plan_state_idx ON tasks (plan_id, state, id)`);
    await q.query(`CREATE INDEX tasks_state_idx ON tasks (state, id)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS tasks_state_idx`);
    await q.query(`DROP INDEX IF EXISTS tasks_plan_state_idx`);
    for (const table of ['indicator_values', 'timers', 'inbox_items', 'rectification_orders', 'task_events']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
