/** A bench run's sizes from the environment: positive integers, lists of them, and the runs of the HTTP benchmarks. */
export const positiveInt = (name: string, fallback: number): number => {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`${name}=${value}: expected a positive integer`);
  return parsed;
};

export const intList = (name: string, fallback: number[]): number[] => {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  return value.split(',').map((part) => {
    const parsed = Number(part);
    if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`${name}=${value}: expected positive integers, comma-separated`);
    return parsed;
  });
};

/** BENCH_RUNS measured runs (default 3) of BENCH_SECONDS each (default 8), after BENCH_WARMUP_SECONDS (default 3). */
export const loadSettings = () => ({
  runs: positiveInt('BENCH_RUNS', 3),
  seconds: positiveInt('BENCH_SECONDS', 8),
  warmupSeconds: positiveInt('BENCH_WARMUP_SECONDS', 3),
});
