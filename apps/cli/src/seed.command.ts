import { SeedService } from '@duban/seed';
import { runCommand } from './cli-context';

void runCommand('seed', async (context) => {
  const summary = await context.get(SeedService).seed();
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
});
