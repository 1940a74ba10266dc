import 'reflect-metadata';
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { API_NODE_OPTIONS, loadConfig, redactUrl } from '@duban/config';
import { checkPostgres, ensureDatabase, runMigrations } from '@duban/persistence';
import { checkRedis, exitOnStartupError } from '@duban/platform';
import { readDemoUsers, SeedService } from '@duban/seed';
import { CliModule } from './cli.module';

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

  // one secret for both processes and for the whole run, so tokens survive a child's restart
  process.env.JWT_SECRET = config.jwtSecret;
  const root = join(__dirname, '..', '..', '..');
  const children = [
    launch('api', join(root, 'apps', 'api', 'src', 'main.js'), API_NODE_OPTIONS),
    launch('worker', join(root, 'apps', 'worker', 'src', 'main.js'), ['--enable-source-maps']),
  ];
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    for (const child of children) if (child.exitCode === null) child.kill(signal);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  for (const child of children) {
    child.on('exit', (code, signal) => {
      if (!stopping) {
        process.stderr.write(`duban: the ${child === children[0] ? 'api' : 'worker'} stopped (${signal ?? `exit ${code}`}); stopping the rest\n`);
        process.exitCode = code || 1;
        stop('SIGTERM');
      }
      if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) process.exit();
    });
  }

  await waitForHealth(`http://127.0.0.1:${config.port}/health`, children[0]);
  const demo = readDemoUsers();
  say('');
  say(`Duban is running.`);
  say(`  Console http://127.0.0.1:${config.port}/`);
  say(`  API     http://127.0.0.1:${config.port}/api/v1`);
  say(`  Docs    http://127.0.0.1:${config.port}/docs`);
  say(`  Health  http://127.0.0.1:${config.port}/health`);
  if (config.production) {
    say(`  Log in  no demo users with NODE_ENV=production: create an admin with npm run user:create-admin`);
  } else {
    say(`  Log in  POST /api/v1/auth/login {"username":"${demo.admin.username}","password":"${config.demoPassword}"}`);
    say(`          (inspector: ${demo.inspectors[0].username}; one officer per unit, see README "Demo users"; same password)`);
    say(`  Demo    these demo users share a published password: for trying Duban on this machine only.`);
    say(`          A deployment (NODE_ENV=production, docker compose) never creates them: npm run user:create-admin`);
  }
  say(`  Stop    Ctrl-C`);
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function launch(name: string, script: string, nodeOptions: readonly string[]): ChildProcess {
  return spawn(process.execPath, [...nodeOptions, script], { stdio: 'inherit', env: process.env }).on('error', (error) => {
    process.stderr.write(`duban: cannot start the ${name}: ${error.message}\n`);
  });
}

async function waitForHealth(url: string, api: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 120 && api.exitCode === null; attempt += 1) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

main().catch((error: unknown) => exitOnStartupError('start', error));
