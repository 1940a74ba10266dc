// global setup runs outside Jest's module mapper: resolve the @duban/* aliases from tsconfig.json
import 'tsconfig-paths/register';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { requireSystemPackages } from '../support/ensure-system-packages';
import e2eGlobalSetup from '../support/global-setup';
import { TEMPLATE_VARIABLE } from '../support/test-database';

const ROOT = join(__dirname, '..', '..');
const SOURCES = join(ROOT, 'apps', 'console');
const BUILT = join(ROOT, 'dist', 'console', 'index.html');

function newestChange(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Chromium and a CJK font, the e2e template database, and a console build no older than its sources (vite build, a few seconds). */
export default async function globalSetup(): Promise<void> {
  requireSystemPackages(['chromium', 'cjk-font']);
  // with `npm test` the e2e project's setup has made the run's template already: share it (one teardown)
  if (!process.env[TEMPLATE_VARIABLE]) await e2eGlobalSetup();
  if (!existsSync(BUILT) || statSync(BUILT).mtimeMs < newestChange(SOURCES)) {
    process.stdout.write('\nbuilding the console (vite build)…\n');
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(SOURCES, 'vite.config.mts')], {
      cwd: ROOT,
      stdio: 'inherit',
    });
  }
}
