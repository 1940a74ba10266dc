import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { buildDocumentOffline } from './offline-document';

/**
 * `npm run api:types`: the console's API types, from the OpenAPI document built without a database.
 * The file is not committed: `npm run lint` and `npm run typecheck` write it first, so the console is
 * always checked against the api as it is. Run from the sources: the repository is four levels up.
 */
const API_TYPES_FILE = resolve(__dirname, '..', '..', '..', '..', 'apps', 'console', 'src', 'api-types.generated.ts');

const HEADER = `/**
 * The api's OpenAPI document as TypeScript types, for the console's client (apps/console/src/client.ts).
 * Written by \`npm run api:types\` from the controllers, DTOs and views (not committed; do not edit).
 */
`;

buildDocumentOffline()
  // a property with a default stays optional, as the document says: only request DTOs have defaults (format,
  // dryRun …), and the console's typed calls may leave them out as any client may
  .then((document) => openapiTS(document as unknown as OpenAPI3, { silent: true, defaultNonNullable: false }))
  .then((nodes) => writeFile(API_TYPES_FILE, HEADER + astToString(nodes)))
  .then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
