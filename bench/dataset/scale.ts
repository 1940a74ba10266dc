import { positiveInt } from '../settings';

/** A dataset's scale (from the environment) and database, and what identifies its generated content. */
export interface DatasetScale {
  tasks: number;
  units: number;
  eventsPerTask: number;
  plans: number;
}

/** Change when the generated content changes, so that old datasets are regenerated. */
export const GENERATOR_VERSION = 4;
export const BENCH_PASSWORD = 'bench-password-2026';
export const JURISDICTION = '鄂尔多斯市';

/** BENCH_TASKS (1,000,000), BENCH_UNITS (5,000), BENCH_EVENTS_PER_TASK (10), BENCH_PLANS (100). */
export function scaleFromEnv(): DatasetScale {
  const tasks = positiveInt('BENCH_TASKS', 1_000_000);
  return {
    tasks,
    units: positiveInt('BENCH_UNITS', 5_000),
    eventsPerTask: positiveInt('BENCH_EVENTS_PER_TASK', 10),
    plans: Math.min(tasks, positiveInt('BENCH_PLANS', 100)),
  };
}

export function datasetUrl(scale: DatasetScale): string {
  const base = process.env.BENCH_DATA_DATABASE_URL;
  if (base) return base;
  return `postgres://postgres@127.0.0.1:5432/duban_bench_data_${scale.tasks}`;
}
