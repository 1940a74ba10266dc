/**
 * What the tests need from Debian besides Node, PostgreSQL and Redis, and what to do when some of
 * it is missing: install it when running as root, else stop with the one command that does.
 * Pure, so the decision is unit-tested; ensure-system-packages.ts does the looking and installing.
 */
export type SystemTool = 'chromium' | 'libreoffice' | 'libreoffice-writer' | 'cjk-font' | 'nginx' | 'jq';

/** In the order they are listed to apt-get. */
export const SYSTEM_TOOLS: Record<SystemTool, { debianPackage: string; purpose: string }> = {
  chromium: { debianPackage: 'chromium', purpose: 'Chromium (the browser tests drive the console in it)' },
  libreoffice: { debianPackage: 'libreoffice-calc-nogui', purpose: 'LibreOffice (the 台账 export test reads the .xlsx back with soffice)' },
  'libreoffice-writer': { debianPackage: 'libreoffice-writer-nogui', purpose: 'LibreOffice Writer (the 督办单 and 通报 tests open the .docx with soffice)' },
  'cjk-font': { debianPackage: 'fonts-wqy-microhei', purpose: 'a CJK font (without one the console screenshots show boxes for Chinese)' },
  nginx: { debianPackage: 'nginx', purpose: 'nginx (npm run bench:scale puts several api processes behind it)' },
  jq: { debianPackage: 'jq', purpose: 'jq (the shell client example in docs/examples reads JSON with it)' },
};

export const ALL_SYSTEM_TOOLS = Object.keys(SYSTEM_TOOLS) as SystemTool[];

/** What the test projects need (CI installs these up front); nginx is only for `npm run bench:scale`. */
export const TEST_SYSTEM_TOOLS: SystemTool[] = ['chromium', 'libreoffice', 'cjk-font', 'jq'];

export const APT_GET_INSTALL = ['install', '-y', '--no-install-recommends'];

export type SystemPackagesPlan = { action: 'none' } | { action: 'install'; packages: string[] } | { action: 'stop'; message: string };

export function planSystemPackages(missing: readonly SystemTool[], runningAsRoot: boolean): SystemPackagesPlan {
  const tools = ALL_SYSTEM_TOOLS.filter((tool) => missing.includes(tool));
  if (tools.length === 0) return { action: 'none' };
  const packages = tools.map((tool) => SYSTEM_TOOLS[tool].debianPackage);
  if (runningAsRoot) return { action: 'install', packages };
  return {
    action: 'stop',
    message: `${purposesOf(tools)} ${tools.length === 1 ? 'is' : 'are'} not installed. Install ${tools.length === 1 ? 'it' : 'them'}, then run the tests again:\n  sudo apt-get ${[...APT_GET_INSTALL, ...packages].join(' ')}`,
  };
}

export function purposesOf(tools: readonly SystemTool[]): string {
  const purposes = tools.map((tool) => SYSTEM_TOOLS[tool].purpose);
  return purposes.length < 2 ? purposes.join('') : `${purposes.slice(0, -1).join(', ')} and ${purposes[purposes.length - 1]}`;
}
