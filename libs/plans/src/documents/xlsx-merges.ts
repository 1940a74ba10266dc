import type JSZip from 'jszip';

/** A merged range, 1-based and inclusive, as the sheet XML gives it (`B3:B7`). */
export interface MergedRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

const MERGE_CELLS = /<(?:\w+:)?mergeCells\b[^>]*?(?:\/>|>[\s\S]*?<\/(?:\w+:)?mergeCells>)/u;
const MERGE_REF = /<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"/gu;
const SHEET = /<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]*)"/gu;
const RELATIONSHIP = /<Relationship\b[^>]*?\bId="([^"]*)"[^>]*?\bTarget="([^"]*)"/gu;

/**
 * Takes the merged ranges out of every worksheet of the package, by sheet name, and leaves the sheets
 * without them. exceljs checks each merge it loads against every other one (quadratic: minutes for the
 * thousands of merges of a 10,000-row table), and the reader needs the ranges, not exceljs's copies of
 * the master value in every merged cell.
 */
export async function takeMergedRanges(zip: JSZip): Promise<Map<string, MergedRange[]>> {
  const sheetFiles = await sheetFilesByName(zip);
  const merges = new Map<string, MergedRange[]>();
  for (const [name, path] of sheetFiles) {
    const entry = zip.file(path);
    if (entry === null) continue;
    const xml = await entry.async('string');
    const element = MERGE_CELLS.exec(xml);
    if (element === null) continue;
    merges.set(
      name,
      [...element[0].matchAll(MERGE_REF)].map((match) => {
        const [left, top] = [columnNumber(match[1] ?? 'A'), Number(match[2])];
        return { top, left, bottom: match[4] === undefined ? top : Number(match[4]), right: match[3] === undefined ? left : columnNumber(match[3]) };
      }),
    );
    zip.file(path, xml.slice(0, element.index) + xml.slice(element.index + element[0].length));
  }
  return merges;
}

/** Sheet name → its part (`xl/worksheets/sheet1.xml`), through the workbook's relationships. */
async function sheetFilesByName(zip: JSZip): Promise<Map<string, string>> {
  const workbook = (await zip.file('xl/workbook.xml')?.async('string')) ?? '';
  const relationships = (await zip.file('xl/_rels/workbook.xml.rels')?.async('string')) ?? '';
  const targets = new Map([...relationships.matchAll(RELATIONSHIP)].map((match) => [match[1] ?? '', match[2] ?? '']));
  const files = new Map<string, string>();
  for (const match of workbook.matchAll(SHEET)) {
    const target = targets.get(match[2] ?? '');
    if (target === undefined) continue;
    files.set(unescapeXml(match[1] ?? ''), target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  return files;
}

function columnNumber(letters: string): number {
  let number = 0;
  for (const letter of letters) number = number * 26 + (letter.charCodeAt(0) - 64);
  return number;
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/gu, '<')
    .replace(/&gt;/gu, '>')
    .replace(/&quot;/gu, '"')
    .replace(/&apos;/gu, "'")
    .replace(/&amp;/gu, '&');
}
