import type { Client } from 'pg';
import { FILL_TASK_SERVES_PARENT_SQL } from '@duban/persistence';
import { type CascadeScale, JURISDICTION, SUPPORTS_PER_TASK } from './scale';

/** 鄂尔多斯市's nine banners and districts, whose governments are units of the city's catalogue */
const BANNERS = ['东胜区', '康巴什区', '达拉特旗', '准格尔旗', '鄂托克前旗', '鄂托克旗', '杭锦旗', '乌审旗', '伊金霍洛旗'];
/** departments of a banner's or county's own catalogue: the first nine are its plan's responsible units, the rest its leads */
const LOWER_DEPARTMENTS = 20;

interface UnitRow {
  jurisdiction: string;
  name: string;
  kind: 'banner_government' | 'department';
}

/**
 * A cascade plan as the generator fills it: its task count, the plan it serves, and its unit pool. `rotate`: the
 * lead is the pool's ((seq − 1) mod 10)-th unit and the nine others responsible (a province city's county
 * governments); otherwise units 1..9 are responsible for every task and the lead is one of the rest by hash.
 */
interface CascadePlan {
  jurisdiction: string;
  name: string;
  tasks: number;
  parent: number | null;
  rotate: boolean;
  pool: string[];
}

export interface CascadeLayout {
  units: UnitRow[];
  jurisdictions: { name: string; parent: string | null; government: string | null }[];
  plans: CascadePlan[];
}

/**
 * The cascade's units (ids from `firstUnitId` on, as a fresh identity gives them), jurisdictions and plans (the
 * parent's index in `plans`). `cityDepartments`: ids of the city's departments that lead the city plan's tasks.
 */
export function cascadeLayout(scale: CascadeScale, firstUnitId: number, cityDepartments: string[]): CascadeLayout {
  const units: UnitRow[] = [];
  const add = (unit: UnitRow): string => {
    units.push(unit);
    return String(firstUnitId + units.length - 1);
  };
  const departments = (jurisdiction: string) =>
    Array.from({ length: LOWER_DEPARTMENTS }, (_, k) => add({ jurisdiction, name: `${jurisdiction}基准单位${k + 1}`, kind: 'department' }));
  const jurisdictions: CascadeLayout['jurisdictions'] = [{ name: JURISDICTION, parent: null, government: null }];
  const plans: CascadePlan[] = [];

  // the city plan: the nine banner governments responsible for every task, a city department leading each
  const governments = BANNERS.map((banner) => add({ jurisdiction: JURISDICTION, name: `${banner}人民政府`, kind: 'banner_government' }));
  plans.push({
    jurisdiction: JURISDICTION,
    name: '市级重点任务（级联基准）',
    tasks: scale.cityTasks,
    parent: null,
    rotate: false,
    pool: [...governments, ...cityDepartments],
  });
  BANNERS.forEach((banner, i) => {
    jurisdictions.push({ name: banner, parent: JURISDICTION, government: governments[i] });
    const pool = departments(banner);
    plans.push({
      jurisdiction: banner,
      name: `${banner}分解落实市级重点任务`,
      tasks: scale.cityTasks * scale.childrenPerCityTask,
      parent: 0,
      rotate: false,
      pool,
    });
  });

  // the province: each city's county governments lead its tasks in turn, the nine others responsible
  for (let c = 1; c <= scale.provinceCities; c++) {
    const city = `基准市${c}`;
    jurisdictions.push({ name: city, parent: null, government: null });
    const counties = Array.from({ length: scale.countiesPerCity }, (_, k) => `${city}基准县${k + 1}`);
    const countyGovernments = counties.map((county) => add({ jurisdiction: city, name: `${county}人民政府`, kind: 'banner_government' }));
    const cityPlan = plans.length;
    plans.push({ jurisdiction: city, name: `${city}重点任务`, tasks: scale.provinceCityTasks, parent: null, rotate: true, pool: countyGovernments });
    counties.forEach((county, k) => {
      jurisdictions.push({ name: county, parent: city, government: countyGovernments[k] });
      plans.push({
        jurisdiction: county,
        name: `${county}分解落实${city}重点任务`,
        tasks: scale.countyTasks,
        parent: cityPlan,
        rotate: false,
        pool: departments(county),
      });
    });
  }
  return { units, jurisdictions, plans };
}

