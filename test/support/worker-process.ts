import type { AppConfig } from '@duban/config';
import { type ServiceProcess, startService } from './service-process';

export type WorkerProcess = ServiceProcess;

/** A real worker process on the test app's database, Redis prefix and clock. */
export function startWorker(config: AppConfig, env: Record<string, string> = {}): WorkerProcess {
  return startService('worker', config, env);
}

/** Polls `probe` until it returns true; fails with `what` after `timeoutMs`. */
export async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs = 60_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await probe()) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
