import { invalid, type DomainError } from '../errors/domain-error';
import type { CatalogueUnit, UnitCatalogue } from '../plan-import/plan-import.types';
import { readCsvRows } from '../plan-import/table-row-reader';
import { UNIT_KINDS, validateUnitCatalogue } from './unit-catalogue-validator';

export type CatalogueFileFormat = 'json' | 'csv';

/** CSV header names (English as in the JSON file, or the Chinese an office writes) → the field they fill. */
const CSV_COLUMNS: Readonly<Record<string, keyof CatalogueUnit | 'jurisdiction'>> = {
  name: 'name',
  名称: 'name',
  单位名称: 'name',
  kind: 'kind',
  类型: 'kind',
  aliases: 'aliases',
  别名: 'aliases',
  简称: 'aliases',
  misspellings: 'misspellings',
  误写: 'misspellings',
  parent: 'parent',
  上级单位: 'parent',
  memberof: 'memberOf',
  所属: 'memberOf',
  jurisdiction: 'jurisdiction',
  辖区: 'jurisdiction',
};

/** Several names in one CSV cell: `;`, `；`, `、` or `|` between them. */
const splitNames = (cell: string): string[] =>
  cell
    .split(/[;；、|]/u)
    .map((name) => name.trim())
    .filter((name) => name !== '');

/** The format a catalogue file is in, from its first character when the caller did not say. */
export function catalogueFormatOf(content: string): CatalogueFileFormat {
  return /^\s*[{[]/u.test(content.replace(/^\uFEFF/u, '')) ? 'json' : 'csv';
}

/**
 * A catalogue file as an office writes it — JSON in the seed's shape (`{jurisdiction, units: [{name, kind,
 * aliases, misspellings, parent, memberOf}]}`, every field but `name` optional) or CSV with a header row
 * (`name,kind,aliases,misspellings,parent,memberOf`, optionally `jurisdiction`; several names in a cell
 * separated by `;` or `、`) — read into a sound catalogue, or refused with every problem at once
 * (400 `unit_catalogue_invalid`), each prefixed with `source` (the request's field, or the CLI's file name).
 * `jurisdiction` (the CLI's or the request's) wins over the file's.
 */
export function readCatalogueFile(content: string, format: CatalogueFileFormat, jurisdiction?: string, source = 'content'): UnitCatalogue | DomainError {
  const text = content.replace(/^\uFEFF/u, '').replace(/\r\n?/gu, '\n');
  const read = format === 'json' ? readJson(text) : readCsv(text);
  const refuse = (problems: string[]): DomainError => invalid('unit_catalogue_invalid', ...problems.map((problem) => `${source}: ${problem}`));
  if ('problems' in read) return refuse(read.problems);
  const catalogue: UnitCatalogue = { jurisdiction: (jurisdiction ?? read.jurisdiction ?? '').trim(), units: read.units };
  // the validator says “jurisdiction is empty”; a file's reader says where to put it
  const problems = catalogue.jurisdiction === '' ? ['the catalogue names no jurisdiction'] : validateUnitCatalogue(catalogue);
  if (catalogue.units.length === 0) problems.push('the catalogue holds no unit');
  return problems.length > 0 ? refuse(problems) : catalogue;
}

type Reading = { jurisdiction: string | undefined; units: CatalogueUnit[] } | { problems: string[] };

const stringList = (value: unknown): string[] | null =>
  value === undefined || value === null ? [] : Array.isArray(value) && value.every((v) => typeof v === 'string') ? value.map((v) => v.trim()) : null;

function readJson(text: string): Reading {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { problems: [`the file is not valid JSON: ${(error as Error).message}`] };
  }
  const root = (Array.isArray(parsed) ? { units: parsed } : parsed) as { jurisdiction?: unknown; units?: unknown };
  if (typeof root !== 'object' || root === null || !Array.isArray(root.units))
    return { problems: ['the JSON must be {jurisdiction, units: [...]} or a list of units'] };
  const problems: string[] = [];
  const units = (root.units as unknown[]).flatMap((entry, index): CatalogueUnit[] => {
    const where = `units[${index}]`;
    const item = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    const lists = { aliases: stringList(item.aliases), misspellings: stringList(item.misspellings), memberOf: stringList(item.memberOf) };
    const bad = [
      ...(typeof item.name !== 'string' || item.name.trim() === '' ? [`${where}.name must be a non-empty string`] : []),
      ...Object.entries(lists).flatMap(([field, list]) => (list === null ? [`${where}.${field} must be a list of names`] : [])),
      ...(item.kind !== undefined && typeof item.kind !== 'string' ? [`${where}.kind must be a string`] : []),
      ...(item.parent !== undefined && item.parent !== null && typeof item.parent !== 'string' ? [`${where}.parent must be a name or null`] : []),
    ];
    problems.push(...bad);
    if (bad.length > 0) return [];
    return [
      unitOf(
        item.name as string,
        item.kind as string | undefined,
        lists.aliases!,
        lists.misspellings!,
        item.parent as string | null | undefined,
        lists.memberOf!,
        where,
        problems,
      ),
    ];
  });
  if (problems.length > 0) return { problems };
  return { jurisdiction: typeof root.jurisdiction === 'string' ? root.jurisdiction : undefined, units };
}

function readCsv(text: string): Reading {
  const reading = readCsvRows(text);
  if (reading.errors.length > 0) return { problems: reading.errors.map((error) => `line ${error.line}: ${error.message}`) };
  const rows = reading.rows.filter((row) => row.cells.some((cell) => cell.trim() !== ''));
  const header = rows.shift();
  if (!header) return { problems: ['the CSV is empty'] };
  const fields = header.cells.map((cell) => CSV_COLUMNS[cell.trim().toLowerCase()] ?? CSV_COLUMNS[cell.trim()]);
  if (!fields.includes('name')) return { problems: [`line ${header.line}: the header must name the column “name” (or 名称)`] };
  const problems: string[] = [];
  let jurisdiction: string | undefined;
  const units = rows.map((row) => {
    const cell = (field: string): string => row.cells[fields.indexOf(field as keyof CatalogueUnit)]?.trim() ?? '';
    if (fields.includes('jurisdiction') && cell('jurisdiction') !== '') {
      if (jurisdiction !== undefined && jurisdiction !== cell('jurisdiction')) problems.push(`line ${row.line}: one catalogue file holds one jurisdiction`);
      jurisdiction = cell('jurisdiction');
    }
    if (cell('name') === '') problems.push(`line ${row.line}: the name is empty`);
    const kind = cell('kind');
    return unitOf(
      cell('name'),
      kind === '' ? undefined : kind,
      splitNames(cell('aliases')),
      splitNames(cell('misspellings')),
      cell('parent') || null,
      splitNames(cell('memberOf')),
      `line ${row.line}`,
      problems,
    );
  });
  return problems.length > 0 ? { problems } : { jurisdiction, units };
}

function unitOf(
  name: string,
  kind: string | undefined,
  aliases: string[],
  misspellings: string[],
  parent: string | null | undefined,
  memberOf: string[],
  where: string,
  problems: string[],
): CatalogueUnit {
  const chosen = kind ?? 'department';
  if (!UNIT_KINDS.has(chosen as CatalogueUnit['kind'])) problems.push(`${where}: unknown kind “${chosen}” (one of ${[...UNIT_KINDS].join(', ')})`);
  return { name: name.trim(), kind: chosen as CatalogueUnit['kind'], aliases, misspellings, parent: parent?.trim() || null, memberOf };
}
