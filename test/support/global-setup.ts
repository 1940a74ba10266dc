// global setup runs outside Jest's module mapper: resolve the @duban/* aliases from tsconfig.json
import 'tsconfig-paths/register';
import { loadConfig } from '@duban/config';
import { ensureDatabase, runMigrations, ServiceUnreachableError } from '@duban/persistence';
import { checkRedis } from '@duban/platform';
import { databaseUrlFor, RUN_ID_VARIABLE, TEMPLATE_VARIABLE, uniqueSuffix } from './test-database';

/**
 * Migrates one template database per run; each e2e file copies it (CREATE DATABASE … TEMPLATE),
 * so files run in parallel on their own databases and queue prefixes.
 */
export default async function globalSetup(): Promise<void> {
  // several projects (e2e, browser, reliability) share one run's template: the first to start makes it
  if (process.env[TEMPLATE_VARIABLE]) return;
  const runId = `${process.pid.toString(36)}${uniqueSuffix()}`;
  const template = `duban_test_tpl_${runId}`;
  try {
    const config = loadConfig({ ...process.env, DATABASE_URL: databaseUrlFor(template) });
    await checkRedis(config.redisUrl);
    await ensureDatabase(config.databaseUrl);
    await runMigrations(config.databaseUrl);
  } catch (error) {
    if (error instanceof ServiceUnreachableError) {
      process.stderr.write(`\nduban tests: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  process.env[RUN_ID_VARIABLE] = runId;
  process.env[TEMPLATE_VARIABLE] = template;
}
