import type ExcelJS from 'exceljs';
import type JSZip from 'jszip';
import { readHeader, type TableRow } from '@duban/domain';
import type { DocumentLimits } from './document-limits';
import { RowCollector } from './row-collector';
import { type MergedRange, takeMergedRanges } from './xlsx-merges';

/**
 * Every visible sheet that holds a table (a header row) as rows, sheet after sheet; a row's line is
 * its row number counted across the sheets (the first sheet's lines are its own row numbers). Merged
 * ranges are read as ranges, not as the value exceljs repeats in each of their cells: the master cell
 * has the text, the cells to its right are empty, the cells below are empty and continue it. Read
 * whole (not streamed: the streaming reader loses the merged ranges), the ranges taken from the sheet
 * XML first (see takeMergedRanges).
 */
export async function readXlsxRows(zip: JSZip, limits: DocumentLimits): Promise<TableRow[]> {
  const mergesBySheet = await takeMergedRanges(zip);
  // loaded on the first workbook: ~28 MB of memory a process that never reads one does not pay
  const exceljs = await import('exceljs');
  // Node's own import() of this CommonJS package (a bundled build) puts its exports on `default`
  const { Workbook } = (exceljs as unknown as { default?: typeof exceljs }).default ?? exceljs;
  const workbook = new Workbook();
  const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
  // exceljs's own type names an older Buffer; the bytes are what it reads
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const collector = new RowCollector(limits);
  for (const sheet of workbook.worksheets) {
    if (sheet.state !== 'visible' || !holdsATable(sheet)) continue;
    const merged = mergedCells(mergesBySheet.get(sheet.name) ?? []);
    const width = sheet.columnCount;
    for (let r = 1; r <= sheet.rowCount; r += 1) {
      const row = sheet.findRow(r);
      if (row === undefined || !row.hasValues) {
        collector.skipLine();
        continue;
      }
      const cells: string[] = [];
      const continued: boolean[] = [];
      for (let c = 1; c <= width; c += 1) {
        const master = merged.get(cellKey(r, c));
        cells.push(master === undefined ? cellText(row.getCell(c).value) : '');
        continued.push(master !== undefined && master.top !== r);
      }
      collector.add({ cells, ...(continued.some(Boolean) ? { continued } : {}), where: `工作表“${sheet.name}”第${String(r)}行` });
    }
  }
  return collector.rows;
}

/** Every cell a range covers but its top-left (master) one, with its range. */
function mergedCells(ranges: readonly MergedRange[]): Map<string, MergedRange> {
  const cells = new Map<string, MergedRange>();
  for (const range of ranges) {
    for (let r = range.top; r <= range.bottom; r += 1) {
      for (let c = range.left; c <= range.right; c += 1) if (r !== range.top || c !== range.left) cells.set(cellKey(r, c), range);
    }
  }
  return cells;
}

const cellKey = (row: number, column: number): string => `${String(row)}:${String(column)}`;

/** A sheet of notes or lookups has no header row naming a task column; it is not read. */
function holdsATable(sheet: ExcelJS.Worksheet): boolean {
  for (let r = 1; r <= sheet.rowCount; r += 1) {
    const row = sheet.findRow(r);
    if (row === undefined || !row.hasValues) continue;
    const cells: string[] = [];
    for (let c = 1; c <= sheet.columnCount; c += 1) cells.push(cellText(row.getCell(c).value));
    if (readHeader(cells) !== null) return true;
  }
  return false;
}

/** What the cell shows: rich text joined, a formula's result, a date as YYYY-MM-DD. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if ('richText' in value)
    return value.richText
      .map((part) => part.text)
      .join('')
      .trim();
  if ('formula' in value || 'sharedFormula' in value) return 'result' in value && value.result !== undefined ? cellText(value.result) : '';
  if ('text' in value) return String(value.text).trim();
  return '';
}
