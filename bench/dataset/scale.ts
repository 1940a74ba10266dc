import { positiveInt } from '../settings';

/** A dataset's scale (from the environment) and database, and what identifies its generated content. */
export interface DatasetScale {
  tasks: number;
  units: number;
  eventsPerTask: number;
  plans: number;
}

/** Change when the generated content changes, so that old datasets are regenerated. */
export const GENERATOR_VERSION = 6;
export const BENCH_PASSWORD = 'bench-password-2026';
export const JURISDICTION = '鄂尔多斯市';

/** BENCH_TASKS (1,000,000), BENCH_UNITS (5,000), BENCH_EVENTS_PER_TASK (5), BENCH_PLANS (100). */
export function scaleFromEnv(): DatasetScale {
  const tasks = positiveInt('BENCH_TASKS', 1_000_000);
  return {
    tasks,
    units: positiveInt('BENCH_UNITS', 5_000),
    eventsPerTask: positiveInt('BENCH_EVENTS_PER_TASK', 5),
    plans: Math.min(tasks, positiveInt('BENCH_PLANS', 100)),
  };
}

export function datasetUrl(scale: DatasetScale): string {
  const base = process.env.BENCH_DATA_DATABASE_URL;
  if (base) return base;
  return `postgres://postgres@127.0.0.1:5432/duban_bench_data_${scale.tasks}`;
}

/** Responsible (support) units on every generated task, as the seed's tasks have the nine banner governments. */
export const SUPPORTS_PER_TASK = 9;

/**
 * The cascade generated beside the plans of BENCH_TASKS (docs/cascade.md), its tasks on top of them:
 * - the city (鄂尔多斯市): a plan of `cityTasks` tasks, each with the nine banner governments as its
 *   responsible units; each banner a plan serving all of them, `childrenPerCityTask` of its tasks per city task;
 * - a province: `provinceCities` cities (roots of their own), each a plan of `provinceCityTasks` tasks whose lead and
 *   responsible units are its `countiesPerCity` county governments, each county a plan of `countyTasks` tasks serving them.
 * Fixed sizes from 20,000 tasks on but the counties' plans, which shrink with BENCH_TASKS (500 tasks each at 1,000,000,
 * 60,000 in all; 50 at 100,000; 10 at 20,000).
 */
export interface CascadeScale {
  cityTasks: number;
  childrenPerCityTask: number;
  provinceCities: number;
  countiesPerCity: number;
  provinceCityTasks: number;
  countyTasks: number;
}

export function cascadeScale(scale: DatasetScale): CascadeScale {
  const countyTasks = Math.min(500, Math.max(10, Math.round(scale.tasks / 2_000)));
  // from 20,000 tasks on the city's cascade is full size; the smoke run's (2,000) keeps 2 child tasks per city task and banner
  const childrenPerCityTask = Math.min(20, Math.max(2, Math.round(scale.tasks / 1_000)));
  return { cityTasks: 45, childrenPerCityTask, provinceCities: 12, countiesPerCity: 10, provinceCityTasks: Math.min(50, countyTasks), countyTasks };
}
