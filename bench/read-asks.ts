import { Client } from 'pg';
import type { ensureDataset } from './dataset';
import { loginAll, loginOfficers } from './officers';
import { JURISDICTION } from './dataset/scale';
import { positiveInt } from './settings';

type Dataset = Awaited<ReturnType<typeof ensureDataset>>;

/** What the profiling tools ask of the two reads: the inbox of BENCH_LOGIN_USERS officers, and 200 tasks' contributions by their leads. */
export async function inboxAsks(baseUrl: string, dataset: Dataset) {
  const officers = await loginOfficers(baseUrl, dataset, positiveInt('BENCH_LOGIN_USERS', 200), 42);
  return officers.map((officer) => ({ path: '/api/v1/inbox', token: officer.token }));
}

/** bench:search's words: a pair every generated task's text holds, and one only progress reports in the audit trail hold. */
export const SEARCH_WORDS = [
  { word: '机制', holds: 'every task’s text' },
  { word: '报送', holds: 'progress reports in the audit trail' },
];
/** The officers bench:search logs in (BENCH_LOGIN_USERS of random units, seeded). */
export const SEARCH_OFFICERS_SEED = 23;

/** A unit's officer searching each of bench:search's words, as bench:search asks. */
export async function searchAsks(baseUrl: string, dataset: Dataset) {
  const officers = await loginOfficers(baseUrl, dataset, positiveInt('BENCH_LOGIN_USERS', 200), SEARCH_OFFICERS_SEED);
  return officers.flatMap((officer) => SEARCH_WORDS.map(({ word }) => ({ path: `/api/v1/search?q=${encodeURIComponent(word)}`, token: officer.token })));
}

export async function contributionAsks(baseUrl: string, dataset: Dataset) {
  const db = new Client({ connectionString: dataset.databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ task_id: string; username: string }>(
      `SELECT tu.task_id::text, u.username FROM task_units tu JOIN users u ON u.unit_id = tu.unit_id AND u.username LIKE 'bench-u%'
        WHERE tu.role = 'lead' AND tu.task_id IN (SELECT (1 + (i * 7919) % $1)::bigint FROM generate_series(1, 200) i)`,
      [dataset.scale.tasks],
    );
    const tokens = await loginAll(baseUrl, [...new Set(rows.map((row) => row.username))], dataset.password);
    return rows.map((row) => ({ path: `/api/v1/tasks/${row.task_id}/contributions`, token: tokens.get(row.username) as string }));
  } finally {
    await db.end();
  }
}

/**
 * A city task's roll-up as its lead's officer asks it (`query`: `?tasks=none` for the branches' figures, '' for the whole
 * roll-up), for the city's tasks that lower governments' plans serve (at most BENCH_LOGIN_USERS leads).
 */
export async function rollupAsks(baseUrl: string, dataset: Dataset, query: string) {
  const db = new Client({ connectionString: dataset.databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ task_id: string; username: string }>(
      `SELECT t.id::text AS task_id, u.username
         FROM tasks t JOIN plans p ON p.id = t.plan_id JOIN task_units tu ON tu.task_id = t.id AND tu.role = 'lead' JOIN users u ON u.unit_id = tu.unit_id
        WHERE p.jurisdiction = $1 AND EXISTS (SELECT 1 FROM plans c WHERE c.parent_plan_id = p.id) ORDER BY t.id`,
      [JURISDICTION],
    );
    const leads = [...new Set(rows.map((row) => row.username))].slice(0, positiveInt('BENCH_LOGIN_USERS', 200));
    const tokens = await loginAll(baseUrl, leads, dataset.password);
    return rows
      .filter((row) => tokens.has(row.username))
      .map((row) => ({ path: `/api/v1/tasks/${row.task_id}/rollup${query}`, token: tokens.get(row.username) as string }));
  } finally {
    await db.end();
  }
}
