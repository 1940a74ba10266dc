import { Client } from 'pg';
import type { ensureDataset } from './dataset';
import { loginAll, loginOfficers } from './officers';
import { positiveInt } from './settings';

type Dataset = Awaited<ReturnType<typeof ensureDataset>>;

/** What the profiling tools ask of the two reads: the inbox of BENCH_LOGIN_USERS officers, and 200 tasks' contributions by their leads. */
export async function inboxAsks(baseUrl: string, dataset: Dataset) {
  const officers = await loginOfficers(baseUrl, dataset, positiveInt('BENCH_LOGIN_USERS', 200), 42);
  return officers.map((officer) => ({ path: '/api/v1/inbox', token: officer.token }));
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
