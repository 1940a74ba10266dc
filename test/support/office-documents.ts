import ExcelJS from 'exceljs';
import JSZip from 'jszip';

/**
 * Writes Word and Excel files from a grid typed by hand, for the importer's tests and benchmarks.
 * A grid is rows of cells; `^` in a cell merges it with the cell above (Word `vMerge`, an Excel
 * range downwards), `<` with the cell to its left (Word `gridSpan`, an Excel range across).
 */
export type Grid = string[][];

export type WordBlock = { paragraph: string } | { table: Grid; headerRows?: number };

const MERGED_UP = '^';
const MERGED_LEFT = '<';

/** `| a | ^ | < |` lines (a markdown-style pipe table) as a grid; `---` separator lines are dropped. */
export function gridFromPipeText(text: string): Grid {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('|') && !/^\|[\s:|-]+\|$/u.test(line))
    .map((line) =>
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim()),
    );
}

/**
 * A fixture of several blocks: a line starting with `|` belongs to a table (a blank line ends it),
 * any other non-empty line is a paragraph. A table's first row is its header (repeated on each page).
 */
export function wordBlocksFromText(text: string): WordBlock[] {
  const blocks: WordBlock[] = [];
  let table: string[] = [];
  const endTable = (): void => {
    if (table.length > 0) blocks.push({ table: gridFromPipeText(table.join('\n')), headerRows: 1 });
    table = [];
  };
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('|')) table.push(line);
    else {
      endTable();
      if (line !== '') blocks.push({ paragraph: line });
    }
  }
  endTable();
  return blocks;
}

const escapeXml = (text: string): string => text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');

function paragraphXml(text: string): string {
  const runs = text.split('\n').map((line) => `<w:r><w:t xml:space="preserve">${escapeXml(line)}</w:t></w:r>`);
  return `<w:p>${runs.join('<w:r><w:br/></w:r>')}</w:p>`;
}

function tableXml(grid: Grid, headerRows: number): string {
  const width = Math.max(...grid.map((row) => row.length));
  const rows = grid.map((row, r) => {
    const cells: string[] = [];
    for (let c = 0; c < row.length; c += 1) {
      const text = row[c] ?? '';
      if (text === MERGED_LEFT) continue;
      let span = 1;
      while (row[c + span] === MERGED_LEFT) span += 1;
      const startsMerge = text !== MERGED_UP && grid[r + 1]?.[c] === MERGED_UP;
      const vMerge = text === MERGED_UP ? '<w:vMerge/>' : startsMerge ? '<w:vMerge w:val="restart"/>' : '';
      const gridSpan = span > 1 ? `<w:gridSpan w:val="${String(span)}"/>` : '';
      cells.push(`<w:tc><w:tcPr><w:tcW w:w="1500" w:type="dxa"/>${gridSpan}${vMerge}</w:tcPr>${paragraphXml(text === MERGED_UP ? '' : text)}</w:tc>`);
    }
    const header = r < headerRows ? '<w:trPr><w:tblHeader/></w:trPr>' : '';
    return `<w:tr>${header}${cells.join('')}</w:tr>`;
  });
  const columns = Array.from({ length: width }, () => '<w:gridCol w:w="1500"/>').join('');
  return `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>${columns}</w:tblGrid>${rows.join('')}</w:tbl>`;
}

