import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { loadConfig, redactUrl } from '@duban/config';
import { dropDatabase, ensureDatabase, runMigrations } from '@duban/persistence';
import { exitOnStartupError } from '@duban/platform';
import { CliModule } from './cli.module';
import { runDemoReplay } from './demo-replay';
import { useSimulatedEnvironment } from './simulated-environment';

/**
 * `npm run demo:replay`: the seed in a fresh database (REPLAY_DATABASE_URL, default duban_replay)
 * with a simulated clock from 2021-01-01, a scripted year of activity, both milestone checks.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { keep: { type: 'boolean', default: false } } });
  const databaseUrl = useSimulatedEnvironment('duban_replay', process.env.REPLAY_DATABASE_URL, 'duban-replay');
  // the replay's evidence files go to a folder of its own (removed after), not the project's data/attachments
  const ownStorage = process.env.STORAGE_DIR === undefined && process.env.STORAGE_URL === undefined ? mkdtempSync(join(tmpdir(), 'duban-replay-')) : null;
  if (ownStorage) process.env.STORAGE_DIR = ownStorage;
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
    if (ownStorage && !values.keep) rmSync(ownStorage, { recursive: true, force: true });
  }
  if (values.keep)
    process.stdout.write(
      `kept ${redactUrl(databaseUrl)}: DATABASE_URL=${redactUrl(databaseUrl)} CLOCK_MODE=simulated CLOCK_START=2026-01-01${ownStorage ? ` STORAGE_DIR=${ownStorage}` : ''} npm start\n`,
    );
  else await dropDatabase(databaseUrl);
}

main().catch((error: unknown) => exitOnStartupError('demo:replay', error));
