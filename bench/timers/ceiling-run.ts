import { Client, type Client as PgClient } from 'pg';
import { cpuSnapshot, cpuUse } from '../timers-support';
import { cpuGroups } from './observations';
import { CORES, DATABASE_URL } from './settings';
import { reminderEvents, type Setup, verify } from './timer-rows';

/** The ceilings (see bench/timers.bench.ts): the same writes as the app's, through bare `pg`. */
export interface CeilingResult {
  run: number;
  clients: number;
  timers: number;
  totalMs: number;
  throughput: number;
  allApplied: boolean;
  cpuCores: Record<string, number> | null;
}

/**
 * Applies `units` of work (a timer, a batch of timers) from `clients` connections, one transaction
 * each; `apply` sends the statements after `BEGIN` and answers false to roll back instead of
 * committing. Timed from the first unit to the last, with the CPU of every process group, then
 * checked: every one of `timers` timers tagged `tag` applied, with its event and notices.
 */
export async function runCeiling<Unit>(
  s: Setup,
  options: { run: number; clients: number; timers: number; tag: string; units: Unit[]; apply: (c: PgClient, unit: Unit) => Promise<boolean> },
): Promise<CeilingResult> {
  const { run, clients, timers, tag, units, apply } = options;
  const connections = await Promise.all(
    Array.from({ length: clients }, async () => {
      const client = new Client({ connectionString: DATABASE_URL, application_name: 'duban-bench-ceiling' });
      await client.connect();
      return client;
    }),
  );
  const eventsBefore = await reminderEvents(s.pool);
  let next = 0;
  const cpuFrom = cpuSnapshot();
  const started = Date.now();
  await Promise.all(
    connections.map(async (c) => {
      while (next < units.length) {
        const unit = units[next];
        next += 1;
        await c.query('BEGIN');
        try {
          await c.query((await apply(c, unit)) ? 'COMMIT' : 'ROLLBACK');
        } catch (error) {
          await c.query('ROLLBACK');
          throw error;
        }
      }
    }),
  );
  const totalMs = Date.now() - started;
  const cpuTo = cpuSnapshot();
  const groups = await cpuGroups(s.pool, []);
  await Promise.all(connections.map((c) => c.end()));
  const checked = await verify(s.pool, tag);
  const eventsAfter = await reminderEvents(s.pool);
  return {
    run,
    clients,
    timers,
    totalMs,
    throughput: timers / (totalMs / 1_000),
    allApplied: checked.applied === timers && checked.notices === checked.expected_notices && eventsAfter - eventsBefore === timers,
    cpuCores: cpuUse(cpuFrom, cpuTo, groups, CORES),
  };
}
