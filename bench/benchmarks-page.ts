import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * `npm run bench:page`: writes docs/benchmarks.md from bench/results/*.json (each written by a
 * benchmark's `report()`) and the hand-written bench/benchmarks.notes.md. The page is never edited by
 * hand. `-- --check` writes nothing and exits 1 when the page differs from what it would write (CI);
 * `--results <dir>` and `--out <file>` point it elsewhere. Rendering is the pure `renderPage`.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** One results file: its name and its parsed content. */
export interface BenchResult {
  file: string;
  data: JsonObject;
}

export const COMMAND = 'npm run bench:page';
const ROOT = join(__dirname, '..');

export const isObject = (value: Json | undefined): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const isSummary = (value: JsonObject): boolean => ['median', 'min', 'max'].every((key) => typeof value[key] === 'number');

/** A value as one line of Markdown: numbers with thousands separators, summaries as "median (min–max)". */
function cell(value: Json | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return value.toLocaleString('en-US', { maximumFractionDigits: 3 });
  if (typeof value === 'string') return value.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (isObject(value) && isSummary(value)) return `${cell(value.median)} (${cell(value.min)}–${cell(value.max)})`;
  return `\`${JSON.stringify(value).replace(/\|/g, '\\|')}\``;
}

/** Rows of objects as a Markdown table; the columns are every key, in the order they first appear. */
export function table(rows: JsonObject[]): string[] {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  if (columns.length === 0) return [];
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(columns.map((column) => cell(column))), line(columns.map(() => '---')), ...rows.map((row) => line(columns.map((column) => cell(row[column]))))];
}

/** "Measured …": when, at which commit, on which machine, with which versions. */
function measured(data: JsonObject): string {
  const parts = [`Measured ${typeof data.at === 'string' ? data.at : 'at an unrecorded time'}`];
  if (isObject(data.git) && typeof data.git.head === 'string') {
    const dirty = typeof data.git.uncommittedFiles === 'number' && data.git.uncommittedFiles > 0;
    parts.push(`at commit \`${data.git.head}\`${dirty ? ` with ${cell(data.git.uncommittedFiles)} uncommitted files` : ''}`);
  }
  if (isObject(data.machine)) {
    const m = data.machine;
    parts.push(`on ${cell(m.cpus)} × ${cell(m.cpu)}, ${cell(m.memoryGiB)} GiB, Node ${cell(m.node)}`);
  }
  if (isObject(data.versions) && typeof data.versions.postgres === 'string') parts.push(`PostgreSQL ${data.versions.postgres}`);
  return `${parts.join(', ')}.`;
}

/** Scalar fields of an object as "key value" pairs. */
const scalars = (value: JsonObject): string =>
  Object.entries(value)
    .filter(([, v]) => v === null || typeof v !== 'object')
    .map(([key, v]) => `${key} ${cell(v)}`)
    .join(', ');

/** Top-level fields about ceilings and ratios (rows already hold most; runs and totals are kept here). */
function ceilingFields(data: JsonObject): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (!/ratio|ceiling/i.test(key) || value === null) continue;
    if (Array.isArray(value) && value.every(isObject)) {
      out.push('', `\`${key}\`:`, '', ...table(value.map((item) => Object.fromEntries(Object.entries(item).filter(([, v]) => !isObject(v) || isSummary(v))))));
    } else if (isObject(value)) out.push('', `\`${key}\`: ${isSummary(value) ? cell(value) : scalars(value)}`);
    else out.push('', `\`${key}\`: ${cell(value)}`);
  }
  return out;
}

/** Query plans recorded by the benchmark, folded. */
function plans(data: JsonObject): string[] {
  if (!Array.isArray(data.plans)) return [];
  return data.plans.filter(isObject).flatMap((plan) => {
    const title = [typeof plan.filter === 'string' ? plan.filter : '', typeof plan.executionMs === 'number' ? `execution ${cell(plan.executionMs)} ms` : '']
      .filter(Boolean)
      .join(', ');
    const text = [typeof plan.sql === 'string' ? plan.sql : '', typeof plan.plan === 'string' ? plan.plan : ''].filter(Boolean).join('\n\n');
    return ['', `<details><summary>Query plan${title ? `: ${title}` : ''}</summary>`, '', '```', text, '```', '', '</details>'];
  });
}

