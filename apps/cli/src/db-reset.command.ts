import 'reflect-metadata';
import { loadConfig, redactUrl } from '@duban/config';
import { dropDatabase, ensureDatabase, runMigrations } from '@duban/persistence';
import { exitOnStartupError } from '@duban/platform';

/** Drops the database of DATABASE_URL, creates it again and migrates it (development only). */
async function main(): Promise<void> {
  const config = loadConfig();
  if (process.env.NODE_ENV === 'production') throw new Error('db:reset refuses to run with NODE_ENV=production');
  await dropDatabase(config.databaseUrl);
  await ensureDatabase(config.databaseUrl);
  const applied = await runMigrations(config.databaseUrl);
  process.stdout.write(`reset ${redactUrl(config.databaseUrl)}; applied ${applied.length} migrations\n`);
}

main().catch((error: unknown) => exitOnStartupError('db:reset', error));
