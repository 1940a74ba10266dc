import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SeedService } from '@duban/seed';
import type { TestApp } from './test-app';

/** The real table this project was created from (Ordos city), as the tests import it. */
export const SEED_TABLE = readFileSync(join(__dirname, '..', '..', 'seeds', 'ordos-patriotic-health-task-table.txt'), 'utf8');

/** The unit catalogue and the demo users, without importing the seed table. */
export async function seedUnitsAndUsers(testApp: TestApp): Promise<void> {
  await testApp.app.get(SeedService).seed(undefined, { plans: false });
}

/** Lookups of a plan's tasks by their seq and of the catalogue's units by name. */
export async function planLookups(testApp: TestApp, planId: string): Promise<{ taskId: (seq: number) => string; unitIdOf: (name: string) => string }> {
  const tasks: { id: string; seq: number }[] = await testApp.dataSource.query('SELECT id::text, seq FROM tasks WHERE plan_id = $1', [planId]);
  const units: { id: string; name: string }[] = await testApp.dataSource.query('SELECT id::text, name FROM units');
  return {
    taskId: (seq) => tasks.find((task) => task.seq === seq)!.id,
    unitIdOf: (name) => units.find((unit) => unit.name === name)!.id,
  };
}
