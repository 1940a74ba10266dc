import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { TableRow } from '@duban/domain';
import type { DocumentLimits } from './document-limits';
import { RowCollector } from './row-collector';

interface OpenCell {
  span: number;
  continued: boolean;
  paragraphs: string[];
}

interface OpenRow {
  cells: OpenCell[];
  gridBefore: number;
}

/**
 * The body of a Word document (word/document.xml) as rows in reading order: every table row,
 * and every non-empty paragraph outside the tables (the title, `一、` headings between tables).
 * A horizontal merge (`w:gridSpan`) is one cell whose text belongs to its first column, the
 * others empty; a vertical continuation (`w:vMerge` without `restart`) is empty and marked as
 * continuing the cell above. A table inside a cell is read as that cell's text. Read with a SAX
 * parser, so a long document is never held as a tree.
 */
export function readDocxRows(documentXml: string, limits: DocumentLimits): TableRow[] {
  const collector = new RowCollector(limits);
  const parser = new SaxesParser();
  let tableCount = 0;
  let tableDepth = 0;
  let rowInTable = 0;
  let row: OpenRow | null = null;
  let cell: OpenCell | null = null;
  let paragraph: string | null = null;
  let inText = false;
  /** inside mc:Fallback, which repeats the content of mc:Choice for older readers */
  let fallbackDepth = 0;

  parser.on('opentag', (tag: SaxesTagPlain) => {
    if (tag.name === 'mc:Fallback') fallbackDepth += 1;
    if (fallbackDepth > 0) return;
    switch (tag.name) {
      case 'w:tbl':
        tableDepth += 1;
        if (tableDepth === 1) {
          tableCount += 1;
          rowInTable = 0;
        }
        break;
      case 'w:tr':
        if (tableDepth === 1) row = { cells: [], gridBefore: 0 };
        break;
      case 'w:gridBefore':
        if (tableDepth === 1 && row !== null) row.gridBefore = Number(tag.attributes['w:val'] ?? 0) || 0;
        break;
      case 'w:tc':
        if (tableDepth === 1) cell = { span: 1, continued: false, paragraphs: [] };
        break;
      case 'w:gridSpan':
        if (tableDepth === 1 && cell !== null) cell.span = Math.max(1, Number(tag.attributes['w:val'] ?? 1) || 1);
        break;
      case 'w:vMerge':
        if (tableDepth === 1 && cell !== null) cell.continued = (tag.attributes['w:val'] ?? 'continue') === 'continue';
        break;
      case 'w:p':
        if (tableDepth === 0 || cell !== null) paragraph = '';
        break;
      case 'w:t':
        inText = true;
        break;
      case 'w:tab':
        if (paragraph !== null) paragraph += ' ';
        break;
      case 'w:br':
      case 'w:cr':
        if (paragraph !== null) paragraph += '\n';
        break;
    }
  });

  parser.on('text', (text: string) => {
    if (inText && fallbackDepth === 0 && paragraph !== null) paragraph += text;
  });

  parser.on('closetag', (tag: SaxesTagPlain) => {
    if (tag.name === 'mc:Fallback') {
      fallbackDepth -= 1;
      return;
    }
    if (fallbackDepth > 0) return;
    switch (tag.name) {
      case 'w:t':
        inText = false;
        break;
      case 'w:p':
        if (paragraph === null) break;
        if (tableDepth === 0) {
          const text = paragraph.trim();
          if (text !== '') collector.add({ cells: [text], paragraph: true, where: `正文“${text.slice(0, 12)}”` });
        } else if (cell !== null) {
          cell.paragraphs.push(paragraph);
        }
        paragraph = null;
        break;
      case 'w:tc':
        if (tableDepth === 1 && cell !== null && row !== null) {
          row.cells.push(cell);
          cell = null;
        }
        break;
      case 'w:tr':
        if (tableDepth === 1 && row !== null) {
          rowInTable += 1;
          collector.add({ ...gridRow(row), where: `表${String(tableCount)}第${String(rowInTable)}行` });
          row = null;
        }
        break;
      case 'w:tbl':
        tableDepth -= 1;
        break;
    }
  });

  parser.write(documentXml).close();
  return collector.rows;
}

/** The row's cells laid on the table grid: a spanned cell's text in its first column, the rest empty. */
function gridRow(row: OpenRow): Pick<TableRow, 'cells' | 'continued'> {
  const cells: string[] = Array.from({ length: row.gridBefore }, () => '');
  const continued: boolean[] = cells.map(() => false);
  for (const cell of row.cells) {
    cells.push(cell.continued ? '' : cellText(cell.paragraphs));
    continued.push(cell.continued);
    for (let extra = 1; extra < cell.span; extra += 1) {
      cells.push('');
      continued.push(cell.continued);
    }
  }
  return continued.some(Boolean) ? { cells, continued } : { cells };
}

/** A cell's paragraphs, one a line; blank lines dropped. */
function cellText(paragraphs: readonly string[]): string {
  return paragraphs
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '')
    .join('\n');
}
