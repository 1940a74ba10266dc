import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { API_NODE_OPTIONS, type AppConfig } from '@duban/config';

/**
 * Runs the api and the worker as child processes until SIGINT/SIGTERM (one stopping stops the
 * other), waits for the api's health, then prints where everything is and `loginLines`.
 * Shared by `npm start` and `npm run demo`.
 */
export async function serveApiAndWorker(config: AppConfig, loginLines: string[]): Promise<void> {
  // one secret for both processes and for the whole run, so tokens survive a child's restart
  process.env.JWT_SECRET = config.jwtSecret;
  const root = join(__dirname, '..', '..', '..');
  const children = [
    launch('api', join(root, 'apps', 'api', 'src', 'main.js'), API_NODE_OPTIONS),
    launch('worker', join(root, 'apps', 'worker', 'src', 'main.js'), ['--enable-source-maps']),
  ];
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    for (const child of children) if (child.exitCode === null) child.kill(signal);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  for (const child of children) {
    child.on('exit', (code, signal) => {
      if (!stopping) {
        process.stderr.write(`duban: the ${child === children[0] ? 'api' : 'worker'} stopped (${signal ?? `exit ${code}`}); stopping the rest\n`);
        process.exitCode = code || 1;
        stop('SIGTERM');
      }
      if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) process.exit();
    });
  }

  await waitForHealth(`http://127.0.0.1:${config.port}/health`, children[0]);
  say('');
  say(`Duban is running.`);
  say(`  Console http://127.0.0.1:${config.port}/`);
  say(`  API     http://127.0.0.1:${config.port}/api/v1`);
  say(`  Docs    http://127.0.0.1:${config.port}/docs`);
  say(`  Health  http://127.0.0.1:${config.port}/health`);
  for (const line of loginLines) say(line);
  say(`  Stop    Ctrl-C`);
}

export function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function launch(name: string, script: string, nodeOptions: readonly string[]): ChildProcess {
  return spawn(process.execPath, [...nodeOptions, script], { stdio: 'inherit', env: process.env }).on('error', (error) => {
    process.stderr.write(`duban: cannot start the ${name}: ${error.message}\n`);
  });
}

async function waitForHealth(url: string, api: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 120 && api.exitCode === null; attempt += 1) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
