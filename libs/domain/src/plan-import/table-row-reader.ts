import type { ImportError } from './plan-import.types';

export type DelimitedFormat = 'tsv' | 'pipe' | 'csv' | 'spaces';

/** Cells set apart by two or more spaces, or by full-width spaces (a table typed into a plain document). */
const SPACE_SEPARATOR = /(?: {2,}|\u3000+)[ \u3000]*/u;

/**
 * One row of cells and the physical line it starts on (1-based). A Word or Excel file gives its rows
 * in document order, numbered the same way (one line a row or paragraph), with where they are.
 */
export interface TableRow {
  line: number;
  cells: string[];
  /** cells that continue a vertical merge from the row above (empty in `cells`) */
  continued?: boolean[];
  /** a paragraph between a document's tables (its one cell the paragraph's text), not a table row */
  paragraph?: boolean;
  /** `表2第5行`, `工作表“Sheet1”第5行`, `第3段`: where the row is in the document */
  where?: string;
}

export interface RowReading {
  rows: TableRow[];
  errors: ImportError[];
}

const PIPE_SEPARATOR_ROW = /^\s*[|｜]?\s*:?-{3,}:?\s*(?:[|｜]\s*:?-{3,}:?\s*)*[|｜]?\s*$/u;

/** Reads a normalised text (`\n` line endings, no BOM) as rows of the given format. */
export function readRows(text: string, format: DelimitedFormat): RowReading {
  if (format === 'csv') return readCsvRows(text);
  const rows: TableRow[] = [];
  text.split('\n').forEach((line, index) => {
    if (format === 'tsv') rows.push({ line: index + 1, cells: line.split('\t') });
    else if (format === 'spaces') rows.push({ line: index + 1, cells: line.trim().split(SPACE_SEPARATOR) });
    else if (!PIPE_SEPARATOR_ROW.test(line)) rows.push({ line: index + 1, cells: splitPipeLine(line) });
  });
  return { rows, errors: [] };
}

/**
 * `| a | b |` → `[' a ', ' b ']`: the outer pipes of a markdown-style row are not cell borders of
 * empty cells; `\|` is a literal pipe. The full-width `｜` separates cells as well.
 */
export function splitPipeLine(line: string): string[] {
  const cells: string[] = [];
  let current = '';
  for (let i = 0; i < line.length; i += 1) {
    const char = line.charAt(i);
    if (char === '\\' && line.charAt(i + 1) === '|') {
      current += '|';
      i += 1;
    } else if (char === '|' || char === '｜') {
      cells.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  cells.push(current);
  const trimmed = line.trim();
  if (cells.length > 1 && (trimmed.startsWith('|') || trimmed.startsWith('｜')) && cells[0]?.trim() === '') cells.shift();
  if (cells.length > 1 && (trimmed.endsWith('|') || trimmed.endsWith('｜')) && cells[cells.length - 1]?.trim() === '') cells.pop();
  return cells;
}

/**
 * RFC 4180: cells separated by `,`, a cell in double quotes may hold commas, line breaks and `""`
 * for a quote. A row's line is the physical line it starts on, however many lines its cells span.
 */
export function readCsvRows(text: string): RowReading {
  const rows: TableRow[] = [];
  const errors: ImportError[] = [];
  let line = 1;
  let rowLine = 1;
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let quoteLine = 1;
  let atCellStart = true;

  for (let i = 0; i < text.length; i += 1) {
    const char = text.charAt(i);
    if (quoted) {
      if (char === '"' && text.charAt(i + 1) === '"') {
        cell += '"';
        i += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        if (char === '\n') line += 1;
        cell += char;
      }
      continue;
    }
    if (char === '"' && atCellStart) {
      quoted = true;
      quoteLine = line;
      atCellStart = false;
    } else if (char === ',') {
      cells.push(cell);
      cell = '';
      atCellStart = true;
    } else if (char === '\n') {
      cells.push(cell);
      rows.push({ line: rowLine, cells });
      cells = [];
      cell = '';
      atCellStart = true;
      line += 1;
      rowLine = line;
    } else {
      // A quote inside an unquoted cell is kept as written (lenient, as spreadsheet programs are).
      cell += char;
      if (!(atCellStart && (char === ' ' || char === '\t'))) atCellStart = false;
    }
  }
  if (quoted) {
    errors.push({
      line: quoteLine,
      code: 'unclosed_quote',
      message: '带引号的单元格从这一行开始，却没有结束引号，之后的内容无法分列',
    });
  }
  cells.push(cell);
  rows.push({ line: rowLine, cells });
  return { rows, errors };
}
