import 'reflect-metadata';
import type { AuthenticatedUser } from '@duban/auth';
import { loadConfig } from '@duban/config';
import { SystemClock } from '@duban/clock';
import { relationsOf, TaskListService, type TaskListQuery } from '@duban/tasks';
import { gitState, report, shuffled, versions } from './bench-support';
import { sqlLoad } from './load-drivers';
import { intList, positiveInt } from './settings';
import { loginOfficers } from './officers';
import { roundRobinHttp } from './process-usage';
import { withApi } from './api-run';
import { type CapturedQuery, captureSql, compareRuns, comparisonRows, runCaptured } from './compare';
import { explain } from './explain';

/**
 * `GET /tasks` as a unit's officer sees it: filtered by state, light and role within the unit's
 * tasks, first pages and second pages (cursors fetched before), through the compiled api under
 * autocannon. Ceiling: the statements the request runs (the page query captured from
 * TaskListService, which also reads the snapshots, then the relations for allowedEvents; the guard
 * answers a token it has seen within AUTH_USER_CACHE_MS without a lookup) through bare `pg`.
 *
 * BENCH_TASK_LIST_CLIENTS (default 8,32), BENCH_LOGIN_USERS (default 200), BENCH_RUNS,
 * BENCH_SECONDS, BENCH_WARMUP_SECONDS; the dataset as in dataset.ts.
 */
const CLIENTS = intList('BENCH_TASK_LIST_CLIENTS', [8, 32]);
const LOGINS = positiveInt('BENCH_LOGIN_USERS', 200);
/** the filters asked for, as query strings and as the service's query */
const FILTERS: { name: string; search: string; query: TaskListQuery }[] = [
  { name: 'all of the unit', search: '', query: {} },
  { name: 'state=in_progress', search: 'state=in_progress', query: { state: ['in_progress'] } },
  { name: 'light=red', search: 'light=red', query: { light: 'red' } },
  {
    name: 'state=assigned,in_progress&light=yellow',
    search: 'state=assigned,in_progress&light=yellow',
    query: { state: ['assigned', 'in_progress'], light: 'yellow' },
  },
  {
    name: 'role=lead&state=self_assessed,inspected',
    search: 'role=lead&state=self_assessed,inspected',
    query: { role: 'lead', state: ['self_assessed', 'inspected'] },
  },
];

interface Ask {
  unitId: string;
  userId: string;
  token: string;
  filter: (typeof FILTERS)[number];
  cursor: string | null;
}

async function main(): Promise<void> {
  await withApi('task-list', async ({ settings, dataset, env, api }) => {
    const officers = await loginOfficers(api.baseUrl, dataset, LOGINS, 7);

    // first pages for every officer and filter; second pages from the cursors of the first 50 officers
    const asks: Ask[] = [];
    for (const [i, { unitId, userId, token }] of officers.entries()) {
      for (const filter of FILTERS) {
        const ask: Ask = { unitId, userId, token, filter, cursor: null };
        asks.push(ask);
        if (i < 50) {
          const response = await fetch(`${api.baseUrl}${pathOf(ask)}`, { headers: { authorization: `Bearer ${ask.token}` } });
          if (!response.ok) throw new Error(`${pathOf(ask)}: ${response.status} ${await response.text()}`);
          const page = (await response.json()) as { nextCursor: string | null };
          if (page.nextCursor) asks.push({ ...ask, cursor: page.nextCursor });
        }
      }
    }
    const order = shuffled(asks, 11);

    const config = loadConfig(env);
    const clock = new SystemClock();
    const userOfAsk = (ask: Ask): AuthenticatedUser => ({ id: ask.userId, username: `bench-u${ask.unitId}`, unitId: ask.unitId, roles: ['officer'] });
    const statements = new Map<Ask, CapturedQuery>();
    for (const ask of order) {
      const [page] = await captureSql((dataSource) =>
        new TaskListService(dataSource, config, clock).list(userOfAsk(ask), { ...ask.filter.query, ...(ask.cursor ? { cursor: ask.cursor } : {}) }),
      );
      statements.set(ask, page);
    }
    const [relations] = await captureSql((dataSource) => relationsOf(dataSource.manager, userOfAsk(order[0]), ['1']));

    const comparisons = await compareRuns({
      clients: CLIENTS,
      ...settings,
      app: roundRobinHttp(api, order, (ask) => ({ path: pathOf(ask), token: ask.token })),
      ceiling: (clients, seconds) =>
        sqlLoad(dataset.databaseUrl, clients, seconds, async (db, n) => {
          const ask = order[n % order.length];
          const page = statements.get(ask) as CapturedQuery;
          const { rows } = await runCaptured<{ id: string }>(db, page);
          if (rows.length === 0) return;
          const ids = rows.map((row) => row.id);
          await runCaptured(db, relations, [ask.unitId, ids]);
        }),
    });

    // plans of the page query for each filter, for the unit with the most tasks among those measured
    const explained = order.filter((ask) => ask.unitId === order[0].unitId && ask.cursor === null);
    const plans = await explain(
      dataset.databaseUrl,
      explained.map((ask) => statements.get(ask) as CapturedQuery),
    );
    report('task-list', comparisonRows(comparisons), {
      dataset: { ...dataset.scale, rows: dataset.rows, generatedSeconds: dataset.generatedSeconds },
      versions: await versions(dataset.databaseUrl),
      git: gitState(),
      settings: { ...settings, logins: LOGINS, asks: order.length, filters: FILTERS.map((f) => f.name) },
      plans: plans.map((plan, i) => ({ filter: explained[i].filter.name, ...plan })),
      comparisons,
    });
    for (const [i, plan] of plans.entries()) console.log(`\n-- ${explained[i].filter.name}: ${plan.executionMs} ms\n${plan.sql}\n${plan.plan}`);
  });
}

function pathOf(ask: Ask): string {
  const search = [ask.filter.search, ask.cursor ? `cursor=${encodeURIComponent(ask.cursor)}` : ''].filter(Boolean).join('&');
  return `/api/v1/tasks${search ? `?${search}` : ''}`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