/** Inserts the layout's units (one officer each), jurisdictions and plans; answers the plans' ids in order. */
export async function insertCascadeStructure(
  client: Client,
  layout: CascadeLayout,
  passwordHash: string,
  step: (label: string, sql: string, params?: unknown[]) => Promise<void>,
): Promise<string[]> {
  await step(
    'cascade units',
    `INSERT INTO units (jurisdiction, name, kind) SELECT j, n, k FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS x(j, n, k, o) ORDER BY o`,
    [layout.units.map((u) => u.jurisdiction), layout.units.map((u) => u.name), layout.units.map((u) => u.kind)],
  );
  await step(
    'cascade officers',
    `INSERT INTO users (username, password_hash, unit_id, roles)
     SELECT 'bench-u' || u.id, $1, u.id, ARRAY['officer'] FROM units u WHERE NOT EXISTS (SELECT 1 FROM users s WHERE s.unit_id = u.id) ORDER BY u.id`,
    [passwordHash],
  );
  await step(
    'jurisdictions',
    `INSERT INTO jurisdictions (name, parent, government_unit_id) SELECT n, p, g FROM unnest($1::text[], $2::text[], $3::bigint[]) WITH ORDINALITY AS x(n, p, g, o) ORDER BY o`,
    [layout.jurisdictions.map((j) => j.name), layout.jurisdictions.map((j) => j.parent), layout.jurisdictions.map((j) => j.government)],
  );
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO plans (jurisdiction, name, content_hash, format, plan_start, plan_end, milestones, source_text)
     SELECT j, n, 'bench-cascade-' || o, 'tsv', '2026-01-01', '2028-06-30', ARRAY['2026-12-31'::date, '2027-06-30'::date], ''
       FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS x(j, n, o) ORDER BY o RETURNING id::text`,
    [layout.plans.map((p) => p.jurisdiction), layout.plans.map((p) => p.name)],
  );
  const ids = rows.map((row) => row.id).sort((a, b) => Number(a) - Number(b));
  // what the generator's SQL reads of each plan: its size, the plan it serves and its unit pool
  await client.query(
    `CREATE TEMP TABLE bench_cascade AS
     SELECT x.plan_id::bigint, x.tasks::int, x.parent_plan_id::bigint, x.rotate::boolean, string_to_array(x.pool, ',')::bigint[] AS pool, 0 AS parent_tasks
       FROM unnest($1::bigint[], $2::int[], $3::bigint[], $4::boolean[], $5::text[]) AS x(plan_id, tasks, parent_plan_id, rotate, pool)`,
    [
      ids,
      layout.plans.map((p) => p.tasks),
      layout.plans.map((p) => (p.parent === null ? null : ids[p.parent])),
      layout.plans.map((p) => p.rotate),
      layout.plans.map((p) => p.pool.join(',')),
    ],
  );
  // the parent plan's own task count, for the seq each child task serves
  await client.query(`UPDATE bench_cascade c SET parent_tasks = p.tasks FROM bench_cascade p WHERE p.plan_id = c.parent_plan_id`);
  return ids;
}

/**
 * The cascade's tasks' units and links, once their tasks exist (inserted with the others'): the lead and nine responsible
 * units of the plan's pool, and each child task's link to the parent task of seq ((seq − 1) mod parent's tasks) + 1, the
 * child plan naming those parent tasks (parent_plan_id, parent_task_ids) as `POST /plans` records them.
 */
export async function linkCascadeTasks(step: (label: string, sql: string, params?: unknown[]) => Promise<void>): Promise<void> {
  await step(
    'cascade task units',
    `INSERT INTO task_units (task_id, unit_id, role, position)
     SELECT t.id, c.pool[i], CASE WHEN i = l.lead_at THEN 'lead' ELSE 'support' END,
            CASE WHEN i = l.lead_at THEN 0 WHEN i > l.lead_at THEN i - 1 ELSE i END
       FROM tasks t JOIN bench_cascade c ON c.plan_id = t.plan_id
      CROSS JOIN LATERAL (SELECT CASE WHEN c.rotate THEN (t.seq - 1) % ($1::int + 1) + 1
                                      ELSE $1::int + 1 + ((t.id * 7919) % (cardinality(c.pool) - $1::int))::int END AS lead_at) l
      CROSS JOIN generate_series(1, cardinality(c.pool)) i
      WHERE i = l.lead_at OR i <= (CASE WHEN c.rotate THEN $1::int + 1 ELSE $1::int END)
      ORDER BY t.id, i`,
    [SUPPORTS_PER_TASK],
  );
  await step(
    'task parent links',
    // with the child's facts as TaskParentLinkStore copies them (percent and indicators once they are generated)
    `INSERT INTO task_parent_links (task_id, parent_task_id, plan_id, seq, state, overdue, due_on)
     SELECT t.id, p.id, t.plan_id, t.seq, t.state, t.overdue, t.due_on FROM tasks t JOIN bench_cascade c ON c.plan_id = t.plan_id
       JOIN tasks p ON p.plan_id = c.parent_plan_id AND p.seq = (t.seq - 1) % NULLIF(c.parent_tasks, 0) + 1
      ORDER BY t.id`,
  );
  // the links of tasks that serve a parent marked so, as TaskLinksStore marks them when TaskParentLinkStore links a task
  await step('links serving a parent', FILL_TASK_SERVES_PARENT_SQL);
  await step(
    'child plans’ parents',
    `UPDATE plans p SET parent_plan_id = c.parent_plan_id,
            parent_task_ids = ARRAY(SELECT DISTINCT l.parent_task_id FROM tasks t JOIN task_parent_links l ON l.task_id = t.id WHERE t.plan_id = p.id ORDER BY 1)
       FROM bench_cascade c WHERE c.plan_id = p.id AND c.parent_plan_id IS NOT NULL`,
  );
}
