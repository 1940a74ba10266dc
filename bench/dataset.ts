import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { dropDatabase, ensureDatabase, runMigrations } from '@duban/persistence';
import { generate } from './dataset/generate';
import { BENCH_PASSWORD, datasetUrl, type DatasetScale, GENERATOR_VERSION, scaleFromEnv } from './dataset/scale';

/**
 * The province-sized dataset the inbox, task-list, transitions and milestone benchmarks share: units,
 * one officer per unit, plans, tasks in every state, their lead and nine responsible units, audit events, inbox items
 * (open per the inbox policy, done history, notices), the responsible units' contributions and pending reminders, and
 * the cascade beside them (a city plan its nine banners' plans serve, a province's cities and counties: dataset/cascade.ts). Every table is filled by
 * set-based `INSERT … SELECT … generate_series`, in a database of its own created from the
 * migrations. A marker table records the scale; a later benchmark of the same run reuses the
 * database when the marker matches and regenerates it when it is missing or different.
 */
export interface Dataset {
  databaseUrl: string;
  scale: DatasetScale;
  password: string;
  /** seconds the generation took, or null when an existing dataset was reused */
  generatedSeconds: number | null;
  rows: Record<string, number>;
}

const sameScale = (a: DatasetScale, b: DatasetScale): boolean =>
  a.tasks === b.tasks && a.units === b.units && a.eventsPerTask === b.eventsPerTask && a.plans === b.plans;

async function markerOf(databaseUrl: string): Promise<DatasetScale | null> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'duban-bench' });
  try {
    await client.connect();
  } catch {
    return null; // no such database yet
  }
  try {
    const { rows } = await client.query<DatasetScale & { generator: number }>(
      `SELECT tasks, units, events_per_task AS "eventsPerTask", plans, generator FROM bench_dataset LIMIT 1`,
    );
    return rows.length === 1 && rows[0].generator === GENERATOR_VERSION ? rows[0] : null;
  } catch {
    return null; // no marker: an interrupted generation
  } finally {
    await client.end();
  }
}

/** The dataset at `scale`, generated unless a complete one of the same scale exists (BENCH_REGENERATE=1 forces it). */
export async function ensureDataset(scale: DatasetScale = scaleFromEnv(), log: (line: string) => void = console.log): Promise<Dataset> {
  const databaseUrl = datasetUrl(scale);
  const marker = process.env.BENCH_REGENERATE === '1' ? null : await markerOf(databaseUrl);
  if (marker && sameScale(marker, scale)) {
    // a reused dataset follows the schema: migrations added since it was generated are applied to it
    const applied = await runMigrations(databaseUrl);
    if (applied.length > 0) log(`dataset ${databaseUrl}: applied ${applied.join(', ')}`);
    await warmCache(databaseUrl, log);
    return { databaseUrl, scale, password: BENCH_PASSWORD, generatedSeconds: null, rows: await rowCounts(databaseUrl) };
  }
  const started = performance.now();
  await dropDatabase(databaseUrl);
  await ensureDatabase(databaseUrl);
  await runMigrations(databaseUrl);
  await generate(databaseUrl, scale, log);
  const generatedSeconds = (performance.now() - started) / 1_000;
  log(`dataset ${databaseUrl}: generated in ${generatedSeconds.toFixed(1)} s`);
  await warmCache(databaseUrl, log);
  return { databaseUrl, scale, password: BENCH_PASSWORD, generatedSeconds, rows: await rowCounts(databaseUrl) };
}

/**
 * Reads every table and index of the dataset once into the operating system's page cache (`pg_prewarm`'s `read` mode,
 * not PostgreSQL's own buffers), so that a benchmark measures the code, not the first reads of a dataset the generation
 * or another database pushed out of memory: the first run after a generation read 13 GB partly from disk (the
 * transitions' ceiling at half its warm figure). Seconds when the files are cached already.
 */
async function warmCache(databaseUrl: string, log: (line: string) => void): Promise<void> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'duban-bench' });
  await client.connect();
  try {
    const started = performance.now();
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_prewarm');
    const { rows } = await client.query<{ blocks: string }>(
      `SELECT COALESCE(sum(pg_prewarm(c.oid, 'read')), 0)::text AS blocks
         FROM pg_class c WHERE c.relkind IN ('r', 'i', 't', 'm') AND c.relpersistence = 'p'
          AND c.relnamespace IN ('public'::regnamespace, 'pg_toast'::regnamespace)`,
    );
    const gigabytes = (Number(rows[0].blocks) * 8_192) / 1e9;
    log(`dataset ${databaseUrl}: ${gigabytes.toFixed(1)} GB read into the page cache in ${((performance.now() - started) / 1_000).toFixed(1)} s`);
  } finally {
    await client.end();
  }
}

const COUNTED = [
  'units',
  'users',
  'plans',
  'tasks',
  'task_units',
  'task_events',
  'inbox_items',
  'inbox_count_deltas',
  'timers',
  'contributions',
  'jurisdictions',
  'task_parent_links',
];

async function rowCounts(databaseUrl: string): Promise<Record<string, number>> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'duban-bench' });
  await client.connect();
  try {
    // the planner's estimates after ANALYZE: exact counts of 10M rows would cost seconds
    const { rows } = await client.query<{ relname: string; n: number }>(
      `SELECT relname, reltuples::bigint::float8 AS n FROM pg_class WHERE relname = ANY($1) AND relkind = 'r'`,
      [COUNTED],
    );
    return Object.fromEntries(rows.map((row) => [row.relname, Math.max(0, row.n)]));
  } finally {
    await client.end();
  }
}

if (require.main === module) {
  ensureDataset()
    .then((dataset) => console.log(JSON.stringify(dataset, null, 2)))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
