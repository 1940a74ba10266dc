/*
 * Which code writes which table. Every table has one library that alone inserts, updates and
 * deletes its rows, in files named `*.store.ts`; workflows, importers and timer handlers call those
 * stores. The spec beside this file holds the tree to that rule.
 */

/** Keywords are matched in capitals, as every statement here is written, so that `hash.update(text)` is not a write. */
const WRITE_PATTERNS: readonly RegExp[] = [
  /\bINSERT\s+INTO\s+([a-z_][a-z0-9_]*)/g,
  // UPDATE <table> [alias] SET: the SET rules out FOR UPDATE, FOR NO KEY UPDATE OF and DO UPDATE SET
  /\bUPDATE\s+([a-z_][a-z0-9_]*)(?:\s+(?:AS\s+)?[a-z_][a-z0-9_]*)?\s+SET\b/g,
  /\bDELETE\s+FROM\s+([a-z_][a-z0-9_]*)/g,
  /\bTRUNCATE\s+(?:TABLE\s+)?([a-z_][a-z0-9_]*)/g,
];

/** The tables the SQL in `source` writes. */
export function tablesWrittenBy(source: string): Set<string> {
  const tables = new Set<string>();
  for (const pattern of WRITE_PATTERNS) for (const match of source.matchAll(pattern)) tables.add(match[1]);
  return tables;
}

/** The tables a migration creates. */
export function tablesCreatedBy(migrationSource: string): Set<string> {
  return new Set([...migrationSource.matchAll(/\bCREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?([a-z_][a-z0-9_]*)/g)].map((match) => match[1]));
}

export interface SourceFile {
  /** relative to the repository, e.g. `libs/tasks/src/task.store.ts` */
  path: string;
  source: string;
}

/** A deliberate exception: `library` may also write `table`, for the reason given. */
export interface AllowedWriter {
  table: string;
  library: string;
  reason: string;
}

/** `libs/tasks` of `libs/tasks/src/task.store.ts`; `apps/api` of an app's file. */
export const libraryOf = (path: string): string => path.split('/').slice(0, 2).join('/');

/** Each table with the store files that write it. */
export function writersOf(files: readonly SourceFile[]): Map<string, string[]> {
  const writers = new Map<string, string[]>();
  for (const file of files) for (const table of tablesWrittenBy(file.source)) writers.set(table, [...(writers.get(table) ?? []), file.path]);
  return writers;
}

/**
 * What breaks the rule: a table written from two libraries (unless allowed), a write outside a
 * `*.store.ts` file, a table the migrations create that no store writes, an exception without a reason.
 */
export function ownershipProblems(files: readonly SourceFile[], createdTables: ReadonlySet<string>, allowed: readonly AllowedWriter[]): string[] {
  const problems: string[] = [];
  for (const entry of allowed) if (entry.reason.trim().length < 10) problems.push(`the exception for ${entry.library} writing ${entry.table} gives no reason`);
  const writers = writersOf(files);
  for (const [table, paths] of writers) {
    for (const path of paths) if (!path.endsWith('.store.ts')) problems.push(`${path} writes ${table}: only a store (*.store.ts) writes a table`);
    const libraries = [...new Set(paths.map(libraryOf))];
    const excused = new Set(allowed.filter((entry) => entry.table === table).map((entry) => entry.library));
    const owners = libraries.filter((library) => !excused.has(library));
    if (owners.length > 1) problems.push(`${table} is written from ${owners.length} libraries: ${owners.join(', ')}`);
  }
  for (const table of createdTables) if (!writers.has(table)) problems.push(`${table} is created by a migration but no store writes it`);
  return problems;
}
