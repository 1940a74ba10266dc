import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { APT_GET_INSTALL, planSystemPackages, purposesOf, type SystemTool, TEST_SYSTEM_TOOLS } from './system-packages';

/** Where apt-get's output goes: the test output stays short, the whole story is kept. */
export const APT_LOG = join(tmpdir(), 'duban-apt.log');

/** The machine, as ensureSystemPackages sees it (the unit test gives a pretend one). */
export interface SystemHost {
  isInstalled(tool: SystemTool): boolean;
  runningAsRoot(): boolean;
  aptGet(args: readonly string[]): { ok: boolean; output: string };
  say(line: string): void;
}

export class SystemPackagesError extends Error {}

/** Installs what is missing (as root: apt-get install, retried once after apt-get update), or throws saying how. */
export function ensureSystemPackages(tools: readonly SystemTool[], host: SystemHost = debianHost()): void {
  const missing = tools.filter((tool) => !host.isInstalled(tool));
  const plan = planSystemPackages(missing, host.runningAsRoot());
  if (plan.action === 'none') return;
  if (plan.action === 'stop') throw new SystemPackagesError(plan.message);

  host.say(`missing: ${purposesOf(missing)}.\nInstalling ${plan.packages.join(' ')} with apt-get (output in ${APT_LOG})…`);
  const install = [...APT_GET_INSTALL, ...plan.packages];
  let result = host.aptGet(install);
  if (!result.ok) {
    // a fresh machine or image may have no package lists yet, or stale ones
    const update = host.aptGet(['update']);
    result = update.ok ? host.aptGet(install) : update;
  }
  if (!result.ok) {
    const tail = result.output.trimEnd().split('\n').slice(-20).join('\n');
    throw new SystemPackagesError(`apt-get could not install ${plan.packages.join(' ')}:\n${tail}`);
  }
  const stillMissing = missing.filter((tool) => !host.isInstalled(tool));
  if (stillMissing.length > 0) throw new SystemPackagesError(`${purposesOf(stillMissing)}: still not found after apt-get installed ${plan.packages.join(' ')}`);
}

/** For the Jest setups and CI: ensureSystemPackages, ending the run with one clear message when it cannot. */
export function requireSystemPackages(tools: readonly SystemTool[]): void {
  try {
    ensureSystemPackages(tools);
  } catch (error) {
    if (!(error instanceof SystemPackagesError)) throw error;
    process.stderr.write(`\nduban tests: ${error.message}\n`);
    process.exit(1);
  }
}

function debianHost(): SystemHost {
  return {
    isInstalled,
    runningAsRoot: () => process.getuid?.() === 0,
    aptGet: (args) => {
      const run = spawnSync('apt-get', args, { encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, maxBuffer: 256 * 1024 * 1024 });
      const output = `${run.stdout ?? ''}${run.stderr ?? ''}${run.error ? `${run.error.message}\n` : ''}`;
      writeFileSync(APT_LOG, `$ apt-get ${args.join(' ')}\n${output}`, { flag: 'a' });
      return { ok: run.status === 0, output };
    },
    say: (line) => process.stdout.write(`\nduban tests: ${line}\n`),
  };
}

/** Where the tests look for each: test/browser (CHROMIUM_PATH), test/reports.e2e-spec.ts and test/documents.e2e-spec.ts, test/client-examples.e2e-spec.ts (jq); nginx where bench/scale/nginx.ts starts it. */
function isInstalled(tool: SystemTool): boolean {
  switch (tool) {
    case 'chromium':
      return existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium');
    case 'libreoffice':
      return existsSync('/usr/bin/soffice');
    case 'libreoffice-writer':
      return existsSync('/usr/lib/libreoffice/program/libswlo.so');
    case 'nginx':
      return existsSync('/usr/sbin/nginx');
    case 'jq':
      return existsSync('/usr/bin/jq');
    case 'cjk-font':
      return ['/usr/share/fonts', '/usr/local/share/fonts', join(homedir(), '.local', 'share', 'fonts')].some(hasCjkFont);
  }
}

function hasCjkFont(directory: string): boolean {
  if (!existsSync(directory)) return false;
  return readdirSync(directory, { recursive: true, encoding: 'utf8' }).some((file) => /wqy|wenquanyi|noto\w*cjk/i.test(file));
}

// CI (.ci/run) makes the same check up front, for every suite
if (require.main === module) requireSystemPackages(TEST_SYSTEM_TOOLS);
