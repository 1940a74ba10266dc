import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Units, plans and their tables, tasks with their units, milestones and targets, users. */
export class InitialSchema1764460000000 implements MigrationInterface {
  name = 'InitialSchema1764460000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE units (
        id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        jurisdiction text NOT NULL CHECK (jurisdiction <> ''),
        name         text NOT NULL CHECK (name <> ''),
        kind         text NOT NULL CHECK (kind IN ('department','office','committee','group','banner_government','supervision',
                                                   'institution','enterprise','media','people_organisation','unverified')),
        aliases      text[] NOT NULL DEFAULT '{}',
        misspellings text[] NOT NULL DEFAULT '{}',
        parent_id    bigint REFERENCES units (id) ON DELETE SET NULL,
        verified     boolean NOT NULL DEFAULT true,
        created_at   timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT units_jurisdiction_name_key UNIQUE (jurisdiction, name)
      )`);
    await q.query(`
      CREATE TABLE unit_memberships (
        group_id  bigint NOT NULL REFERENCES units (id) ON DELETE CASCADE,
        member_id bigint NOT NULL REFERENCES units (id) ON DELETE CASCADE,
        PRIMARY KEY (group_id, member_id),
        CHECK (group_id <> member_id)
      )`);
    await q.query(`CREATE INDEX unit_memberships_member_idx ON unit_memberships (member_id)`);

    await q.query(`
      CREATE TABLE plans (
        id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        jurisdiction    text NOT NULL,
        name            text NOT NULL,
        content_hash    text NOT NULL,
        format          text NOT NULL CHECK (format IN ('tsv','csv','pipe','list')),
        plan_start      date NOT NULL,
        plan_end        date NOT NULL,
        milestones      date[] NOT NULL DEFAULT '{}',
        source_text     text NOT NULL,
        import_warnings jsonb NOT NULL DEFAULT '[]',
        imported_at     timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT plans_jurisdiction_content_hash_key UNIQUE (jurisdiction, content_hash),
        CHECK (plan_start <= plan_end)
      )`);
    await q.query(`
      CREATE TABLE sections (
        id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        plan_id  bigint NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
        position int NOT NULL,
        title    text NOT NULL,
        line     int NOT NULL,
        CONSTRAINT sections_plan_position_key UNIQUE (plan_id, position)
      )`);
    await q.query(`
      CREATE TABLE work_items (
        id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        plan_id    bigint NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
        section_id bigint NOT NULL REFERENCES sections (id) ON DELETE CASCADE,
        position   int NOT NULL,
        title      text NOT NULL,
        line       int NOT NULL,
        CONSTRAINT work_items_section_position_key UNIQUE (section_id, position)
      )`);
    await q.query(`CREATE INDEX work_items_plan_idx ON work_items (plan_id)`);

    await q.query(`
      CREATE TABLE tasks (
        id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        plan_id          bigint NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
        section_id       bigint NOT NULL REFERENCES sections (id) ON DELETE CASCADE,
        work_item_id     bigint NOT NULL REFERENCES work_items (id) ON DELETE CASCADE,
        seq              int NOT NULL,
        text             text NOT NULL,
        lead_text        text NOT NULL,
        support_text     text NOT NULL,
        deadline_text    text,
        line             int NOT NULL,
        state            text NOT NULL DEFAULT 'assigned'
                         CHECK (state IN ('assigned','in_progress','self_assessed','inspected','rectify','closed')),
        snapshot         jsonb,
        version          int NOT NULL DEFAULT 0 CHECK (version >= 0),
        due_on           date NOT NULL,
        recurrence       text CHECK (recurrence IN ('annual','quarterly','monthly','daily')),
        overdue          boolean NOT NULL DEFAULT false,
        escalation_level smallint NOT NULL DEFAULT 0 CHECK (escalation_level >= 0),
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT tasks_plan_seq_key UNIQUE (plan_id, seq)
      )`);
    await q.query(`CREATE INDEX tasks_work_item_idx ON tasks (work_item_id)`);
    await q.query(`CREATE INDEX tasks_section_idx ON tasks (section_id)`);
    await q.query(`CREATE INDEX tasks_open_due_idx ON tasks (due_on, id) WHERE state <> 'closed'`);

    await q.query(`
      CREATE TABLE task_units (
        task_id      bigint NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
        unit_id      bigint NOT NULL REFERENCES units (id),
        role         text NOT NULL CHECK (role IN ('lead','support')),
        via_group_id bigint REFERENCES units (id),
        position     smallint NOT NULL,
        PRIMARY KEY (task_id, unit_id)
      )`);
    await q.query(`CREATE INDEX task_units_unit_role_task_idx ON task_units (unit_id, role, task_id)`);

    await q.query(`
      CREATE TABLE task_milestones (
        id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        task_id bigint NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
        due_on  date NOT NULL,
        clause  text NOT NULL,
        CONSTRAINT task_milestones_task_due_key UNIQUE (task_id, due_on)
      )`);
    await q.query(`CREATE INDEX task_milestones_due_idx ON task_milestones (due_on)`);

    await q.query(`
      CREATE TABLE targets (
        id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        task_id    bigint NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
        position   smallint NOT NULL,
        indicator  text NOT NULL,
        comparator text NOT NULL CHECK (comparator IN ('>=','<=','>','<','=')),
        value      numeric(20,6) NOT NULL,
        unit       text NOT NULL,
        measure    text NOT NULL CHECK (measure IN ('level','decrease','increase')),
        period     text CHECK (period IN ('annual','quarterly','monthly','daily')),
        by_date    date,
        clause     text NOT NULL,
        CONSTRAINT targets_task_position_key UNIQUE (task_id, position)
      )`);

    await q.query(`
      CREATE TABLE users (
        id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        username      text NOT NULL CHECK (username ~ '^[A-Za-z0-9_.-]{1,64}$'),
        password_hash text NOT NULL,
        unit_id       bigint REFERENCES units (id),
        roles         text[] NOT NULL CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['admin','inspector','officer','viewer']),
        disabled      boolean NOT NULL DEFAULT false,
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX users_username_key ON users (lower(username))`);
    await q.query(`CREATE INDEX users_unit_idx ON users (unit_id)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of ['users', 'targets', 'task_milestones', 'task_units', 'tasks', 'work_items', 'sections', 'plans', 'unit_memberships', 'units']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
