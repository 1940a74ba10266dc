import { ensureSystemPackages, type SystemHost, SystemPackagesError } from './ensure-system-packages';
import type { SystemTool } from './system-packages';

/** A machine with some tools missing; apt-get answers from a script and installs what it is asked for. */
function pretendHost(options: { missing: SystemTool[]; root: boolean; aptAnswers?: boolean[]; aptInstallsNothing?: boolean }) {
  const missing = new Set(options.missing);
  const answers = [...(options.aptAnswers ?? [])];
  const calls: string[] = [];
  const host: SystemHost = {
    isInstalled: (tool) => !missing.has(tool),
    runningAsRoot: () => options.root,
    aptGet: (args) => {
      calls.push(args.join(' '));
      const ok = answers.shift() ?? true;
      if (ok && args[0] === 'install' && !options.aptInstallsNothing) missing.clear();
      return { ok, output: ok ? '' : 'E: Unable to locate package chromium\n' };
    },
    say: () => undefined,
  };
  return { host, calls };
}

describe('ensureSystemPackages', () => {
  it('leaves a machine that has everything alone', () => {
    const { host, calls } = pretendHost({ missing: [], root: true });
    ensureSystemPackages(['chromium', 'cjk-font'], host);
    expect(calls).toEqual([]);
  });

  it('installs only what the suite asked for and lacks', () => {
    const { host, calls } = pretendHost({ missing: ['chromium', 'libreoffice'], root: true });
    ensureSystemPackages(['chromium', 'cjk-font'], host);
    expect(calls).toEqual(['install -y --no-install-recommends chromium']);
  });

  it('retries once after apt-get update', () => {
    const { host, calls } = pretendHost({ missing: ['chromium'], root: true, aptAnswers: [false, true, true] });
    ensureSystemPackages(['chromium'], host);
    expect(calls).toEqual(['install -y --no-install-recommends chromium', 'update', 'install -y --no-install-recommends chromium']);
  });

  it('stops with apt-get’s last words when the retry fails too', () => {
    const { host, calls } = pretendHost({ missing: ['chromium'], root: true, aptAnswers: [false, true, false] });
    expect(() => ensureSystemPackages(['chromium'], host)).toThrow(/apt-get could not install chromium:\nE: Unable to locate package chromium/);
    expect(calls).toHaveLength(3);
  });

  it('stops when apt-get succeeded but the tool is still not there', () => {
    const { host } = pretendHost({ missing: ['cjk-font'], root: true, aptInstallsNothing: true });
    expect(() => ensureSystemPackages(['cjk-font'], host)).toThrow(/a CJK font .*: still not found after apt-get installed fonts-wqy-microhei/);
  });

  it('never runs apt-get for a user who is not root: it says the command instead', () => {
    const { host, calls } = pretendHost({ missing: ['libreoffice'], root: false });
    expect(() => ensureSystemPackages(['libreoffice'], host)).toThrow(SystemPackagesError);
    expect(() => ensureSystemPackages(['libreoffice'], host)).toThrow('sudo apt-get install -y --no-install-recommends libreoffice-calc-nogui');
    expect(calls).toEqual([]);
  });
});
