import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importDocumentRows, importPlan, type ImportedTask, type PlanImportResult, type UnitCatalogue } from '@duban/domain';
import { sheetsFromText, wordBlocksFromText, writeDocx, writeXlsx } from '../../../../test/support/office-documents';
import { readUploadedTable } from './uploaded-document';

/**
 * Other cities' tables, typed by hand in the forms offices send them (space-separated text, a pipe
 * table, the list form, a Word document with merged cells, an Excel workbook), each with the outline
 * it must import to. Word and Excel files are written from their `.docx.md`/`.xlsx.md` grids
 * (`^` merged with the cell above, `<` with the cell to the left) and uploaded as files.
 */
const cities = join(__dirname, '../../../../test/fixtures/cities');

interface Expected {
  name: string;
  format: string;
  options: { today: string; skipInvalid?: boolean };
  sections: { title: string; workItems: { title: string; tasks: string[] }[] }[];
  warnings: string[];
  skipped: { where: string; code: string }[];
}

/** A task as one line: `number | leads | supports | due day`. */
const taskLine = (task: ImportedTask): string =>
  [task.number ?? `#${String(task.seq)}`, task.leads.map((u) => u.name).join('、'), task.supports.map((u) => u.name).join('、'), task.dueDate].join(' | ');

async function upload(dir: string): Promise<{ bytes: Buffer; fileName: string }> {
  const file = readdirSync(dir).find((name) => name.startsWith('table.')) ?? '';
  const text = readFileSync(join(dir, file), 'utf8');
  if (file.endsWith('.docx.md')) return { bytes: await writeDocx(wordBlocksFromText(text)), fileName: 'table.docx' };
  if (file.endsWith('.xlsx.md')) return { bytes: await writeXlsx(sheetsFromText(text)), fileName: 'table.xlsx' };
  return { bytes: Buffer.from(text, 'utf8'), fileName: file };
}

async function importCity(city: string, skipInvalid?: boolean): Promise<PlanImportResult> {
  const dir = join(cities, city);
  const catalogue = JSON.parse(readFileSync(join(dir, 'catalogue.json'), 'utf8')) as UnitCatalogue;
  const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;
  const { bytes, fileName } = await upload(dir);
  const table = await readUploadedTable(bytes, fileName);
  const options = { catalogue, ...expected.options, ...(skipInvalid === undefined ? {} : { skipInvalid }) };
  return table.kind === 'text' ? importPlan(table.content, options) : importDocumentRows(table.document, options);
}

function outline(result: PlanImportResult): Omit<Expected, 'options'> {
  if (!result.ok) throw new Error(JSON.stringify(result.errors, null, 1));
  return {
    name: result.plan.name,
    format: result.plan.format,
    sections: result.plan.sections.map((section) => ({
      title: section.title,
      workItems: section.workItems.map((workItem) => ({ title: workItem.title, tasks: workItem.tasks.map(taskLine) })),
    })),
    warnings: [...new Set(result.warnings.map((warning) => warning.code))].sort(),
    skipped: result.skipped.map((row) => ({ where: row.where ?? `line ${String(row.line)}`, code: row.code ?? '' })),
  };
}

describe.each(readdirSync(cities).sort())('%s', (city) => {
  it('imports to its expected outline', async () => {
    const { options: _options, ...expected } = JSON.parse(readFileSync(join(cities, city, 'expected.json'), 'utf8')) as Expected;
    expect(outline(await importCity(city))).toEqual(expected);
  });
});

describe('a partial table (巴彦淖尔市: the last task has no 牵头单位 line)', () => {
  it('is refused whole by default, the problem named with its line', async () => {
    const result = await importCity('bayannur', false);
    expect(result).toEqual({ ok: false, errors: [expect.objectContaining({ line: 16, code: 'lead_missing' })] });
  });
});
