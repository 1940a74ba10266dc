import type { Page } from 'playwright-core';
import { TEST_PASSWORD } from '../support/test-app';

/** Signs `username` in through the console's login page, and waits for the main navigation. */
export async function logIn(page: Page, base: string, username: string): Promise<void> {
  await page.goto(`${base}/`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(TEST_PASSWORD);
  await page.getByLabel('密码').press('Enter');
  await page.getByRole('navigation', { name: '主导航' }).waitFor();
}

/** Checks that every form control of the page has a label, then takes a screenshot to `path`. */
export async function labelledScreenshot(page: Page, name: string, path: string, fullPage: boolean): Promise<void> {
  // evaluated in the page (a string: the tests are compiled without the DOM library)
  const unlabelled = await page.evaluate<string[]>(
    `[...document.querySelectorAll('input, select, textarea')].filter((c) => c.labels.length === 0 && !c.getAttribute('aria-label')).map((c) => c.outerHTML.slice(0, 80))`,
  );
  expect([name, unlabelled]).toEqual([name, []]);
  await page.screenshot({ path, fullPage });
}
