import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/**
 * `npm run bench:smoke`: every benchmark once at a tiny size, so that CI keeps them running (the
 * figures mean nothing). Its own dataset (duban_bench_data_2000) is overwritten like a real run's;
 * its results go to bench/results/smoke/ (BENCH_RESULTS_DIR; ignored by git, not read by
 * `npm run bench:page`), never over the committed results in bench/results/. Sizes (and a
 * BENCH_RESULTS_DIR) the caller sets in the environment win.
 */
const SMOKE: Record<string, string> = {
  BENCH_TASKS: '2000',
  BENCH_UNITS: '60',
  BENCH_EVENTS_PER_TASK: '3',
  BENCH_PLANS: '4',
  BENCH_RUNS: '1',
  BENCH_SECONDS: '2',
  BENCH_WARMUP_SECONDS: '1',
  BENCH_LOGIN_USERS: '8',
  BENCH_TRANSITION_TASKS: '200',
  BENCH_TRANSITION_CLIENTS: '4',
  BENCH_INBOX_CLIENTS: '4',
  BENCH_TASK_LIST_CLIENTS: '4',
  BENCH_SEARCH_CLIENTS: '4',
  BENCH_CONTRIBUTIONS_CLIENTS: '4',
  BENCH_CONTRIBUTIONS_TASKS: '8',
  BENCH_CASCADE_CLIENTS: '4',
  BENCH_IMPORT_ROWS: '300',
  BENCH_TIMER_BURST: '300',
  BENCH_TIMER_RATE: '50',
  BENCH_TIMER_SECONDS: '2',
  BENCH_WORKERS: '1',
  BENCH_ATTACHMENT_MB_PER_CLIENT: '4',
  BENCH_ATTACHMENT_SIZES_MB: '1,2',
  BENCH_ATTACHMENT_BIG_MB: '8',
  BENCH_RESULTS_DIR: join(__dirname, 'results', 'smoke'),
};
const BENCHES = ['import', 'transitions', 'inbox', 'task-list', 'milestone', 'timers', 'attachments', 'search', 'contributions', 'cascade', 'floor'];
/** a benchmark's own smoke sizes over SMOKE's: the cascade's three readings and the contributions' one take 1 s runs, the floor two costs */
const OWN: Record<string, Record<string, string>> = {
  contributions: { BENCH_SECONDS: '1' },
  cascade: { BENCH_SECONDS: '1' },
  floor: { BENCH_SECONDS: '1', BENCH_FLOOR_COSTS: '0,500' },
};

const started = performance.now();
const env = { ...process.env, ...Object.fromEntries(Object.entries(SMOKE).filter(([name]) => process.env[name] === undefined)) };
for (const bench of BENCHES) {
  const begun = performance.now();
  execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(__dirname, `${bench}.bench.ts`)], {
    cwd: join(__dirname, '..'),
    env: { ...env, ...Object.fromEntries(Object.entries(OWN[bench] ?? {}).filter(([name]) => process.env[name] === undefined)) },
    stdio: 'inherit',
  });
  console.log(`bench:smoke ${bench}: ${((performance.now() - begun) / 1_000).toFixed(1)} s`);
}
console.log(`bench:smoke: all ${BENCHES.length} benchmarks in ${((performance.now() - started) / 1_000).toFixed(1)} s; results in ${env.BENCH_RESULTS_DIR}`);
