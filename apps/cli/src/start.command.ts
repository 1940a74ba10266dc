import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig, redactUrl } from '@duban/config';
import { checkPostgres, ensureDatabase, runMigrations } from '@duban/persistence';
import { checkRedis, exitOnStartupError } from '@duban/platform';
import { readDemoUsers, SeedService } from '@duban/seed';
import { CliModule } from './cli.module';
import { say, serveApiAndWorker } from './serve';

/**
 * `npm start`: checks PostgreSQL and Redis, creates and migrates the database, seeds an empty
 * database, then runs the api and the worker as child processes until SIGINT/SIGTERM.
 */
async function main(): Promise<void> {
  process.env.SEED_ON_START ??= 'true';
  const config = loadConfig();
  await checkPostgres(config.databaseUrl, { databaseMayBeMissing: true });
  await checkRedis(config.redisUrl);
  if (await ensureDatabase(config.databaseUrl)) say(`created database ${redactUrl(config.databaseUrl)}`);
  const applied = await runMigrations(config.databaseUrl);
  if (applied.length) say(`applied ${applied.length} migration(s)`);

  if (config.seedOnStart) {
    const context = await NestFactory.createApplicationContext(CliModule, { logger: ['error', 'warn'] });
    const summary = await context.get(SeedService).seedIfEmpty();
    await context.close();
    if (summary.seeded) {
      for (const plan of summary.plans) say(`seeded plan ${plan.planId} (${plan.tasks} tasks, ${plan.warnings} import warnings)`);
      say(`seeded ${summary.units} units and ${summary.users} demo users`);
    }
  }

  const demo = readDemoUsers();
  await serveApiAndWorker(
    config,
    config.production
      ? [`  Log in  no demo users with NODE_ENV=production: create an admin with npm run user:create-admin`]
      : [
          `  Log in  POST /api/v1/auth/login {"username":"${demo.admin.username}","password":"${config.demoPassword}"}`,
          `          (inspector: ${demo.inspectors[0].username}; one officer per unit, see README "Demo users"; same password)`,
          `  Demo    these demo users share a published password: for trying Duban on this machine only.`,
          `          A deployment (NODE_ENV=production, docker compose) never creates them: npm run user:create-admin`,
        ],
  );
}

main().catch((error: unknown) => exitOnStartupError('start', error));
