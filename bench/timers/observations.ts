import type { Queue } from 'bullmq';
import type IORedis from 'ioredis';
import type { Pool } from 'pg';
import type { BenchWorker } from '../timers-support';
import { round2, sleep } from '../timers-support';
import { BURST_POLL_MS, QUEUE_PREFIX } from './settings';

export interface Samples {
  redisUsedBefore: number;
  redisUsedPeak: number;
  redisUsedAfter: number;
  prefixBytesPeak: number;
  prefixKeysPeak: number;
  prefixBytesAfter: number;
  waitingPeak: number;
  activePeak: number;
  /** average number of this database's backends in each state / wait event while sampling */
  backends: Record<string, number>;
}

/** Redis and PostgreSQL observations every 200 ms while a phase runs (the prefix's keys every 2 s). */
export class Sampler {
  private stopped = false;
  private loop?: Promise<void>;
  private waits = new Map<string, number>();
  private samples = 0;
  readonly result: Samples = {
    redisUsedBefore: 0,
    redisUsedPeak: 0,
    redisUsedAfter: 0,
    prefixBytesPeak: 0,
    prefixKeysPeak: 0,
    prefixBytesAfter: 0,
    waitingPeak: 0,
    activePeak: 0,
    backends: {},
  };

  constructor(
    private readonly redis: IORedis,
    private readonly queue: Queue,
    private readonly pool: Pool,
  ) {}

  async start(): Promise<void> {
    this.result.redisUsedBefore = await usedMemory(this.redis);
    this.loop = this.run();
  }

  async stop(): Promise<Samples> {
    this.stopped = true;
    await this.loop;
    this.result.redisUsedAfter = await usedMemory(this.redis);
    this.result.prefixBytesAfter = (await prefixMemory(this.redis)).bytes;
    this.result.backends = Object.fromEntries(
      [...this.waits].sort((a, b) => b[1] - a[1]).map(([key, count]) => [key, round2(count / Math.max(1, this.samples))]),
    );
    return this.result;
  }

  private async run(): Promise<void> {
    for (let tick = 0; !this.stopped; tick += 1) {
      const started = Date.now();
      const [used, counts, waits] = await Promise.all([
        usedMemory(this.redis),
        this.queue.getJobCounts('wait', 'active'),
        this.pool.query<{ what: string; n: number }>(
          `SELECT CASE WHEN state = 'active' THEN 'active: ' || coalesce(wait_event_type || ':' || wait_event, 'on CPU') ELSE state END AS what, count(*)::int AS n
             FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name <> 'duban-bench'
              AND state IN ('active', 'idle in transaction')
            GROUP BY 1`,
        ),
      ]);
      this.samples += 1;
      for (const row of waits.rows) this.waits.set(row.what, (this.waits.get(row.what) ?? 0) + row.n);
      this.result.redisUsedPeak = Math.max(this.result.redisUsedPeak, used);
      this.result.waitingPeak = Math.max(this.result.waitingPeak, counts.wait ?? 0);
      this.result.activePeak = Math.max(this.result.activePeak, counts.active ?? 0);
      if (tick % 10 === 0) {
        const prefix = await prefixMemory(this.redis);
        this.result.prefixBytesPeak = Math.max(this.result.prefixBytesPeak, prefix.bytes);
        this.result.prefixKeysPeak = Math.max(this.result.prefixKeysPeak, prefix.keys);
      }
      await sleep(BURST_POLL_MS - (Date.now() - started));
    }
  }
}

export async function usedMemory(redis: IORedis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
}

/** Keys of this run's queue prefix and their size (MEMORY USAGE), independent of other Redis users. */
export async function prefixMemory(redis: IORedis): Promise<{ keys: number; bytes: number }> {
  let keys = 0;
  let bytes = 0;
  for await (const batch of redis.scanStream({ match: `${QUEUE_PREFIX}:*`, count: 1_000 }) as AsyncIterable<string[]>) {
    if (batch.length === 0) continue;
    const pipeline = redis.pipeline();
    for (const key of batch) pipeline.memory('USAGE', key);
    const results = (await pipeline.exec()) ?? [];
    keys += batch.length;
    bytes += results.reduce((sum, [, value]) => sum + (typeof value === 'number' ? value : 0), 0);
  }
  return { keys, bytes };
}

/** CPU groups: the workers, this database's PostgreSQL backends, PostgreSQL's WAL writer and checkpointer, Redis, the bench. */
export async function cpuGroups(pool: Pool, workers: BenchWorker[]): Promise<Record<string, number[] | string>> {
  const { rows } = await pool.query<{ pid: number; own: boolean }>(
    `SELECT pid, datname IS NOT NULL AS own FROM pg_stat_activity
      WHERE datname = current_database() OR backend_type IN ('checkpointer', 'background writer', 'walwriter')`,
  );
  return {
    ...(workers.length > 0 ? { workers: workers.map((w) => w.pid) } : {}),
    postgres: rows.filter((r) => r.own).map((r) => r.pid),
    pgWalCheckpoint: rows.filter((r) => !r.own).map((r) => r.pid),
    redis: 'redis-server',
    bench: [process.pid],
  };
}

export async function deletePrefix(redis: IORedis): Promise<void> {
  for await (const keys of redis.scanStream({ match: `${QUEUE_PREFIX}:*`, count: 1_000 }) as AsyncIterable<string[]>) {
    if (keys.length > 0) await redis.del(...keys);
  }
}
