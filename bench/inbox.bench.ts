import 'reflect-metadata';
import { Client } from 'pg';
import type { AuthenticatedUser } from '@duban/auth';
import { loadConfig } from '@duban/config';
import { InboxService, InboxStore } from '@duban/inbox';
import { ChannelRoutingStore, OutboxStore } from '@duban/outbox';
import { SystemClock } from '@duban/clock';
import { gitState, report, versions } from './bench-support';
import { sqlLoad } from './load-drivers';
import { intList, positiveInt } from './settings';
import { loginOfficers } from './officers';
import { roundRobinHttp } from './process-usage';
import { withApi } from './api-run';
import { type CapturedQuery, captureSql, compareRuns, comparisonRows, runCaptured } from './compare';
import { explain } from './explain';

/**
 * `GET /inbox` (a unit's open items, first page, with its counts) for random units, each asked by
 * the unit's own officer with a real token, through the compiled api under autocannon. Ceiling: the
 * statement the request runs (the counts joined to the page, captured from InboxService itself;
 * the guard answers a token it has seen within AUTH_USER_CACHE_MS without a lookup) through bare
 * `pg`, with as many clients.
 *
 * BENCH_TASKS / BENCH_UNITS / BENCH_EVENTS_PER_TASK / BENCH_PLANS size the dataset (dataset.ts);
 * BENCH_INBOX_CLIENTS (default 8,32), BENCH_LOGIN_USERS (officers logged in, default 200),
 * BENCH_RUNS, BENCH_SECONDS, BENCH_WARMUP_SECONDS.
 */
const CLIENTS = intList('BENCH_INBOX_CLIENTS', [8, 32]);
const LOGINS = positiveInt('BENCH_LOGIN_USERS', 200);

async function main(): Promise<void> {
  await withApi('inbox', async ({ settings, dataset, env, api }) => {
    const officers = await loginOfficers(api.baseUrl, dataset, LOGINS, 42);
    const unitIds = officers.map((officer) => officer.unitId);
    // the SQL each request runs, per unit, captured from the service
    const config = loadConfig(env);
    const clock = new SystemClock();
    const statements = new Map<string, CapturedQuery[]>();
    for (const { unitId, userId, username } of officers) {
      const user: AuthenticatedUser = { id: userId, username, unitId, roles: ['officer'] };
      const captured = await captureSql(
        (dataSource) => new InboxService(dataSource, config, clock, new InboxStore(new OutboxStore(new ChannelRoutingStore(config)))).list(user, {}),
        (sql) => (sql.includes('AS overdue') ? [{ open: 0, overdue: 0, unread: 0 }] : []),
      );
      statements.set(unitId, captured);
    }

    const comparisons = await compareRuns({
      clients: CLIENTS,
      ...settings,
      app: roundRobinHttp(api, officers, (officer) => ({ path: '/api/v1/inbox', token: officer.token })),
      ceiling: (clients, seconds) =>
        sqlLoad(dataset.databaseUrl, clients, seconds, async (db, n) => {
          for (const statement of statements.get(unitIds[n % unitIds.length]) as CapturedQuery[]) await runCaptured(db, statement);
        }),
    });

    // the plans of the two inbox queries, for the unit with the largest open inbox among those measured
    const busiest = await largestInbox(dataset.databaseUrl, unitIds);
    const plans = await explain(dataset.databaseUrl, statements.get(busiest) as CapturedQuery[]);
    report('inbox', comparisonRows(comparisons), {
      dataset: { ...dataset.scale, rows: dataset.rows, generatedSeconds: dataset.generatedSeconds },
      versions: await versions(dataset.databaseUrl),
      git: gitState(),
      settings: { ...settings, logins: LOGINS },
      explainedUnit: busiest,
      plans,
      comparisons,
    });
    for (const plan of plans) console.log(`\n${plan.sql}\n${plan.plan}`);
  });
}

async function largestInbox(databaseUrl: string, unitIds: string[]): Promise<string> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ unit_id: string }>(
      `SELECT unit_id::text FROM inbox_items WHERE unit_id = ANY($1::bigint[]) AND status = 'open' GROUP BY unit_id ORDER BY count(*) DESC LIMIT 1`,
      [unitIds],
    );
    return rows[0]?.unit_id ?? unitIds[0];
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
