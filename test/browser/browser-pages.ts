import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
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

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The console of a test app in Debian's headless Chromium: the app listens on a loopback port, each
 * `page` is a fresh browser context (its own session), and a page error fails the test. `close` ends the
 * contexts and the browser; the test closes its app.
 */
export class ConsoleBrowser {
  private readonly contexts: BrowserContext[] = [];

  private constructor(
    readonly base: string,
    private readonly browser: Browser,
  ) {}

  static async open(app: INestApplication): Promise<ConsoleBrowser> {
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
    const server = (await app.listen(0, '127.0.0.1')) as Server;
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--lang=zh-CN', '--disable-gpu', '--no-first-run'],
    });
    return new ConsoleBrowser(base, browser);
  }

  /** A page of a new context; `fixedTime`: the browser's clock (a page that computes days from today). */
  async page(options: { fixedTime?: Date } = {}): Promise<Page> {
    const context = await this.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    this.contexts.push(context);
    if (options.fixedTime) await context.clock.setFixedTime(options.fixedTime);
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    return page;
  }

  /** A new page signed in as `username` through the login page. */
  async signIn(username: string): Promise<Page> {
    const page = await this.page();
    await logIn(page, this.base, username);
    return page;
  }

  async close(): Promise<void> {
    for (const context of this.contexts) await context.close().catch(() => undefined);
    await this.browser.close();
  }
}
