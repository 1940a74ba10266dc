import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { importDocumentRows, type UnitCatalogue } from '@duban/domain';
import { readUploadedTable } from '../libs/plans/src/documents/uploaded-document';

/**
 * The reading process of bench:import-documents: reads one Word or Excel file and imports its rows
 * (pure domain, no database), then prints its time and peak RSS as JSON. The benchmark bundles it
 * to plain JavaScript first (no TypeScript compiler in the process), so its RSS is what a process
 * that reads the file needs. Arguments: the file, the catalogue, and `--baseline` to read nothing.
 */
async function main(): Promise<void> {
  const [file, cataloguePath, only] = process.argv.slice(2);
  const catalogue = JSON.parse(readFileSync(cataloguePath ?? '', 'utf8')) as UnitCatalogue;
  if (only === '--baseline') {
    process.stdout.write(`${JSON.stringify({ maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
    return;
  }
  const bytes = readFileSync(file ?? '');
  const started = performance.now();
  const table = await readUploadedTable(bytes, file);
  const read = performance.now();
  if (table.kind !== 'document') throw new Error(`${file ?? ''} was read as text`);
  const result = importDocumentRows(table.document, { catalogue, today: '2021-06-01', planStart: '2021-01-01' });
  if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 3)));
  const tasks = result.plan.sections.reduce((sum, section) => sum + section.workItems.reduce((n, workItem) => n + workItem.tasks.length, 0), 0);
  process.stdout.write(
    `${JSON.stringify({ readMs: read - started, totalMs: performance.now() - started, tasks, rows: table.document.rows.length, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
