import 'reflect-metadata';
import { Client } from 'pg';
import type { AuthenticatedUser } from '@duban/auth';
import { loadConfig } from '@duban/config';
import { SystemClock } from '@duban/clock';
import { ProgressReportService, ReportScopeService } from '@duban/reports';
import { JurisdictionTreeCache, type RollupAsk, TaskRollupService } from '@duban/tasks';
import { gitState, report, versions } from './bench-support';
import { sqlLoad } from './load-drivers';
import { intList, positiveInt } from './settings';
import { loginAll } from './officers';
import { roundRobinHttp } from './process-usage';
import { withApi } from './api-run';
import { answeredBy, type CapturedQuery, captureSql, type Comparison, compareRuns, comparisonRows, runCaptured } from './compare';
import { explain } from './explain';
import { JURISDICTION } from './dataset/scale';

/**
 * The cascade's reads (issue 20) through the compiled api under autocannon, each against a ceiling of the
 * statements the request runs (captured from the services, answered by the database) through bare `pg`:
 * - what the console's tree asks of a task of 鄂尔多斯市's plan (nine banner branches of 20 child tasks each), by the
 *   task's lead department's officer (a unit of the city: it sees every branch): the branches' figures
 *   (`GET /tasks/:id/rollup?tasks=none`), and a branch opened (`?branch=`, each task's banners in turn);
 * - the whole roll-up of such a task (every branch with its tasks, what an API client gets without asking less);
 * - `GET /tasks/:id/rollup` of a task of a province city's plan (ten county branches), asked by the inspector
 *   (the lead there is a county's government, which sees its own branch only);
 * - the city's dashboard: `GET /reports/progress?planId=` of 鄂尔多斯市's plan (what the console's dashboard asks);
 * - the floor: `GET /health` (one `SELECT 1`, one Redis PING, no session), the least any request costs through the api,
 *   at the same clients on the same machine: what p99 the machine leaves to the goal before a request does any work.
 * Goal: the task list's, p99 ≤ 20 ms at 8 clients.
 *
 * BENCH_CASCADE_CLIENTS (default 8), BENCH_LOGIN_USERS (the city tasks' lead officers logged in, default all),
 * BENCH_CASCADE_SCENARIOS (the first words of the scenarios to run, comma-separated: `figures of a city`; default all),
 * BENCH_RUNS, BENCH_SECONDS, BENCH_WARMUP_SECONDS; the dataset as in dataset.ts.
 */
const CLIENTS = intList('BENCH_CASCADE_CLIENTS', [8]);
/** the city's lead officers logged in (their tasks are asked): all 20 by default, fewer in the smoke run */
const LOGINS = positiveInt('BENCH_LOGIN_USERS', 200);
const GOAL_P99_MS = 20;

interface Ask {
  path: string;
  token: string;
  statements: CapturedQuery[];
}

interface Scenario {
  name: string;
  asks: Ask[];
}

interface Asker {
  user: AuthenticatedUser;
  token: string;
}

