import { planSystemPackages } from './system-packages';

describe('planSystemPackages', () => {
  it('does nothing when nothing is missing', () => {
    expect(planSystemPackages([], true)).toEqual({ action: 'none' });
    expect(planSystemPackages([], false)).toEqual({ action: 'none' });
  });

  it('installs just the missing packages as root, in one apt-get order', () => {
    expect(planSystemPackages(['cjk-font', 'chromium'], true)).toEqual({ action: 'install', packages: ['chromium', 'fonts-wqy-microhei'] });
    expect(planSystemPackages(['libreoffice'], true)).toEqual({ action: 'install', packages: ['libreoffice-calc-nogui'] });
  });

  it('stops a user who is not root with the one command to run', () => {
    const plan = planSystemPackages(['libreoffice', 'cjk-font', 'chromium'], false);
    expect(plan.action).toBe('stop');
    const message = plan.action === 'stop' ? plan.message : '';
    expect(message).toMatch(/^Chromium \(.*\), LibreOffice \(.*\) and a CJK font \(.*\) are not installed\./);
    expect(message.split('\n').filter((line) => line.includes('apt-get'))).toEqual([
      '  sudo apt-get install -y --no-install-recommends chromium libreoffice-calc-nogui fonts-wqy-microhei',
    ]);
  });

  it('names a single missing tool in the singular', () => {
    const plan = planSystemPackages(['libreoffice'], false);
    expect(plan.action === 'stop' && plan.message).toMatch(
      /^LibreOffice \(.*\) is not installed\. Install it, then run the tests again:\n {2}sudo apt-get install -y --no-install-recommends libreoffice-calc-nogui$/,
    );
  });
});
