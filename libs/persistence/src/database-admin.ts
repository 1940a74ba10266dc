import { Client } from 'pg';
import { createDataSource } from './data-source';

export class ServiceUnreachableError extends Error {
  constructor(
    readonly service: 'PostgreSQL' | 'Redis',
    readonly url: string,
    readonly reason: string,
    readonly hint: string,
  ) {
    super(`${service} is not reachable at ${url} (${reason}). ${hint}`);
    this.name = 'ServiceUnreachableError';
  }
}

export const POSTGRES_HINT = 'Start it with `docker compose up -d postgres`, or set DATABASE_URL to a running server.';
export const REDIS_HINT = 'Start it with `docker compose up -d redis`, or set REDIS_URL to a running server.';

function splitDatabaseUrl(databaseUrl: string): { serverUrl: string; database: string; display: string } {
  const url = new URL(databaseUrl);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  const display = new URL(databaseUrl);
  if (display.password) display.password = '***';
  url.pathname = '/postgres';
  return { serverUrl: url.toString(), database, display: display.toString() };
}

function reasonOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return reasonOf(error.errors[0]);
  if (error instanceof Error) {
    const code = (error as Error & { code?: string }).code;
    return code && !error.message.includes(code) ? `${code} ${error.message}` : error.message || code || 'unknown error';
  }
  return String(error);
}

async function withServerClient<T>(databaseUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const { serverUrl, display } = splitDatabaseUrl(databaseUrl);
  const client = new Client({ connectionString: serverUrl, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new ServiceUnreachableError('PostgreSQL', display, reasonOf(error), POSTGRES_HINT);
  }
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Creates the database named in the URL if it does not exist; returns true when it created it. */
export async function ensureDatabase(databaseUrl: string, template?: string): Promise<boolean> {
  const { database } = splitDatabaseUrl(databaseUrl);
  return withServerClient(databaseUrl, async (client) => {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (existing.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE ${quoteIdent(database)}${template ? ` TEMPLATE ${quoteIdent(template)}` : ''}`);
    } catch (error) {
      // another process created it between our check and our CREATE
      if ((error as { code?: string }).code === '42P04') return false;
      throw error;
    }
    return true;
  });
}

export async function dropDatabase(databaseUrl: string): Promise<void> {
  const { database } = splitDatabaseUrl(databaseUrl);
  await withServerClient(databaseUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`);
  });
}

export class DatabaseMissingError extends Error {
  constructor(readonly database: string) {
    super(`the database "${database}" does not exist yet; \`npm start\` or \`npm run migration:run\` creates and migrates it`);
    this.name = 'DatabaseMissingError';
  }
}

/**
 * Fails with ServiceUnreachableError when the server does not answer and, unless told the
 * database may be missing, with DatabaseMissingError when the database is not there.
 */
export async function checkPostgres(databaseUrl: string, options: { databaseMayBeMissing?: boolean } = {}): Promise<void> {
  const { database } = splitDatabaseUrl(databaseUrl);
  await withServerClient(databaseUrl, async (client) => {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!existing.rowCount && !options.databaseMayBeMissing) throw new DatabaseMissingError(database);
  });
}

/** Runs the pending migrations; returns their names. */
export async function runMigrations(databaseUrl: string): Promise<string[]> {
  const dataSource = createDataSource({ databaseUrl, poolSize: 1, applicationName: 'duban-migrate' });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}

export function databaseNameOf(databaseUrl: string): string {
  return splitDatabaseUrl(databaseUrl).database;
}
