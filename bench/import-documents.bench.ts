import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Grid, printedTableBlocks, type WordBlock, writeDocx, writeXlsx } from '../test/support/office-documents';
import { importDatabase } from './import-database';
import { ms, report, round1, summarise } from './bench-support';

/**
 * Importing Word and Excel files: a generated 10,000-row table with merged cells (sections across
 * the row, 工作内容 merged over five rows, lead and responsible units over two) as .docx and .xlsx,
 * and the seed as .docx. Reading alone runs in a child process (time and peak RSS, beside a child
 * that only loads the libraries); the full import (read, resolve, one transaction) runs here into a
 * fresh `duban_bench_import_documents`. Each run imports a variant with its own title.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const BIG_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 10_000);
const root = join(__dirname, '..');
const seed = readFileSync(join(root, 'seeds', 'ordos-patriotic-health-task-table.txt'), 'utf8');
const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

function generatedGrid(rows: number, variant: number): Grid {
  const leads = ['市卫生健康委员会', '市住建局', '市生态环境局', '市教体局', '市市场监督管理局'];
  const grid: Grid = [
    [`生成的任务分解表 ${String(variant)}`, '<', '<', '<', '<'],
    ['序号', '工作内容', '工作任务', '牵头单位', '责任单位'],
  ];
  for (let i = 1; i <= rows; i += 1) {
    if (i % 500 === 1) grid.push([`${NUMERALS[Math.floor(i / 500) % 10] ?? '十'}、第${String(Math.floor(i / 500) + 1)}部分。`, '<', '<', '<', '<']);
    const workItem = i % 500 === 1 || i % 5 === 1 ? `工作内容${String(Math.floor(i / 5))}` : '^';
    const text = i % 7 === 0 ? `到2025年，第${String(i)}项指标达到${String((i % 90) + 5)}%。` : `推进第${String(i)}项工作，建立长效机制。`;
    const pairStart = i % 2 === 1 || i % 500 === 1;
    grid.push([String(i), workItem, text, pairStart ? (leads[i % leads.length] ?? '') : '^', pairStart ? '市财政局、各旗（区）人民政府' : '^']);
  }
  return grid;
}

const bigDocx = (variant: number): Promise<Buffer> => {
  const [title, ...table] = generatedGrid(BIG_ROWS, variant);
  return writeDocx([{ paragraph: title?.[0] ?? '' }, { table, headerRows: 1 }]);
};
const bigXlsx = (variant: number): Promise<Buffer> => writeXlsx([{ name: '任务分解表', grid: generatedGrid(BIG_ROWS, variant) }]);
const seedBlocks = (variant: number): WordBlock[] =>
  printedTableBlocks(seed.replace('高质量发展任务分解表', `高质量发展任务分解表（基准${String(variant)}）`), { workItem: 1, lead: 3, support: 4 });

/** The reading process as one plain JavaScript file (bundled by rolldown, which Vite brings), its packages left to node_modules. */
function bundleReader(dir: string): string {
  const rolldown = join(root, 'node_modules', '.bin', 'rolldown');
  const args = ['bench/import-documents.read.ts', '--format', 'cjs', '--platform', 'node', '--tsconfig', 'tsconfig.json', '-d', dir];
  execFileSync(rolldown, [...args, '--external', 'exceljs', '--external', 'jszip', '--external', 'saxes', '--external', 'chinese-days'], {
    cwd: root,
    stdio: 'ignore',
  });
  return join(dir, 'import-documents.read.js');
}

/** Reads a file in a child process: its time and peak RSS. */
function readInChild(reader: string, file: string, baseline = false): { readMs?: number; totalMs?: number; tasks?: number; maxRssMb: number } {
  const args = [reader, file, join(root, 'seeds', 'unit-catalogue.ordos.json'), ...(baseline ? ['--baseline'] : [])];
  const output = execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  return JSON.parse(output) as { maxRssMb: number };
}

async function main(): Promise<void> {
  const { imports, close } = await importDatabase('duban_bench_import_documents');

  const measure = async (file: (variant: number) => Promise<Buffer>, fileName: string, runs: number) => {
    await imports.importUpload({ bytes: await file(-1), fileName, planStart: '2021-01-01' }); // warm-up
    const samples: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      const bytes = await file(run);
      const started = performance.now();
      await imports.importUpload({ bytes, fileName, planStart: '2021-01-01' });
      samples.push(performance.now() - started);
    }
    return summarise(samples);
  };

  const dir = mkdtempSync(join(tmpdir(), 'duban-bench-documents-'));
  const files = { docx: join(dir, 'big.docx'), xlsx: join(dir, 'big.xlsx') };
  writeFileSync(files.docx, await bigDocx(0));
  writeFileSync(files.xlsx, await bigXlsx(0));
  // inside the project, so that the packages it loads on first use (`import('exceljs')`) resolve from node_modules
  const readerDir = mkdtempSync(join(__dirname, '..', 'node_modules', '.duban-bench-reader-'));
  const reader = bundleReader(readerDir);
  const baseline = readInChild(reader, files.docx, true);
  const reading = { docx: readInChild(reader, files.docx), xlsx: readInChild(reader, files.xlsx) };
  const bigRuns = Math.max(3, Math.floor(RUNS / 2));
  const results = [
    { workload: 'seed as .docx: full import into PostgreSQL', ...(await measure((v) => writeDocx(seedBlocks(v)), 'seed.docx', RUNS)) },
    { workload: `${String(BIG_ROWS)} rows as .docx: full import into PostgreSQL`, ...(await measure(bigDocx, 'big.docx', bigRuns)) },
    { workload: `${String(BIG_ROWS)} rows as .xlsx: full import into PostgreSQL`, ...(await measure(bigXlsx, 'big.xlsx', bigRuns)) },
  ];
  await close();
  const sizes = { docxBytes: readFileSync(files.docx).length, xlsxBytes: readFileSync(files.xlsx).length };
  rmSync(dir, { recursive: true, force: true });
  rmSync(readerDir, { recursive: true, force: true });
  const readRows = (['docx', 'xlsx'] as const).map((kind) => ({
    workload: `${String(BIG_ROWS)} rows as .${kind}: read + resolve alone (child process)`,
    runs: 1,
    median: ms(reading[kind].totalMs ?? 0),
    min: ms(reading[kind].readMs ?? 0),
    max: `peak RSS ${String(round1(reading[kind].maxRssMb))} MB (libraries alone ${String(round1(baseline.maxRssMb))} MB)`,
  }));
  report(
    'import-documents',
    [...results.map((r) => ({ workload: r.workload, runs: r.runs, median: ms(r.median), min: ms(r.min), max: ms(r.max) })), ...readRows],
    { ...sizes, reading, baseline, raw: results },
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
