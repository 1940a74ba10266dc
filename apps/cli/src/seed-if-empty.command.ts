import { loadConfig } from '@duban/config';
import { SeedService } from '@duban/seed';
import { runCommand } from './cli-context';

/** Seeds an empty database when SEED_ON_START is true (the container's start-up step). */
void runCommand('seed', async (context) => {
  if (!loadConfig().seedOnStart) return;
  const summary = await context.get(SeedService).seedIfEmpty();
  if (!summary.seeded) return void process.stdout.write('the database has data; not seeding\n');
  process.stdout.write(
    summary.demoUsersSkipped
      ? `seeded ${summary.units} units, ${summary.plans.length} plan(s) and no demo users (NODE_ENV=production); create the first admin with user:create-admin (docs/security.md)\n`
      : `seeded ${summary.units} units, ${summary.plans.length} plan(s), ${summary.users} demo users\n`,
  );
});
