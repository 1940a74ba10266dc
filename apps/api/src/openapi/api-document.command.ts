import 'reflect-metadata';
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { buildDocumentOffline } from './offline-document';

/**
 * `npm run api:document`: writes the OpenAPI document the code builds to `docs/openapi.json`, the
 * committed copy of the contract, so a change of contract shows in review. `-- --check` writes
 * nothing and fails when the copy differs (`npm run lint`, hence CI). Run from the sources: the
 * repository is four levels up.
 */
const DOCUMENT_FILE = resolve(__dirname, '..', '..', '..', '..', 'docs', 'openapi.json');

async function main(check: boolean): Promise<number> {
  const text = `${JSON.stringify(await buildDocumentOffline(), null, 2)}\n`;
  if (!check) {
    await writeFile(DOCUMENT_FILE, text);
    return 0;
  }
  const committed = await readFile(DOCUMENT_FILE, 'utf8').catch(() => '');
  if (committed === text) return 0;
  console.error('docs/openapi.json is not the document the code builds: run `npm run api:document` and commit it');
  return 1;
}

main(process.argv.includes('--check')).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