/** A minimal, valid .docx (Word and LibreOffice open it) holding the blocks in order. */
export async function writeDocx(blocks: readonly WordBlock[]): Promise<Buffer> {
  const body = blocks.map((block) => ('paragraph' in block ? paragraphXml(block.paragraph) : tableXml(block.table, block.headerRows ?? 0))).join('');
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  zip.file(
    'word/document.xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
      `<w:body>${body}<w:sectPr/></w:body></w:document>`,
  );
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** A workbook, one sheet per grid (title rows above the table allowed), `^`/`<` cells written as merged ranges. */
export async function writeXlsx(sheets: readonly { name: string; grid: Grid }[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const { name, grid } of sheets) {
    const sheet = workbook.addWorksheet(name);
    grid.forEach((row, r) => {
      row.forEach((text, c) => {
        if (text !== MERGED_UP && text !== MERGED_LEFT && text !== '') sheet.getCell(r + 1, c + 1).value = text;
      });
    });
    for (const [top, left, bottom, right] of mergedRanges(grid)) sheet.mergeCells(top + 1, left + 1, bottom + 1, right + 1);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The rectangles a grid's `^` and `<` cells make with the cell they merge into: [top, left, bottom, right], 0-based. */
function mergedRanges(grid: Grid): [number, number, number, number][] {
  const ranges: [number, number, number, number][] = [];
  grid.forEach((row, r) => {
    row.forEach((text, c) => {
      if (text === MERGED_UP || text === MERGED_LEFT) return;
      let right = c;
      while (row[right + 1] === MERGED_LEFT) right += 1;
      let bottom = r;
      while (grid[bottom + 1]?.[c] === MERGED_UP) bottom += 1;
      if (right > c || bottom > r) ranges.push([r, c, bottom, right]);
    });
  });
  return ranges;
}

/**
 * A tab-separated task table as it is printed: the lines before the first table as paragraphs,
 * each table (tables end at a blank line) with its header row; a section heading spans the row,
 * an empty 工作内容 continues the one above, and a row whose lead and responsible cells are both
 * empty continues the cells above (vertically merged), as the seed's Word original has them.
 */
export function printedTableBlocks(tsv: string, columns: { workItem: number; lead: number; support: number }): WordBlock[] {
  const blocks: WordBlock[] = [];
  let table: Grid | null = null;
  let width = 0;
  for (const line of tsv.replace(/\r\n?/gu, '\n').split('\n')) {
    const cells = line.split('\t').map((cell) => cell.trim());
    if (cells.every((cell) => cell === '')) {
      if (table !== null) blocks.push({ table, headerRows: 1 });
      table = null;
      continue;
    }
    if (table === null && cells.filter((cell) => cell !== '').length === 1 && !cells[0]?.startsWith('序号')) {
      blocks.push({ paragraph: cells.find((cell) => cell !== '') ?? '' });
      continue;
    }
    if (table === null) {
      table = [cells];
      width = cells.length;
      continue;
    }
    const filled = cells.filter((cell) => cell !== '');
    if (filled.length === 1 && cells[0] !== '') {
      table.push([cells[0] ?? '', ...Array.from({ length: width - 1 }, () => MERGED_LEFT)]);
      continue;
    }
    const above = table.at(-1) ?? [];
    const aboveIsTaskRow = table.length > 1 && above[1] !== MERGED_LEFT;
    const row = Array.from({ length: width }, (_, c) => cells[c] ?? '');
    if (aboveIsTaskRow && row[columns.workItem] === '') row[columns.workItem] = MERGED_UP;
    if (aboveIsTaskRow && row[columns.lead] === '' && row[columns.support] === '') {
      row[columns.lead] = MERGED_UP;
      row[columns.support] = MERGED_UP;
    }
    table.push(row);
  }
  if (table !== null) blocks.push({ table, headerRows: 1 });
  return blocks;
}

/** The same printed tables as one sheet: paragraphs as rows spanning the width, tables one under the other. */
export function printedTableSheet(blocks: readonly WordBlock[]): Grid {
  const width = Math.max(...blocks.map((block) => ('table' in block ? (block.table[0]?.length ?? 0) : 0)));
  const grid: Grid = [];
  for (const block of blocks) {
    if ('paragraph' in block) grid.push([block.paragraph, ...Array.from({ length: width - 1 }, () => MERGED_LEFT)]);
    else {
      grid.push(
        ...block.table,
        Array.from({ length: width }, () => ''),
      );
    }
  }
  return grid;
}

/** `# sheet: NAME` lines start a sheet, `|` lines are its rows (see gridFromPipeText). */
export function sheetsFromText(text: string): { name: string; grid: Grid }[] {
  const sheets: { name: string; lines: string[] }[] = [];
  for (const line of text.split('\n')) {
    const sheet = /^#\s*sheet:\s*(.+)$/u.exec(line.trim());
    if (sheet?.[1] !== undefined) sheets.push({ name: sheet[1].trim(), lines: [] });
    else sheets.at(-1)?.lines.push(line);
  }
  return sheets.map(({ name, lines }) => ({ name, grid: gridFromPipeText(lines.join('\n')) }));
}