/** One result as a section: `level` is its heading's depth, `folder` where its file is under bench/results. */
export function section(result: BenchResult, level = 3, folder = ''): string[] {
  const { data } = result;
  const name = typeof data.name === 'string' ? data.name : result.file.replace(/\.json$/, '');
  const rows = Array.isArray(data.rows) ? data.rows.filter(isObject) : [];
  const dataset = isObject(data.dataset) ? [`Dataset: ${scalars(data.dataset)}.`, ''] : [];
  return [
    `${'#'.repeat(level)} ${name}`,
    '',
    `${measured(data)} From \`bench/results/${folder}${result.file}\`.`,
    '',
    ...dataset,
    ...(rows.length ? table(rows) : ['No rows recorded.']),
    ...ceilingFields(data),
    ...plans(data),
    '',
  ];
}

/** The whole page: the header, one section per result (by file name), the recorded comparisons, then the notes. */
export function renderPage(results: BenchResult[], notes: string, comparisons: Comparison[] = []): string {
  const sorted = [...results].sort((a, b) => a.file.localeCompare(b.file));
  const body = sorted.length
    ? sorted.flatMap((result) => section(result))
    : ['No results in `bench/results/` yet: run `npm run bench` (or one `npm run bench:<name>`), then `' + COMMAND + '`.', ''];
  return [
    '# Benchmarks',
    '',
    `<!-- Generated by \`${COMMAND}\` from bench/results/*.json and bench/benchmarks.notes.md. Do not edit by hand. -->`,
    '',
    `This page is generated by \`${COMMAND}\` from \`bench/results/*.json\` (written by each benchmark) and the`,
    `hand-written \`bench/benchmarks.notes.md\`; edit those, never this page. \`${COMMAND} -- --check\` fails when the`,
    'page is not what the generator would write.',
    '',
    '## Results',
    '',
    ...body,
    ...comparisons.flatMap(renderComparison),
    notes.trim(),
    '',
  ].join('\n');
}

/** Every bench/results/*.json, parsed. */
export function readResults(dir: string): BenchResult[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => {
      const data = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Json;
      if (!isObject(data)) throw new Error(`${join(dir, file)}: not a JSON object`);
      return { file, data };
    });
}

/**
 * A recorded comparison: bench/results/comparisons/<label>/ holds `about.md` (what changed between the
 * two sides and how they were run, hand-written) and the results of each side in `before/` and `after/`,
 * measured in one session on one machine. The page shows both sides in full, never a hand-copied figure.
 */
export interface Comparison {
  label: string;
  about: string;
  before: BenchResult[];
  after: BenchResult[];
}

export function readComparisons(dir: string): Comparison[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((label) => ({
      label,
      about: existsSync(join(dir, label, 'about.md')) ? readFileSync(join(dir, label, 'about.md'), 'utf8') : '',
      before: readResults(join(dir, label, 'before')),
      after: readResults(join(dir, label, 'after')),
    }));
}

export function renderComparison(comparison: Comparison): string[] {
  const side = (name: 'before' | 'after', results: BenchResult[]) => [
    `#### ${name}`,
    '',
    ...[...results].sort((a, b) => a.file.localeCompare(b.file)).flatMap((result) => section(result, 5, `comparisons/${comparison.label}/${name}/`)),
  ];
  return [`### Comparison: ${comparison.label}`, '', comparison.about.trim(), '', ...side('before', comparison.before), ...side('after', comparison.after)];
}

function option(args: string[], name: string, fallback: string): string {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] ? args[at + 1] : fallback;
}

function main(args: string[]): number {
  const resultsDir = option(args, '--results', join(ROOT, 'bench', 'results'));
  const out = option(args, '--out', join(ROOT, 'docs', 'benchmarks.md'));
  const results = readResults(resultsDir);
  const page = renderPage(results, readFileSync(join(ROOT, 'bench', 'benchmarks.notes.md'), 'utf8'), readComparisons(join(resultsDir, 'comparisons')));
  const shown = relative(process.cwd(), out);
  if (args.includes('--check')) {
    if (existsSync(out) && readFileSync(out, 'utf8') === page) return 0;
    console.error(`${shown} is not what ${COMMAND} would write: run ${COMMAND} and commit the page`);
    return 1;
  }
  writeFileSync(out, page);
  console.log(`${COMMAND}: wrote ${shown} from ${results.length} result files`);
  return 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
