import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type AllowedWriter, ownershipProblems, type SourceFile, tablesCreatedBy, tablesWrittenBy, writersOf } from './table-writes';
import ALLOWED from './table-writers.allow.json';

const ROOT = join(__dirname, '..', '..', '..', '..');

function sourcesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return ['node_modules', 'migrations', 'ownership'].includes(entry.name) ? [] : sourcesUnder(path);
    // unit tests (*.spec.ts) write fixtures as they please: the rule is for product code (medium tests live in test/medium)
    return /\.tsx?$/.test(entry.name) && !/\.spec\.ts$/.test(entry.name) ? [path] : [];
  });
}

const read = (path: string): SourceFile => ({ path: relative(ROOT, path), source: readFileSync(path, 'utf8') });

describe('one writer per table', () => {
  it('finds the writes of SQL, and not what only looks like them', () => {
    expect([...tablesWrittenBy(`INSERT INTO inbox_items (unit_id) SELECT 1; UPDATE tasks t SET state = $2; DELETE FROM task_units WHERE x`)]).toEqual([
      'inbox_items',
      'tasks',
      'task_units',
    ]);
    expect([...tablesWrittenBy(`SELECT 1 FROM tasks WHERE id = $1 FOR NO KEY UPDATE OF t`)]).toEqual([]);
    expect([...tablesWrittenBy(`INSERT INTO units (name) VALUES ($1) ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name`)]).toEqual(['units']);
    expect([...tablesWrittenBy(`createHash('sha1').update(text); SELECT * FROM timers FOR UPDATE SKIP LOCKED`)]).toEqual([]);
    expect([...tablesWrittenBy(`WITH moved AS (UPDATE inbox_items SET due_on = $4 WHERE id = ANY($3)) SELECT 1`)]).toEqual(['inbox_items']);
  });

  it('names a table written from two libraries, a write outside a store, and a table nobody writes', () => {
    const files: SourceFile[] = [
      { path: 'libs/inbox/src/inbox.store.ts', source: 'INSERT INTO inbox_items (id) VALUES (1)' },
      { path: 'libs/tasks/src/task-workflow.service.ts', source: `UPDATE inbox_items SET status = 'done'` },
    ];
    expect(ownershipProblems(files, new Set(['inbox_items', 'timers']), [])).toEqual([
      'libs/tasks/src/task-workflow.service.ts writes inbox_items: only a store (*.store.ts) writes a table',
      'inbox_items is written from 2 libraries: libs/inbox, libs/tasks',
      'timers is created by a migration but no store writes it',
    ]);
    const excused: AllowedWriter[] = [{ table: 'inbox_items', library: 'libs/tasks', reason: 'a reason long enough to read' }];
    expect(ownershipProblems(files, new Set(['inbox_items']), excused)).toEqual([
      'libs/tasks/src/task-workflow.service.ts writes inbox_items: only a store (*.store.ts) writes a table',
    ]);
    expect(ownershipProblems([], new Set(), [{ table: 'x', library: 'libs/y', reason: '' }])).toEqual(['the exception for libs/y writing x gives no reason']);
  });

  it('holds for the whole tree: every table has one library and is written only by its stores', () => {
    const files = [...sourcesUnder(join(ROOT, 'libs')), ...sourcesUnder(join(ROOT, 'apps'))].map(read);
    const migrations = join(ROOT, 'libs', 'persistence', 'src', 'migrations');
    const created = new Set(readdirSync(migrations).flatMap((name) => [...tablesCreatedBy(readFileSync(join(migrations, name), 'utf8'))]));
    expect(created.size).toBeGreaterThan(15);
    expect(ownershipProblems(files, created, ALLOWED as AllowedWriter[])).toEqual([]);
  });

  it('is the table that docs/architecture.md shows: each table with the store files that write it', () => {
    const files = [...sourcesUnder(join(ROOT, 'libs')), ...sourcesUnder(join(ROOT, 'apps'))].map(read);
    const page = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8');
    const stale = [...writersOf(files)].flatMap(([table, paths]) => {
      const row = page.split('\n').find((line) => line.startsWith(`| \`${table}\` |`));
      if (!row) return [`${table}: no row`];
      return paths.filter((path) => !row.includes(path.split('/').pop() as string)).map((path) => `${table}: the row does not name ${path}`);
    });
    expect(stale).toEqual([]);
  });
});
