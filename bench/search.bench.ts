import 'reflect-metadata';
import type { AuthenticatedUser } from '@duban/auth';
import { SearchService } from '@duban/tasks';
import { gitState, report, shuffled, versions } from './bench-support';
import { sqlLoad } from './load-drivers';
import { intList, positiveInt } from './settings';
import { loginOfficers } from './officers';
import { roundRobinHttp } from './process-usage';
import { withApi } from './api-run';
import { type CapturedQuery, captureSql, compareRuns, comparisonRows, runCaptured } from './compare';
import { explain } from './explain';
import { SEARCH_OFFICERS_SEED, SEARCH_WORDS } from './read-asks';

/**
 * `GET /search?q=<two Chinese characters>` as a unit's officer asks it (the first page, 20 hits, of
 * the tasks the unit may see), through the compiled api under autocannon. Ceiling: the statement
 * the request runs (captured from SearchService; prepared, as the service sends a unit's search) through bare
 * `pg`, with as many clients. Goal: the inbox's latency goal (p99 ≤ 10 ms at 8 clients) at a
 * million tasks.
 *
 * The words: a pair every generated task's text holds (the page is the unit's newest tasks), and a
 * pair only progress reports in the audit trail hold (the page runs through the tasks' rank, finds
 * none, and reads the events).
 *
 * BENCH_SEARCH_CLIENTS (default 8,32), BENCH_LOGIN_USERS (default 200), BENCH_RUNS, BENCH_SECONDS,
 * BENCH_WARMUP_SECONDS; the dataset as in dataset.ts (BENCH_TASKS=1000000 for the goal's scale).
 */
const CLIENTS = intList('BENCH_SEARCH_CLIENTS', [8, 32]);
const LOGINS = positiveInt('BENCH_LOGIN_USERS', 200);

interface Ask {
  unitId: string;
  userId: string;
  username: string;
  token: string;
  word: string;
}

async function main(): Promise<void> {
  await withApi('search', async ({ settings, dataset, api }) => {
    const officers = await loginOfficers(api.baseUrl, dataset, LOGINS, SEARCH_OFFICERS_SEED);
    const asks = shuffled(
      officers.flatMap((officer) => SEARCH_WORDS.map(({ word }) => ({ ...officer, word }))),
      5,
    );
    // the answers are what the benchmark claims: each word finds hits of the asking unit
    const found: Record<string, number> = {};
    for (const ask of asks.slice(0, 20)) {
      const response = await fetch(`${api.baseUrl}${pathOf(ask)}`, { headers: { authorization: `Bearer ${ask.token}` } });
      if (!response.ok) throw new Error(`${pathOf(ask)}: ${response.status} ${await response.text()}`);
      const page = (await response.json()) as { items: { kind: string; snippet: string }[] };
      if (page.items.length === 0 || !page.items.every((hit) => hit.snippet.includes(ask.word)))
        throw new Error(`${ask.username} searching ${ask.word}: ${JSON.stringify(page.items.slice(0, 3))}`);
      found[ask.word] = Math.max(found[ask.word] ?? 0, page.items.length);
    }

    const userOf = (ask: Ask): AuthenticatedUser => ({ id: ask.userId, username: ask.username, unitId: ask.unitId, roles: ['officer'] });
    // a unit's search is one prepared statement on its generic plan: the ceiling sends the statement the api sends
    const statements = new Map<Ask, CapturedQuery[]>();
    for (const ask of asks) statements.set(ask, await captureSql((dataSource) => new SearchService(dataSource).search(userOf(ask), { q: ask.word })));
    const searchOf = (ask: Ask): CapturedQuery =>
      (statements.get(ask) as CapturedQuery[]).find((statement) => /\bpage AS\b/.test(statement.sql)) as CapturedQuery;

    const genericPlanClients = new WeakSet<object>();
    const comparisons = await compareRuns({
      clients: CLIENTS,
      ...settings,
      app: roundRobinHttp(api, asks, (ask) => ({ path: pathOf(ask), token: ask.token })),
      ceiling: (clients, seconds) =>
        sqlLoad(dataset.databaseUrl, clients, seconds, async (db, n) => {
          // the api runs a unit's search on its generic plan (queryGenericPlan: the setting and the statement in one
          // round trip); the ceiling's connections are set so once
          if (!genericPlanClients.has(db)) {
            await db.query('SET plan_cache_mode = force_generic_plan');
            genericPlanClients.add(db);
          }
          for (const statement of statements.get(asks[n % asks.length]) as CapturedQuery[]) await runCaptured(db, statement);
        }),
    });

    // the plans of both words for the first officer
    const explained = SEARCH_WORDS.map(({ word }) => asks.find((ask) => ask.unitId === asks[0].unitId && ask.word === word) as Ask);
    const plans = await explain(
      dataset.databaseUrl,
      explained.map((ask) => searchOf(ask)),
    );
    report('search', comparisonRows(comparisons), {
      dataset: { ...dataset.scale, rows: dataset.rows, generatedSeconds: dataset.generatedSeconds },
      versions: await versions(dataset.databaseUrl),
      git: gitState(),
      settings: { ...settings, logins: LOGINS, asks: asks.length, words: SEARCH_WORDS, hitsOnFirstPages: found },
      goal: 'p99 ≤ 10 ms at 8 clients (the inbox’s latency goal); the ratio to the statement’s ceiling reported',
      plans: plans.map((plan, i) => ({ word: explained[i].word, ...plan })),
      comparisons,
    });
    for (const [i, plan] of plans.entries()) console.log(`\n-- ${explained[i].word}: ${plan.executionMs} ms\n${plan.sql}\n${plan.plan}`);
  });
}

function pathOf(ask: Ask): string {
  return `/api/v1/search?q=${encodeURIComponent(ask.word)}`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
