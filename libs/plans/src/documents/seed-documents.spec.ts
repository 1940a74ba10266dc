import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importDocumentRows, importPlan, type ImportedPlan, type PlanImportResult, type UnitCatalogue } from '@duban/domain';
import { printedTableBlocks, printedTableSheet, writeDocx, writeXlsx } from '../../../../test/support/office-documents';
import { readUploadedTable } from './uploaded-document';

const seeds = join(__dirname, '../../../../seeds');
const seedText = readFileSync(join(seeds, 'ordos-patriotic-health-task-table.txt'), 'utf8');
const catalogue = JSON.parse(readFileSync(join(seeds, 'unit-catalogue.ordos.json'), 'utf8')) as UnitCatalogue;
const options = { catalogue, today: '2021-06-01', planStart: '2021-06-01' };
/** The seed printed as its Word original is: section headings across the row, merged 工作内容 and unit cells. */
const printed = printedTableBlocks(seedText, { workItem: 1, lead: 3, support: 4 });

/** The plan without what depends on the form it came in (line numbers, the hash, the format). */
function outline(result: PlanImportResult): unknown {
  if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 5)));
  const { sections, contentHash: _hash, format: _format, newUnits, ...plan }: ImportedPlan = result.plan;
  return {
    ...plan,
    newUnits: newUnits.map((unit) => unit.name),
    sections: sections.map((section) => ({
      title: section.title,
      workItems: section.workItems.map((workItem) => ({
        title: workItem.title,
        tasks: workItem.tasks.map(({ line: _line, ...task }) => task),
      })),
    })),
    warningCodes: [...new Set(result.warnings.map((warning) => warning.code))].sort(),
  };
}

async function importFile(bytes: Buffer, fileName: string): Promise<PlanImportResult> {
  const table = await readUploadedTable(bytes, fileName);
  if (table.kind !== 'document') throw new Error(`${fileName} was read as text`);
  return importDocumentRows(table.document, options);
}

describe('the seed as its Word and Excel originals', () => {
  const fromText = outline(importPlan(seedText, options));

  it('has merged cells as printed (the test would prove nothing otherwise)', () => {
    const tables = printed.flatMap((block) => ('table' in block ? [block.table] : []));
    expect(tables.length).toBeGreaterThan(2);
    expect(tables.flat().filter((row) => row.includes('^')).length).toBeGreaterThan(20);
    expect(tables.flat().filter((row) => row[1] === '<').length).toBeGreaterThan(2);
  });

  it('imports from .docx to exactly the plan the text gives', async () => {
    const result = await importFile(await writeDocx(printed), 'seed.docx');
    expect(result.ok && result.plan.format).toBe('docx');
    expect(outline(result)).toEqual(fromText);
  });

  it('imports from .xlsx to exactly the plan the text gives', async () => {
    const result = await importFile(await writeXlsx([{ name: '任务分解表', grid: printedTableSheet(printed) }]), 'seed.xlsx');
    expect(result.ok && result.plan.format).toBe('xlsx');
    expect(outline(result)).toEqual(fromText);
  });
});
