import { invalid, type TableRow } from '@duban/domain';
import type { DocumentLimits } from './document-limits';

/**
 * Numbers a document's rows and paragraphs in reading order (the importer's "line") and stops
 * the reading with a clear refusal when the file holds more than the limits allow.
 */
export class RowCollector {
  readonly rows: TableRow[] = [];
  private line = 0;
  private cells = 0;
  private characters = 0;

  constructor(private readonly limits: DocumentLimits) {}

  /** Advances the line count without a row (an empty row keeps the sheet's row numbers). */
  skipLine(): void {
    this.line += 1;
  }

  add(row: Omit<TableRow, 'line'>): void {
    this.line += 1;
    this.cells += row.cells.length;
    for (const cell of row.cells) this.characters += cell.length;
    if (this.rows.length + 1 > this.limits.maxRows) {
      throw invalid('document_too_large', `the file holds more than ${String(this.limits.maxRows)} table rows and paragraphs`);
    }
    if (this.cells > this.limits.maxCells) throw invalid('document_too_large', `the file holds more than ${String(this.limits.maxCells)} table cells`);
    if (this.characters > this.limits.maxCharacters) {
      throw invalid('document_too_large', `the file's tables hold more than ${String(this.limits.maxCharacters)} characters`);
    }
    this.rows.push({ ...row, line: this.line });
  }
}