async function main(): Promise<void> {
  await withApi('cascade', async ({ settings, dataset, env, api }) => {
    const db = new Client({ connectionString: dataset.databaseUrl, application_name: 'duban-bench' });
    await db.connect();
    try {
      const config = loadConfig(env);
      const clock = new SystemClock();
      // one copy of the jurisdictions' tree for every capture, as the api keeps one: the first capture reads the tree's rows,
      // the others (all the asks, captured after the warm-up below) its version only
      const trees = new JurisdictionTreeCache();
      const rollupStatements = (user: AuthenticatedUser, taskId: string, ask?: RollupAsk) =>
        captureSql((dataSource) => new TaskRollupService(dataSource, config, clock, trees).rollup(taskId, user, ask), answeredBy(db));

      // 鄂尔多斯市's plan: the one of its jurisdiction whose tasks the banners' plans serve
      const { rows: allCityTasks } = await db.query<{ id: string; plan_id: string; unit_id: string; user_id: string; username: string }>(
        `SELECT t.id::text, t.plan_id::text, tu.unit_id::text, u.id::text AS user_id, u.username
           FROM tasks t JOIN plans p ON p.id = t.plan_id JOIN task_units tu ON tu.task_id = t.id AND tu.role = 'lead' JOIN users u ON u.unit_id = tu.unit_id
          WHERE p.jurisdiction = $1 AND EXISTS (SELECT 1 FROM plans c WHERE c.parent_plan_id = p.id) ORDER BY t.id`,
        [JURISDICTION],
      );
      // the province cities' tasks with children (a county's plan serves each)
      const { rows: provinceTasks } = await db.query<{ id: string }>(
        `SELECT t.id::text FROM tasks t JOIN plans p ON p.id = t.plan_id
          WHERE p.jurisdiction <> $1 AND p.parent_plan_id IS NULL AND EXISTS (SELECT 1 FROM task_parent_links l WHERE l.parent_task_id = t.id) ORDER BY t.id`,
        [JURISDICTION],
      );
      const leads = new Set([...new Set(allCityTasks.map((task) => task.username))].slice(0, LOGINS));
      const cityTasks = allCityTasks.filter((task) => leads.has(task.username));
      if (cityTasks.length === 0 || provinceTasks.length === 0) throw new Error('the dataset has no cascade: regenerate it (generator 5 or later)');
      const tokens = await loginAll(api.baseUrl, ['bench-inspector', ...leads], dataset.password);
      const { rows: inspectorRows } = await db.query<{ id: string; unit_id: string }>(
        `SELECT id::text, unit_id::text FROM users WHERE username = 'bench-inspector'`,
      );
      const inspector: Asker = {
        user: { id: inspectorRows[0].id, username: 'bench-inspector', unitId: inspectorRows[0].unit_id, roles: ['inspector'] },
        token: tokens.get('bench-inspector') as string,
      };

      await rollupStatements(inspector.user, cityTasks[0].id); // the warm-up: the tree's copy taken
      const { rows: banners } = await db.query<{ name: string }>(`SELECT name FROM jurisdictions WHERE parent = $1 ORDER BY name`, [JURISDICTION]);
      const cityAsks: Ask[] = [];
      const cityFigureAsks: Ask[] = [];
      const cityBranchAsks: Ask[] = [];
      for (const [i, task] of cityTasks.entries()) {
        const user: AuthenticatedUser = { id: task.user_id, username: task.username, unitId: task.unit_id, roles: ['officer'] };
        const token = tokens.get(task.username) as string;
        const path = `/api/v1/tasks/${task.id}/rollup`;
        const branch = banners[i % banners.length].name;
        cityAsks.push({ path, token, statements: await rollupStatements(user, task.id) });
        cityFigureAsks.push({ path: `${path}?tasks=none`, token, statements: await rollupStatements(user, task.id, { tasks: 'none', branch: null }) });
        cityBranchAsks.push({
          path: `${path}?branch=${encodeURIComponent(branch)}`,
          token,
          statements: await rollupStatements(user, task.id, { tasks: 'all', branch }),
        });
      }
      const provinceAsks: Ask[] = [];
      for (const task of provinceTasks) {
        provinceAsks.push({
          path: `/api/v1/tasks/${task.id}/rollup?tasks=none`,
          token: inspector.token,
          statements: await rollupStatements(inspector.user, task.id, { tasks: 'none', branch: null }),
        });
      }
      const cityPlanId = cityTasks[0].plan_id;
      const dashboard: Ask = {
        path: `/api/v1/reports/progress?planId=${cityPlanId}`,
        token: inspector.token,
        statements: await captureSql(
          (dataSource) => new ProgressReportService(new ReportScopeService(dataSource, config, clock)).progress(cityPlanId, undefined),
          answeredBy(db),
        ),
      };
      const scenarios: Scenario[] = [
        { name: `figures of a city task (tasks=none; ${cityTasks.length} tasks, 9 banners)`, asks: cityFigureAsks },
        { name: `branch of a city task (branch=; ${cityTasks.length} tasks × a banner)`, asks: cityBranchAsks },
        { name: `figures of a province city task (tasks=none; ${provinceTasks.length} tasks, 10 counties)`, asks: provinceAsks },
        { name: `whole rollup of a city task (${cityTasks.length} tasks, 9 banners with their tasks)`, asks: cityAsks },
        { name: `city dashboard (progress of plan ${cityPlanId})`, asks: [dashboard] },
        {
          name: 'floor: GET /health (SELECT 1 and a Redis PING)',
          asks: [{ path: '/health', token: inspector.token, statements: [{ sql: 'SELECT 1', params: [] }] }],
        },
      ];
      const chosen = (process.env.BENCH_CASCADE_SCENARIOS ?? '')
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean);
      const run = chosen.length === 0 ? scenarios : scenarios.filter((scenario) => chosen.some((name) => scenario.name.startsWith(name)));
      const shown = await Promise.all([cityAsks[0], cityBranchAsks[0], provinceAsks[0]].map((ask) => branchesOf(api.baseUrl, ask)));

      const results: { scenario: string; comparisons: Comparison[] }[] = [];
      for (const scenario of run) {
        console.log(scenario.name);
        const comparisons = await compareRuns({
          clients: CLIENTS,
          ...settings,
          app: roundRobinHttp(api, scenario.asks, (ask) => ({ path: ask.path, token: ask.token })),
          ceiling: (clients, seconds) =>
            sqlLoad(dataset.databaseUrl, clients, seconds, async (client, n) => {
              for (const statement of scenario.asks[n % scenario.asks.length].statements) await runCaptured(client, statement);
            }),
        });
        results.push({ scenario: scenario.name, comparisons });
      }

      const rows = results.flatMap(({ scenario, comparisons }) =>
        comparisonRows(comparisons).map((row, i) => ({
          scenario,
          ...row,
          [`goal p99 ≤ ${GOAL_P99_MS} ms`]: comparisons[i].app.p99.median <= GOAL_P99_MS ? 'met' : 'missed',
        })),
      );
      const plans = [
        ...(await explain(dataset.databaseUrl, cityFigureAsks[0].statements)).map((plan) => ({ filter: 'figures of a city task', ...plan })),
        ...(await explain(dataset.databaseUrl, cityBranchAsks[0].statements)).map((plan) => ({ filter: 'branch of a city task', ...plan })),
        ...(await explain(dataset.databaseUrl, dashboard.statements)).map((plan) => ({ filter: 'city dashboard', ...plan })),
      ];
      report('cascade', rows, {
        dataset: { ...dataset.scale, rows: dataset.rows, generatedSeconds: dataset.generatedSeconds },
        versions: await versions(dataset.databaseUrl),
        git: gitState(),
        settings: { ...settings, goalP99Ms: GOAL_P99_MS },
        shown: { cityTask: shown[0], cityBranch: shown[1], provinceTask: shown[2] },
        plans,
        comparisons: results,
      });
    } finally {
      await db.end();
    }
  });
}

/** What a rollup answers: its branches and child tasks (nine banners of 20 tasks for a city task). */
async function branchesOf(baseUrl: string, ask: Ask): Promise<{ path: string; branches: number; childTasks: number }> {
  const response = await fetch(`${baseUrl}${ask.path}`, { headers: { authorization: `Bearer ${ask.token}` } });
  if (!response.ok) throw new Error(`${ask.path}: ${response.status} ${await response.text()}`);
  const rollup = (await response.json()) as { counts: { tasks: number }; branches: unknown[] };
  return { path: ask.path, branches: rollup.branches.length, childTasks: rollup.counts.tasks };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
