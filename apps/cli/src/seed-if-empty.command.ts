import { loadConfig } from '@duban/config';
import { SeedService } from '@duban/seed';
import { runCommand } from './cli-context';

/** Seeds an empty database when SEED_ON_START is true (the container's start-up step). */
void runCommand('seed', async (context) => {
  if (!loadConfig().seedOnStart) return;
  const summary = await context.get(SeedService).seedIfEmpty();
  process.stdout.write(
    summary.seeded ? `seeded ${summary.units} units, ${summary.plans.length} plan(s), ${summary.users} demo users\n` : 'the database has data; not seeding\n',
  );
});
