import { NestFactory } from '@nestjs/core';
import { CliModule } from '../apps/cli/src/cli.module';
import { dropDatabase, ensureDatabase, runMigrations } from '@duban/persistence';
import { PlanImportService } from '@duban/plans';
import { SeedService } from '@duban/seed';

/**
 * A fresh database for the import benchmarks (`BENCH_DATABASE_URL`, else `postgres://…/<name>`): migrated,
 * the unit catalogue and demo users seeded but no plan, and the importer of an app context on it.
 * `close()` ends the context and drops the database.
 */
export async function importDatabase(name: string): Promise<{ databaseUrl: string; imports: PlanImportService; close: () => Promise<void> }> {
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? `postgres://postgres@127.0.0.1:5432/${name}`;
  await dropDatabase(databaseUrl);
  await ensureDatabase(databaseUrl);
  await runMigrations(databaseUrl);
  process.env.DATABASE_URL = databaseUrl;
  process.env.LOG_LEVEL = 'error';
  const context = await NestFactory.createApplicationContext(CliModule, { logger: ['error'] });
  await context.get(SeedService).seed(undefined, { plans: false });
  return {
    databaseUrl,
    imports: context.get(PlanImportService),
    close: async () => {
      await context.close();
      await dropDatabase(databaseUrl);
    },
  };
}
