import { appEnv, type AppProcess, buildOnce, dropRedisPrefix, startApp } from './app-process';
import { loadSettings } from './settings';
import { type Dataset, ensureDataset } from './dataset';

export interface ApiRun {
  settings: ReturnType<typeof loadSettings>;
  dataset: Dataset;
  env: Record<string, string>;
  api: AppProcess;
}

/** The dataset, a fresh build, and the compiled api on it for `work`; the api stopped and this run's Redis keys removed after. */
export async function withApi(name: string, work: (run: ApiRun) => Promise<void>): Promise<void> {
  const settings = loadSettings();
  const dataset = await ensureDataset();
  buildOnce();
  const queuePrefix = `duban-bench-${name}-${process.pid}`;
  const env = appEnv(dataset.databaseUrl, queuePrefix);
  const api = await startApp('api', env);
  try {
    await work({ settings, dataset, env, api });
  } finally {
    await api.stop();
    await dropRedisPrefix(env.REDIS_URL, queuePrefix);
  }
}
