import { performance } from 'node:perf_hooks';
import { hash } from '@node-rs/argon2';
import { TASK_STATES, taskSnapshotAt } from '@duban/domain';
import {
  FILL_INBOX_COUNT_DELTAS_SQL,
  FILL_PARENT_LINK_CHILD_COUNTS_SQL,
  FILL_PARENT_LINK_FACTS_SQL,
  FILL_PARENT_LINK_TEXTS_SQL,
  FILL_SEARCH_UNIT_ACTIVITY_SQL,
  FILL_TASK_LIST_UNITS_SQL,
  FILL_TASK_PROGRESS_SQL,
} from '@duban/persistence';
import { connectGenerator, inChunks } from './chunks';
import { cascadeLayout, insertCascadeStructure, linkCascadeTasks } from './cascade';
import { BENCH_PASSWORD, cascadeScale, type DatasetScale, GENERATOR_VERSION, JURISDICTION, SUPPORTS_PER_TASK } from './scale';

/** the generated due days spread over these two years around the bench's today */
const FIRST_DUE_DAY = '2026-06-01';
const DUE_SPREAD_DAYS = 730;
/** share of tasks (out of 100, by a hash of the id) in each state */
const STATE_SHARES: [string, number][] = [
  ['assigned', 20],
  ['in_progress', 40],
  ['self_assessed', 12],
  ['inspected', 5],
  ['rectify', 5],
  ['closed', 18],
];

/** `CASE <hash> … END` choosing a state by STATE_SHARES from a 0..99 expression. */
function stateCase(bucket: string): string {
  let upTo = 0;
  const arms = STATE_SHARES.map(([state, share]) => {
    upTo += share;
    return `WHEN ${bucket} < ${upTo} THEN '${state}'`;
  });
  return `(CASE ${arms.join(' ')} END)`;
}

/** The generated state, due day and overdue flag of a task from a hash `h` of it (its id for the plans of BENCH_TASKS). */
function stateAndDue(h: string): string {
  return `CROSS JOIN LATERAL (SELECT ((${h} * 2654435761) % 100)::int AS bucket, ($1::date + ((${h} * 7919) % $2::int)::int) AS due_on, ${h} % 2 = 0 AS even) hd
          CROSS JOIN LATERAL (SELECT ${stateCase('hd.bucket')} AS state) st`;
}

/** the columns of a generated task (parameters $1..$4: first due day, spread, snapshots, version) after plan, section, work item and seq, from stateAndDue's */
const TASK_COLUMNS = `'第' || seq_no || '项：推进重点领域工作，建立健全长效机制，按期完成年度目标任务。', '基准单位', '各旗（区）人民政府', seq_no + 1,
       st.state, ($3::jsonb) -> st.state, $4::int, hd.due_on,
       st.state <> 'closed' AND hd.due_on < '2026-12-01' AND hd.even, CASE WHEN st.state <> 'closed' AND hd.due_on < '2026-12-01' AND hd.even THEN 1 ELSE 0 END,
       '2026-01-01'::timestamptz, '2026-01-01'::timestamptz`;
const TASK_INSERT = `INSERT INTO tasks (plan_id, section_id, work_item_id, seq, text, lead_text, support_text, line, state, snapshot, version, due_on, overdue, escalation_level, created_at, updated_at)`;

