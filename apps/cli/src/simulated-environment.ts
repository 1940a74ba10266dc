import { DEFAULT_DATABASE_URL } from '@duban/persistence';

/**
 * Points this process at a database of its own (`database` beside DATABASE_URL's, or `override`) on a
 * simulated clock from the seed plan's start, with its own queue prefix: the replay's and the demo's
 * environment, which they drop and recreate. Returns the database URL.
 */
export function useSimulatedEnvironment(database: string, override: string | undefined, queuePrefix: string): string {
  const url = new URL(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
  url.pathname = `/${database}`;
  const databaseUrl = override ?? url.toString();
  process.env.DATABASE_URL = databaseUrl;
  process.env.CLOCK_MODE = 'simulated';
  process.env.CLOCK_START = '2021-01-01T00:00:00+08:00';
  process.env.QUEUE_PREFIX ??= queuePrefix;
  return databaseUrl;
}
