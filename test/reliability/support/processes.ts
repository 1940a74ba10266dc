import type { AppConfig } from '@duban/config';
import { type ServiceProcess, startService } from '../../support/service-process';
import { freePort } from '../../support/free-port';
import { waitFor } from '../../support/worker-process';

export { type ServiceProcess, startService };
export { freePort };

export interface ApiProcess extends ServiceProcess {
  baseUrl: string;
}

/** The api on a free loopback port, answering /health (any status) before this resolves. */
export async function startApi(config: AppConfig, env: Record<string, string> = {}): Promise<ApiProcess> {
  const port = await freePort();
  const service = startService('api', config, { PORT: String(port), ...env });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      'the api to listen',
      async () => {
        if (service.child.exitCode !== null) throw new Error(`the api exited: ${service.output()}`);
        return fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2_000) }).then(
          () => true,
          () => false,
        );
      },
      90_000,
    );
  } catch (error) {
    await service.stop(1_000);
    throw error;
  }
  return { ...service, baseUrl };
}

/** The worker, once it logs that it is ready. */
export async function startWorkerProcess(config: AppConfig, env: Record<string, string> = {}): Promise<ServiceProcess> {
  const service = startService('worker', config, { LOG_LEVEL: 'info', ...env });
  try {
    await waitFor(
      'the worker to be ready',
      async () => {
        if (service.child.exitCode !== null) throw new Error(`the worker exited: ${service.output()}`);
        return Promise.resolve(service.output().includes('worker ready'));
      },
      90_000,
    );
  } catch (error) {
    await service.stop(1_000);
    throw error;
  }
  return service;
}

/** fetch with a bound: a hang is a failure, never a stuck test. */
export async function http(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; timeoutMs?: number } = {},
): Promise<{ status: number; body: unknown; text: string }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
      ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
    signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, body, text };
}