/** Fills the fresh database at `databaseUrl` table by table, set-based, then records the scale in `bench_dataset`. */
export async function generate(databaseUrl: string, scale: DatasetScale, log: (line: string) => void): Promise<void> {
  const client = await connectGenerator(databaseUrl);
  const step = async (label: string, sql: string, params: unknown[] = []) => {
    const started = performance.now();
    const result = await client.query(sql, params);
    log(`  ${label}: ${result.rowCount ?? 0} rows in ${((performance.now() - started) / 1_000).toFixed(1)} s`);
  };
  try {
    // the search's GIN indexes are built once over the generated rows, not row by row (as the migration defines them)
    const searchIndexes = await client.query<{ indexdef: string; indexname: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND indexname LIKE '%\\_search\\_idx'`,
    );
    for (const { indexname } of searchIndexes.rows) await client.query(`DROP INDEX ${indexname}`);
    const { units, tasks, eventsPerTask, plans } = scale;
    const perPlan = Math.ceil(tasks / plans);
    if (units < SUPPORTS_PER_TASK + 3)
      throw new Error(`BENCH_UNITS must be at least ${SUPPORTS_PER_TASK + 3}: a lead and nine responsible departments per task`);
    const cascade = cascadeScale(scale);
    const passwordHash = await hash(BENCH_PASSWORD);
    const snapshots = Object.fromEntries(TASK_STATES.map((state) => [state, taskSnapshotAt(state)]));
    log(`generating ${tasks} tasks, ${units} units, ${tasks * eventsPerTask} audit events, ${plans} plans in ${databaseUrl}`);

    // unit 1 is the supervision office (the inspectors' unit); units 2..U are departments with one officer each
    await step(
      'units',
      `INSERT INTO units (jurisdiction, name, kind) SELECT $1, CASE WHEN g = 1 THEN '市委督查室' ELSE '基准单位' || g END, CASE WHEN g = 1 THEN 'supervision' ELSE 'department' END FROM generate_series(1, $2::int) g ORDER BY g`,
      [JURISDICTION, units],
    );
    const { rows: first } = await client.query<{ min: string; max: string }>(`SELECT min(id)::text AS min, max(id)::text AS max FROM units`);
    if (first[0].min !== '1' || Number(first[0].max) !== units) throw new Error('the generator expects unit ids 1..U in a fresh database');
    await step(
      'users',
      `INSERT INTO users (username, password_hash, unit_id, roles)
       SELECT 'bench-admin', $1, NULL, ARRAY['admin'] UNION ALL
       SELECT 'bench-inspector', $1, 1, ARRAY['inspector'] UNION ALL
       SELECT 'bench-u' || g, $1, g, ARRAY['officer'] FROM generate_series(2, $2::int) g`,
      [passwordHash, units],
    );
    await step(
      'plans',
      `INSERT INTO plans (jurisdiction, name, content_hash, format, plan_start, plan_end, milestones, source_text)
       SELECT $1, '基准计划' || g, 'bench-' || g, 'tsv', '2026-01-01', '2028-06-30', ARRAY['2026-12-31'::date, '2027-06-30'::date], '' FROM generate_series(1, $2::int) g ORDER BY g`,
      [JURISDICTION, plans],
    );
    // the cascade's units, officers, jurisdictions and plans after those of BENCH_TASKS (their ids 1..U and 1..P stay)
    const layout = cascadeLayout(
      cascade,
      units + 1,
      Array.from({ length: 20 }, (_, k) => String(2 + ((k * 97) % (units - 1)))),
    );
    const cascadePlanIds = await insertCascadeStructure(client, layout, passwordHash, step);
    const { rows: ids } = await client.query<{ units: string; plans: string }>(
      `SELECT (SELECT max(id) FROM units)::text AS units, (SELECT min(id) FROM plans WHERE content_hash LIKE 'bench-cascade-%')::text AS plans`,
    );
    if (Number(ids[0].units) !== units + layout.units.length || Number(ids[0].plans) !== plans + 1) throw new Error('the generator expects fresh ids');
    log(
      `  cascade: ${layout.plans.length} plans (${cascadePlanIds[0]}..${cascadePlanIds.at(-1)}), ${layout.units.length} units, ${layout.jurisdictions.length} jurisdictions`,
    );
    await step(
      'sections',
      `INSERT INTO sections (plan_id, position, title, line) SELECT p.id, s, '第' || s || '部分', s FROM plans p CROSS JOIN generate_series(1, 10) s ORDER BY p.id, s`,
    );
    await step(
      'work items',
      `INSERT INTO work_items (plan_id, section_id, position, title, line) SELECT plan_id, id, 1, '工作内容' || position, line FROM sections ORDER BY id`,
    );
    const taskParams = [FIRST_DUE_DAY, DUE_SPREAD_DAYS, JSON.stringify(snapshots), eventsPerTask];
    // the tasks of BENCH_TASKS' plans (1..P): contiguous ids 1..N by plan, as an import writes them; the state and due day from hashes of the id
    await step(
      'tasks',
      `WITH g AS (SELECT g::bigint AS g, (g - 1) / $6::int + 1 AS plan_id, (g - 1) % $6::int + 1 AS seq_no FROM generate_series(1, $5::int) g)
       ${TASK_INSERT}
       SELECT g.plan_id, s.id, w.id, g.seq_no, ${TASK_COLUMNS}
         FROM g ${stateAndDue('g.g')}
         JOIN sections s ON s.plan_id = g.plan_id AND s.position = ((g.seq_no - 1) * 10 / $6::int) + 1
         JOIN work_items w ON w.section_id = s.id
        ORDER BY g.g`,
      [...taskParams, tasks, perPlan],
    );
    // then the cascade's, plan by plan, hashed by plan and seq (mixed: the seqs serving one city task are 45 apart)
    await step(
      'cascade tasks',
      `${TASK_INSERT}
       SELECT c.plan_id, s.id, w.id, k.seq_no, ${TASK_COLUMNS}
         FROM bench_cascade c CROSS JOIN LATERAL generate_series(1, c.tasks) k(seq_no)
         ${stateAndDue('abs(hashint8(c.plan_id * 100003 + k.seq_no))::bigint')}
         JOIN sections s ON s.plan_id = c.plan_id AND s.position = ((k.seq_no - 1) * 10 / c.tasks) + 1
         JOIN work_items w ON w.section_id = s.id
        ORDER BY c.plan_id, k.seq_no`,
      taskParams,
    );
    // a lead and nine responsible departments per task. A plan's nine are shared by all its tasks, as a city's nine banner
    // governments are responsible for all of the city's (benchmarks.notes.md says why): the block of nine departments
    // (2..U, in turn) from 9 × (plan − 1); the lead by hash among the other departments
    const block = `(($2::int * (t.plan_id - 1)) % ($1::int - 1))`;
    await step(
      'task units',
      `INSERT INTO task_units (task_id, unit_id, role, position)
       SELECT t.id, 2 + (${block} + x.offset_in) % ($1::int - 1), x.role, x.position FROM tasks t
        CROSS JOIN LATERAL (SELECT $2::int + (t.id * 7919) % ($1::int - 1 - $2::int) AS offset_in, 'lead' AS role, 0 AS position
                            UNION ALL SELECT j - 1, 'support', j FROM generate_series(1, $2::int) j) x
        WHERE t.plan_id <= $3::int
        ORDER BY t.id, x.position`,
      [units, SUPPORTS_PER_TASK, plans],
    );
    await linkCascadeTasks(step);
    // the task list's precomputed units, as TaskLinksStore writes them with the links (a fresh dataset's migrations ran on empty tables)
    await step('task list units', FILL_TASK_LIST_UNITS_SQL);
    // the audit trail, E events per task (seq 1..E = version), by chunks of task ids
    const { rows: last } = await client.query<{ max: string }>(`SELECT max(id)::text AS max FROM tasks`);
    const allTasks = { last: Number(last[0].max), size: 50_000 };
    await inChunks(
      databaseUrl,
      'task events',
      log,
      allTasks,
      `INSERT INTO task_events (task_id, seq, type, from_state, to_state, actor_kind, actor_user_id, actor_unit_id, payload, at)
         SELECT t.id, e, ev.type, ev.from_state, ev.to_state, ev.actor_kind,
                CASE WHEN ev.actor_kind = 'user' THEN u.id END, CASE WHEN ev.actor_kind = 'user' THEN tu.unit_id END, ev.payload,
                '2026-01-01'::timestamptz + e * interval '1 day'
           FROM tasks t
           JOIN task_units tu ON tu.task_id = t.id AND tu.role = 'lead'
           JOIN users u ON u.unit_id = tu.unit_id
          CROSS JOIN generate_series(1, $3::int) e
          CROSS JOIN LATERAL (SELECT
                 CASE WHEN t.state = 'assigned' THEN 'REMINDER' WHEN e = 1 THEN 'START' ELSE 'REPORT_PROGRESS' END AS type,
                 CASE WHEN t.state = 'assigned' THEN 'assigned' WHEN e = 1 THEN 'assigned' ELSE 'in_progress' END AS from_state,
                 CASE WHEN t.state = 'assigned' THEN 'assigned' ELSE 'in_progress' END AS to_state,
                 CASE WHEN t.state = 'assigned' THEN 'system' ELSE 'user' END AS actor_kind,
                 CASE WHEN t.state = 'assigned' THEN jsonb_build_object('offsetDays', 7, 'dueOn', t.due_on)
                      WHEN e = 1 THEN '{}'::jsonb
                      ELSE jsonb_build_object('percent', least(95, e * 9), 'summary', '按计划推进，第' || e || '次报送进展。') END AS payload) ev
          WHERE t.id BETWEEN $1 AND $2
          ORDER BY t.id, e`,
      [eventsPerTask],
    );
    // each task's newest progress report's percent, as TaskStore keeps it with the event (the roll-up reads it)
    await step('task progress', FILL_TASK_PROGRESS_SQL);
    // the links' copies of their children's percent, as the facts' writers keep them (TaskStore)
    await step('child facts on parent links', FILL_PARENT_LINK_FACTS_SQL);
    await step('child counts on parent links', FILL_PARENT_LINK_CHILD_COUNTS_SQL);
    await step('child texts and lead units on parent links', FILL_PARENT_LINK_TEXTS_SQL);
    const title = (kind: string) => `'${kind}：第' || t.seq || '项 ' || left(t.text, 30)`;
    // open items as the inbox policy expects them (rectify tasks have no orders here: only their contribute items)
    await step(
      'inbox: open actions',
      `INSERT INTO inbox_items (unit_id, kind, task_id, title, due_on, status, created_at, read_at)
       SELECT x.unit_id, x.kind, t.id, x.kind || '：第' || t.seq || '项 ' || left(t.text, 30), t.due_on, 'open', '2026-01-02'::timestamptz,
              CASE WHEN t.id % 3 = 0 THEN '2026-01-03'::timestamptz END
         FROM tasks t
         JOIN task_units tu ON tu.task_id = t.id
        CROSS JOIN LATERAL (SELECT CASE
                 WHEN tu.role = 'lead' AND t.state = 'assigned' THEN 'start_task'
                 WHEN tu.role = 'lead' AND t.state = 'in_progress' THEN 'self_assess'
                 WHEN tu.role = 'support' AND t.state IN ('in_progress', 'rectify') THEN 'contribute' END AS kind, tu.unit_id) x
        WHERE x.kind IS NOT NULL
       UNION ALL
       SELECT 1, 'inspect', t.id, ${title('inspect')}, t.due_on, 'open', '2026-01-02'::timestamptz, NULL
         FROM tasks t WHERE t.state IN ('self_assessed', 'inspected')`,
    );
    await step(
      'inbox: done history',
      `INSERT INTO inbox_items (unit_id, kind, task_id, title, due_on, status, created_at, done_at, read_at)
       SELECT tu.unit_id, k.kind, t.id, k.kind || '：第' || t.seq || '项 ' || left(t.text, 30), t.due_on, 'done',
              '2026-01-02'::timestamptz, '2026-01-02'::timestamptz + (t.id % 300) * interval '1 day' + k.n * interval '1 hour', '2026-01-03'::timestamptz
         FROM tasks t JOIN task_units tu ON tu.task_id = t.id AND tu.role = 'lead'
        CROSS JOIN LATERAL (VALUES ('start_task', 1), ('self_assess', 2)) AS k(kind, n)
        WHERE t.state <> 'assigned' AND (k.kind = 'start_task' OR t.state NOT IN ('in_progress'))`,
    );
    await step(
      'inbox: notices',
      `INSERT INTO inbox_items (unit_id, kind, task_id, title, due_on, status, payload, created_at, read_at)
       SELECT tu.unit_id, 'notice', t.id, '【提醒】第' || t.seq || '项将于' || t.due_on || '到期', t.due_on, 'open', '{"step": "remind"}'::jsonb,
              '2026-02-01'::timestamptz + (t.id % 200) * interval '1 day', CASE WHEN t.id % 2 = 0 THEN '2026-09-01'::timestamptz END
         FROM tasks t JOIN task_units tu ON tu.task_id = t.id AND tu.role = 'lead'
        WHERE t.state <> 'closed'`,
    );
    // the inbox's counts as InboxStore would have appended them: one settled row per unit and due day with open items
    await step('inbox count deltas', FILL_INBOX_COUNT_DELTAS_SQL);
    // 协办: each support unit's contribution of the quarter before the bench's today, a quarter of them still due (one quarter
    // only, so that the whole dataset fits in this machine's page cache: bench/benchmarks.notes.md, "The dataset")
    await inChunks(
      databaseUrl,
      'contributions',
      log,
      allTasks,
      `INSERT INTO contributions (task_id, unit_id, period_end, due_on, term_ends_at, status, summary, submitted_by, submitted_at, created_at, updated_at)
       SELECT t.id, tu.unit_id, p.period_end, p.due_on, (p.due_on + 1)::timestamptz, st.status,
              CASE WHEN st.status = 'submitted' THEN '配合开展第' || p.n || '季度工作，完成年度任务。' END,
              CASE WHEN st.status = 'submitted' THEN u.id END, CASE WHEN st.status = 'submitted' THEN p.due_on::timestamptz - interval '2 days' END,
              p.period_end::timestamptz, p.due_on::timestamptz
         FROM tasks t JOIN task_units tu ON tu.task_id = t.id AND tu.role = 'support' JOIN users u ON u.unit_id = tu.unit_id
        CROSS JOIN (VALUES (2, '2026-06-30'::date, '2026-07-13'::date)) AS p(n, period_end, due_on)
        CROSS JOIN LATERAL (SELECT CASE WHEN p.n = 2 AND t.id % 4 = 0 THEN 'due' ELSE 'submitted' END AS status) st
        WHERE t.state <> 'assigned' AND t.id BETWEEN $1 AND $2
        ORDER BY t.id, p.n`,
      [],
    );
    await step(
      'timers',
      `INSERT INTO timers (kind, task_id, due_at, payload, created_at)
       SELECT 'task_reminder', t.id, (t.due_on - 7)::timestamptz + interval '1 hour', jsonb_build_object('offsetDays', 7, 'dueOn', t.due_on), '2026-01-01'::timestamptz
         FROM tasks t WHERE t.state <> 'closed' AND t.due_on - 7 > '2027-01-15'::date`,
    );
    for (const { indexname, indexdef } of searchIndexes.rows) await step(`index ${indexname}`, indexdef);
    // the units' search activity as the worker keeps it, every generated event reflected (nothing else writes meanwhile)
    const { rows: events } = await client.query<{ max: string }>(`SELECT COALESCE(max(id), 0)::text AS max FROM task_events`);
    await step('search unit activity', FILL_SEARCH_UNIT_ACTIVITY_SQL, [events[0].max]);
    await step('search activity watermark', `UPDATE search_activity_watermark SET watermark = $1, pending_upto = $1, pending_vxids = '{}'`, [events[0].max]);
    const started2 = performance.now();
    await client.query('VACUUM (ANALYZE)');
    log(`  vacuum analyze: ${((performance.now() - started2) / 1_000).toFixed(1)} s`);
    await client.query(
      `CREATE TABLE bench_dataset (tasks int NOT NULL, units int NOT NULL, events_per_task int NOT NULL, plans int NOT NULL, generator int NOT NULL, generated_at timestamptz NOT NULL DEFAULT now())`,
    );
    await client.query(`INSERT INTO bench_dataset (tasks, units, events_per_task, plans, generator) VALUES ($1, $2, $3, $4, $5)`, [
      tasks,
      units,
      eventsPerTask,
      plans,
      GENERATOR_VERSION,
    ]);
  } finally {
    await client.end();
  }
}
