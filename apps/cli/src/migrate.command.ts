import 'reflect-metadata';
import { loadConfig, redactUrl } from '@duban/config';
import { ensureDatabase, runMigrations } from '@duban/persistence';
import { exitOnStartupError } from '@duban/platform';

async function main(): Promise<void> {
  const config = loadConfig();
  if (await ensureDatabase(config.databaseUrl)) process.stdout.write(`created database ${redactUrl(config.databaseUrl)}\n`);
  const applied = await runMigrations(config.databaseUrl);
  process.stdout.write(applied.length ? `applied migrations: ${applied.join(', ')}\n` : 'the schema is up to date\n');
}

main().catch((error: unknown) => exitOnStartupError('migrate', error));
