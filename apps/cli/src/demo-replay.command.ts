import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { loadConfig, redactUrl } from '@duban/config';
import { DEFAULT_DATABASE_URL, dropDatabase, ensureDatabase, runMigrations } from '@duban/persistence';
import { exitOnStartupError } from '@duban/platform';
import { CliModule } from './cli.module';
import { runDemoReplay } from './demo-replay';

/**
 * `npm run demo:replay`: the seed in a fresh database (REPLAY_DATABASE_URL, default duban_replay)
 * with a simulated clock from 2021-01-01, a scripted year of activity, both milestone checks.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { keep: { type: 'boolean', default: false } } });
  const url = new URL(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
  url.pathname = '/duban_replay';
  const databaseUrl = process.env.REPLAY_DATABASE_URL ?? url.toString();
  process.env.DATABASE_URL = databaseUrl;
  process.env.CLOCK_MODE = 'simulated';
  process.env.CLOCK_START = '2021-01-01T00:00:00+08:00';
  process.env.QUEUE_PREFIX ??= 'duban-replay';
  loadConfig();
  await dropDatabase(databaseUrl);
  await ensureDatabase(databaseUrl);
  await runMigrations(databaseUrl);
  process.stdout.write(`replaying in ${redactUrl(databaseUrl)} on a simulated clock from 2021-01-01\n`);
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error', 'warn'] });
  await app.init();
  try {
    await runDemoReplay(app, (line) => process.stdout.write(`${line}\n`));
  } finally {
    await app.close();
  }
  if (values.keep)
    process.stdout.write(`kept ${redactUrl(databaseUrl)}: DATABASE_URL=${redactUrl(databaseUrl)} CLOCK_MODE=simulated CLOCK_START=2026-01-01 npm start\n`);
  else await dropDatabase(databaseUrl);
}

main().catch((error: unknown) => exitOnStartupError('demo:replay', error));
