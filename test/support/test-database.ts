import { randomBytes } from 'node:crypto';

/** The server e2e tests create their databases on: DATABASE_URL's server, else the default. */
export function serverUrl(): URL {
  return new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/duban_test');
}

export function databaseUrlFor(name: string): string {
  if (!name.includes('test')) throw new Error(`refusing to use database "${name}" for tests: its name must contain "test"`);
  const url = serverUrl();
  url.pathname = `/${name}`;
  return url.toString();
}

export const RUN_ID_VARIABLE = 'DUBAN_TEST_RUN_ID';
export const TEMPLATE_VARIABLE = 'DUBAN_TEST_TEMPLATE_DB';

export function uniqueSuffix(): string {
  return randomBytes(4).toString('hex');
}
