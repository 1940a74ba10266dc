import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { importPlan, type UnitCatalogue } from '@duban/domain';
import { gitState, ms, report, summarise, versions } from './bench-support';
import { importDatabase } from './import-database';

/**
 * Import speed: the seed table and a generated 10,000-row table, parsed alone (pure domain) and
 * imported end to end (parse, resolve, one transaction into PostgreSQL). Each run imports a
 * variant with its own title, so the content hash differs and nothing is skipped as a re-import.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const BIG_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 10_000);
const root = join(__dirname, '..');
const seed = readFileSync(join(root, 'seeds', 'ordos-patriotic-health-task-table.txt'), 'utf8');
const catalogue = JSON.parse(readFileSync(join(root, 'seeds', 'unit-catalogue.ordos.json'), 'utf8')) as UnitCatalogue;

function generatedTable(rows: number, variant: number): string {
  const leads = ['市卫生健康委员会', '市住建局', '市生态环境局', '市教体局', '市市场监督管理局'];
  const lines = [`生成的任务分解表 ${variant}`, '', '序号\t工作内容\t工作任务\t牵头单位\t责任单位'];
  for (let i = 1; i <= rows; i += 1) {
    if (i % 500 === 1)
      lines.push(`${['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'][Math.floor(i / 500) % 10]}、第${Math.floor(i / 500) + 1}部分。\t\t\t\t`);
    const workItem = i % 5 === 1 ? `工作内容${Math.floor(i / 5)}` : '';
    const text = i % 7 === 0 ? `到2025年，第${i}项指标达到${(i % 90) + 5}%。` : `推进第${i}项工作，建立长效机制。`;
    lines.push(`${i}\t${workItem}\t${text}\t${leads[i % leads.length]}\t市财政局、各旗（区）人民政府`);
  }
  return `${lines.join('\n')}\n`;
}

const withTitle = (content: string, variant: number) =>
  content.replace('全面推进新时代爱国卫生运动高质量发展任务分解表', `全面推进新时代爱国卫生运动高质量发展任务分解表（基准${variant}）`);

async function main(): Promise<void> {
  const { databaseUrl, imports, close } = await importDatabase('duban_bench_import');
  const options = { catalogue, today: '2021-06-01', planStart: '2021-01-01' };

  const measure = async (work: (variant: number) => unknown, runs: number) => {
    await work(-1); // warm-up
    const samples: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      const started = performance.now();
      await work(run);
      samples.push(performance.now() - started);
    }
    return summarise(samples);
  };

  const big = generatedTable(BIG_ROWS, 0);
  const results = [
    { workload: 'seed: parse + resolve (domain only)', ...(await measure((v) => importPlan(withTitle(seed, v), options), RUNS)) },
    {
      workload: 'seed: full import into PostgreSQL',
      ...(await measure((v) => imports.import({ content: withTitle(seed, v), planStart: '2021-01-01' }), RUNS)),
    },
    {
      workload: `${BIG_ROWS} rows: parse + resolve (domain only)`,
      ...(await measure((v) => importPlan(generatedTable(BIG_ROWS, v), options), Math.max(3, Math.floor(RUNS / 2)))),
    },
    {
      workload: `${BIG_ROWS} rows: full import into PostgreSQL`,
      ...(await measure((v) => imports.import({ content: generatedTable(BIG_ROWS, v + 1000), planStart: '2021-01-01' }), Math.max(3, Math.floor(RUNS / 2)))),
    },
  ];
  const measuredWith = await versions(databaseUrl);
  await close();
  report(
    'import',
    results.map((r) => ({ workload: r.workload, runs: r.runs, median: ms(r.median), min: ms(r.min), max: ms(r.max) })),
    { generatedTableBytes: Buffer.byteLength(big), versions: measuredWith, git: gitState(), raw: results },
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
