import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { UnitCatalogue } from '@duban/domain';

/** The project's `seeds/` folder: SEEDS_DIR when set, else found upwards from this file. */
export function seedsDirectory(): string {
  if (process.env.SEEDS_DIR) return resolve(process.env.SEEDS_DIR);
  let dir = __dirname;
  for (;;) {
    if (existsSync(join(dir, 'seeds', 'plans.json'))) return join(dir, 'seeds');
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the seeds/ folder; set SEEDS_DIR');
    dir = parent;
  }
}

export interface SeedPlan {
  file: string;
  jurisdiction: string;
  name?: string;
  planStart?: string;
  planEnd?: string;
  /** the plan's policy document (sections left out: the defaults) */
  policy?: Record<string, unknown>;
}

export interface DemoUsers {
  admin: { username: string };
  inspectors: { username: string; unit: string }[];
  /** officer usernames by the canonical name of their unit */
  officers: Record<string, string>;
  /** unit heads (`unit_head`, also officers of their unit): they name the unit's handlers for a task */
  unitHeads?: { username: string; unit: string }[];
  /** heads of a supervision office (`inspector` and `unit_head`): the close-out chain's `office_head` steps */
  officeHeads?: { username: string; unit: string }[];
  /** each demo user's name as others see it (张伟), by username */
  names?: Record<string, string>;
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

export function readCatalogues(dir = seedsDirectory()): UnitCatalogue[] {
  return readdirSync(dir)
    .filter((name) => /^unit-catalogue\..+\.json$/.test(name))
    .sort()
    .map((name) => readJson<UnitCatalogue>(join(dir, name)));
}

export function readSeedPlans(dir = seedsDirectory()): (SeedPlan & { content: string })[] {
  return readJson<SeedPlan[]>(join(dir, 'plans.json')).map((plan) => ({ ...plan, content: readFileSync(join(dir, plan.file), 'utf8') }));
}

export function readDemoUsers(dir = seedsDirectory()): DemoUsers {
  return readJson<DemoUsers>(join(dir, 'demo-users.json'));
}
