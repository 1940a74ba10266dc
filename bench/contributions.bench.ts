import 'reflect-metadata';
import { Client } from 'pg';
import type { AuthenticatedUser } from '@duban/auth';
import { loadConfig } from '@duban/config';
import { SystemClock } from '@duban/clock';
import { ContributionReadService } from '@duban/tasks';
import { gitState, report, shuffled, versions } from './bench-support';
import { sqlLoad } from './load-drivers';
import { intList, positiveInt } from './settings';
import { loginAll } from './officers';
import { roundRobinHttp } from './process-usage';
import { withApi } from './api-run';
import { answeredBy, type CapturedQuery, captureSql, compareRuns, comparisonRows, runCaptured } from './compare';
import { explain } from './explain';

/**
 * `GET /tasks/:id/contributions` (every responsible unit's contribution per period: nine units, two
 * periods, the one being gathered added while the task is under way) for random tasks of the dataset's
 * plans, each asked by its lead unit's officer with a real token, through the compiled api under
 * autocannon. Ceiling: the statements the request runs (one: the task's contributions with the
 * visibility check; captured from ContributionReadService, answered by the database) through bare `pg`,
 * with as many clients.
 *
 * BENCH_CONTRIBUTIONS_CLIENTS (default 8,32), BENCH_CONTRIBUTIONS_TASKS (tasks asked, default 200; one
 * login per lead unit), BENCH_RUNS, BENCH_SECONDS, BENCH_WARMUP_SECONDS; the dataset as in dataset.ts.
 */
const CLIENTS = intList('BENCH_CONTRIBUTIONS_CLIENTS', [8, 32]);
const TASKS = positiveInt('BENCH_CONTRIBUTIONS_TASKS', 200);

interface Ask {
  taskId: string;
  unitId: string;
  userId: string;
  username: string;
  token: string;
  statements: CapturedQuery[];
}

async function main(): Promise<void> {
  await withApi('contributions', async ({ settings, dataset, env, api }) => {
    const db = new Client({ connectionString: dataset.databaseUrl, application_name: 'duban-bench' });
    await db.connect();
    try {
      const taskIds = shuffled(
        Array.from({ length: dataset.scale.tasks }, (_, i) => String(i + 1)),
        23,
      ).slice(0, TASKS);
      const { rows: leads } = await db.query<{ task_id: string; unit_id: string; user_id: string; username: string }>(
        `SELECT tu.task_id::text, tu.unit_id::text, u.id::text AS user_id, u.username
           FROM task_units tu JOIN users u ON u.unit_id = tu.unit_id AND u.username LIKE 'bench-u%'
          WHERE tu.task_id = ANY($1::bigint[]) AND tu.role = 'lead'`,
        [taskIds],
      );
      const tokens = await loginAll(api.baseUrl, [...new Set(leads.map((lead) => lead.username))], dataset.password);
      const config = loadConfig(env);
      const clock = new SystemClock();
      const asks: Ask[] = [];
      for (const lead of leads) {
        const user: AuthenticatedUser = { id: lead.user_id, username: lead.username, unitId: lead.unit_id, roles: ['officer'] };
        const statements = await captureSql(async (dataSource) => {
          await new ContributionReadService(dataSource, config, clock).list(user, lead.task_id);
        }, answeredBy(db));
        asks.push({
          taskId: lead.task_id,
          unitId: lead.unit_id,
          userId: lead.user_id,
          username: lead.username,
          token: tokens.get(lead.username) as string,
          statements,
        });
      }
      const shown = await shownUnits(api.baseUrl, asks[0]);

      const comparisons = await compareRuns({
        clients: CLIENTS,
        ...settings,
        app: roundRobinHttp(api, asks, (ask) => ({ path: `/api/v1/tasks/${ask.taskId}/contributions`, token: ask.token })),
        ceiling: (clients, seconds) =>
          sqlLoad(dataset.databaseUrl, clients, seconds, async (client, n) => {
            for (const statement of asks[n % asks.length].statements) await runCaptured(client, statement);
          }),
      });

      const plans = await explain(dataset.databaseUrl, asks[0].statements);
      report('contributions', comparisonRows(comparisons), {
        dataset: { ...dataset.scale, rows: dataset.rows, generatedSeconds: dataset.generatedSeconds },
        versions: await versions(dataset.databaseUrl),
        git: gitState(),
        settings: { ...settings, tasks: asks.length, leadUnitsLoggedIn: tokens.size },
        explainedTask: { taskId: asks[0].taskId, ...shown },
        plans,
        comparisons,
      });
      for (const plan of plans) console.log(`\n${plan.sql}\n${plan.plan}`);
    } finally {
      await db.end();
    }
  });
}

/** What the first task's answer holds: its rows and the units they name (nine responsible units). */
async function shownUnits(baseUrl: string, ask: Ask): Promise<{ rows: number; units: number }> {
  const response = await fetch(`${baseUrl}/api/v1/tasks/${ask.taskId}/contributions`, { headers: { authorization: `Bearer ${ask.token}` } });
  if (!response.ok) throw new Error(`contributions of task ${ask.taskId}: ${response.status} ${await response.text()}`);
  const rows = (await response.json()) as { unitId: string }[];
  return { rows: rows.length, units: new Set(rows.map((row) => row.unitId)).size };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
