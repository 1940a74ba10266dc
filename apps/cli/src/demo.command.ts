import 'reflect-metadata';
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { loadConfig, redactUrl } from '@duban/config';
import { checkPostgres, dropDatabase, ensureDatabase, runMigrations } from '@duban/persistence';
import { checkRedis, exitOnStartupError } from '@duban/platform';
import { CliModule } from './cli.module';
import { DEMO_DAY, runDemoStory } from './demo-story';
import { say, serveApiAndWorker } from './serve';
import { useSimulatedEnvironment } from './simulated-environment';

/**
 * `npm run demo`: the seed plan in motion. A fresh database of its own (DEMO_DATABASE_URL, default
 * duban_demo, recreated each run) on a simulated clock from 2021-01-01; the history up to the demo
 * day (2023-03-15) is played through the real services, then the api and the worker run on it.
 */
async function main(): Promise<void> {
  if (process.env.NODE_ENV === 'production') throw new Error('npm run demo drops and recreates its database: not with NODE_ENV=production');
  const databaseUrl = useSimulatedEnvironment('duban_demo', process.env.DEMO_DATABASE_URL, 'duban-demo');
  // the demo's evidence files live as long as its database: a folder of its own, emptied each run
  if (process.env.STORAGE_DIR === undefined && process.env.STORAGE_URL === undefined) {
    process.env.STORAGE_DIR = join(tmpdir(), 'duban-demo-attachments');
    rmSync(process.env.STORAGE_DIR, { recursive: true, force: true });
    mkdirSync(process.env.STORAGE_DIR, { recursive: true });
  }
  const config = loadConfig();
  await checkPostgres(databaseUrl, { databaseMayBeMissing: true });
  await checkRedis(config.redisUrl);
  await dropDatabase(databaseUrl);
  await ensureDatabase(databaseUrl);
  await runMigrations(databaseUrl);
  say(`playing the seed plan from 2021-01-01 to ${DEMO_DAY} in ${redactUrl(databaseUrl)} (simulated clock)`);
  const context = await NestFactory.createApplicationContext(CliModule, { logger: ['error', 'warn'] });
  await context.init();
  const story = await runDemoStory(context, (line) => say(`  ${line}`)).finally(() => context.close());
  say(
    `on ${DEMO_DAY}: ${Object.entries(story.byState)
      .map(([state, n]) => `${state} ${n}`)
      .join(', ')}`,
  );

  const as = (username: string, what: string) => `          ${username.padEnd(12)} ${what}`;
  await serveApiAndWorker(config, [
    `  Demo    the plan on ${DEMO_DAY} (演示模式, simulated clock); log in with the password ${config.demoPassword} as`,
    as('inspector', '督查室 (inspector): every task’s light, rectification orders, the ladder, the 2022 milestone check'),
    as(story.leadOfficer, '牵头单位 (lead officer): its tasks, quarterly reports, the open rectification of task 28'),
    as('dongsheng', '责任单位 (responsible unit, 东胜区): contributions owed, a rectification order, notices'),
    as('admin', '管理员 (admin): users, and the 演示模式 banner’s buttons that move the clock a day, a week or to the next due day'),
    `          demo users share a published password: for trying Duban on this machine only`,
  ]);
}

main().catch((error: unknown) => exitOnStartupError('demo', error));
