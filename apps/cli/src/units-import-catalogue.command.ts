import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DomainError } from '@duban/domain';
import { UnitAdminService } from '@duban/units';
import { runCommand, UsageError } from './cli-context';

const USAGE = 'usage: npm run units:import-catalogue -- <file.json|file.csv> [--jurisdiction NAME] [--format auto|json|csv] [--json]';
const FORMATS = ['auto', 'json', 'csv'] as const;

/** Imports a jurisdiction's unit catalogue file (the seed's Ordos catalogue, or an office's own), idempotently. */
void runCommand('units:import-catalogue', async (context) => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { jurisdiction: { type: 'string' }, format: { type: 'string', default: 'auto' }, json: { type: 'boolean', default: false } },
  });
  if (positionals.length !== 1) throw new UsageError(USAGE);
  const format = FORMATS.find((f) => f === values.format);
  if (!format) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  const file = positionals[0];
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    const result = await context.get(UnitAdminService).importCatalogue({ content, format, jurisdiction: values.jurisdiction, source: file }, null);
    process.stdout.write(
      values.json
        ? `${JSON.stringify(result, null, 2)}\n`
        : `imported ${file} into ${result.jurisdiction}: ${result.units} units, ${result.inserted} new, ${result.updated} already there (now as the file says, verified)\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof DomainError && error.kind === 'invalid') {
      for (const message of error.reasons) process.stderr.write(`error: ${message}\n`);
      process.stderr.write(`units:import-catalogue: ${file} was not imported; nothing was written\n`);
      return 1;
    }
    throw error;
  }
});
