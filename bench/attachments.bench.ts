import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { appEnv, buildOnce, dropRedisPrefix, startApp } from './app-process';
import { gitState, report, round1, round2, summarise, versions } from './bench-support';
import { importDatabase } from './import-database';
import { positiveInt } from './settings';

/**
 * `npm run bench:attachments` (not part of `npm run bench`): uploads and downloads through the compiled
 * api, against a raw disk ceiling measured in the same run.
 * - 8 clients (BENCH_ATTACHMENT_CLIENTS) upload files of 1 MB and 20 MB (BENCH_ATTACHMENT_SIZES_MB), each
 *   upload distinct bytes (no storing once); MB/s against 8 Node write streams of the same bytes with fsync.
 * - the same files downloaded by 8 clients; MB/s against reading the stored files with 8 read streams.
 * - 4 clients (BENCH_ATTACHMENT_BIG_CLIENTS) upload BENCH_ATTACHMENT_BIG_MB (200) each at once, the size limit
 *   raised for this run: the api's RSS growth (goal ≤ 50 MB) while they stream.
 * Goal: uploads and downloads ≥ 50 % of their ceilings.
 */
const MB = 1024 * 1024;
const CLIENTS = positiveInt('BENCH_ATTACHMENT_CLIENTS', 8);
const SIZES_MB = (process.env.BENCH_ATTACHMENT_SIZES_MB ?? '1,20').split(',').map(Number);
/** bytes each client moves per size (so 1 MB files are many, 20 MB ones few) */
const BYTES_PER_CLIENT = positiveInt('BENCH_ATTACHMENT_MB_PER_CLIENT', 60) * MB;
const RUNS = positiveInt('BENCH_RUNS', 3);
const BIG_CLIENTS = positiveInt('BENCH_ATTACHMENT_BIG_CLIENTS', 4);
const BIG_MB = positiveInt('BENCH_ATTACHMENT_BIG_MB', 200);
const BOUNDARY = 'duban-bench-boundary';
const PDF_HEAD = Buffer.from('%PDF-1.7\n%bench\n', 'latin1');

/** A file of `size` bytes that judges as PDF; `stamp` makes each upload's bytes (and so its content address) its own. */
function pdfBytes(size: number): Buffer {
  const bytes = randomBytes(size);
  PDF_HEAD.copy(bytes, 0);
  return bytes;
}
const stamp = (bytes: Buffer, n: number) => bytes.writeUInt32BE(n, PDF_HEAD.length);
let stamps = 0;

/** POSTs one file (from `chunks`) as multipart; resolves with the attachment's id. */
function upload(baseUrl: string, token: string, size: number, chunks: AsyncIterable<Buffer> | Iterable<Buffer>): Promise<string> {
  const head = Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="bench.pdf"\r\nContent-Type: application/pdf\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
  return new Promise((resolve, reject) => {
    const req = request(
      `${baseUrl}/api/v1/attachments`,
      {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`,
          'Content-Length': head.length + size + tail.length,
        },
      },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () =>
          res.statusCode === 201 ? resolve((JSON.parse(body) as { id: string }).id) : reject(new Error(`upload: ${res.statusCode} ${body}`)),
        );
      },
    );
    req.on('error', reject);
    void (async () => {
      req.write(head);
      for await (const chunk of chunks) if (!req.write(chunk)) await new Promise((drained) => req.once('drain', drained));
      req.end(tail);
    })().catch(reject);
  });
}

function download(baseUrl: string, token: string, id: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(`${baseUrl}/api/v1/attachments/${id}/content`, { headers: { Authorization: `Bearer ${token}` } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => (res.statusCode === 200 ? resolve(bytes) : reject(new Error(`download ${id}: ${res.statusCode}`))));
    })
      .on('error', reject)
      .end();
  });
}

/** CPU milliseconds (user and system, every thread) a process has used: /proc/<pid>/stat, in clock ticks of 10 ms. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

interface Throughput {
  mbPerSecond: number;
  /** the api's CPU per MB moved (every thread: HTTP, parsing, hashing, the file system's system time) */
  apiCpuMsPerMb: number;
  /** this process's (the load generator's or, for a ceiling, the ceiling's own) CPU per MB */
  ownCpuMsPerMb: number;
}

/** Runs `clients` loops of `perClient` steps at once; answers MB/s over the wall time and the CPU per MB of both processes. */
async function throughput(
  apiPid: number,
  clients: number,
  perClient: number,
  bytesPerStep: number,
  step: (client: number, n: number) => Promise<unknown>,
): Promise<Throughput> {
  const started = performance.now();
  const apiBefore = cpuMs(apiPid);
  const ownBefore = process.cpuUsage();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let n = 0; n < perClient; n++) await step(client, n);
    }),
  );
  const mb = (clients * perClient * bytesPerStep) / MB;
  const own = process.cpuUsage(ownBefore);
  return {
    mbPerSecond: mb / ((performance.now() - started) / 1_000),
    apiCpuMsPerMb: (cpuMs(apiPid) - apiBefore) / mb,
    ownCpuMsPerMb: (own.user + own.system) / 1_000 / mb,
  };
}

/** The raw ceiling: the same bytes through a Node write stream into a file, then fsync. */
async function diskWrite(dir: string, bytes: Buffer, name: string): Promise<void> {
  const path = join(dir, name);
  await pipeline([bytes], createWriteStream(path));
  const handle = await open(path, 'r');
  await handle.sync();
  await handle.close();
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

async function main(): Promise<void> {
  const storageDir = mkdtempSync(join(tmpdir(), 'duban-bench-attachments-'));
  const ceilingDir = mkdtempSync(join(tmpdir(), 'duban-bench-ceiling-'));
  const database = await importDatabase('duban_bench_attachments');
  buildOnce();
  const queuePrefix = `duban-bench-attachments-${process.pid}`;
  const env = appEnv(database.databaseUrl, queuePrefix, {
    STORAGE_DIR: storageDir,
    ATTACHMENTS_MAX_BYTES: String((BIG_MB + 1) * MB),
    ATTACHMENTS_UNIT_QUOTA_BYTES: String(1024 * 1024 * MB),
  });
  const api = await startApp('api', env);
  const rows: Record<string, string | number>[] = [];
  const ratios: Record<string, string | number>[] = [];
  let rss: Record<string, number> = {};
  try {
    const login = await fetch(`${api.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: process.env.DEMO_PASSWORD ?? 'duban-demo-2021' }),
    });
    const token = ((await login.json()) as { accessToken: string }).accessToken;

    for (const sizeMb of SIZES_MB) {
      const size = sizeMb * MB;
      const perClient = Math.max(1, Math.floor(BYTES_PER_CLIENT / size));
      const files = Array.from({ length: CLIENTS }, () => pdfBytes(size));
      const up: Throughput[] = [];
      const ceiling: Throughput[] = [];
      const down: Throughput[] = [];
      const readCeiling: Throughput[] = [];
      for (let run = 0; run < RUNS; run++) {
        const ids: string[][] = Array.from({ length: CLIENTS }, () => []);
        ceiling.push(
          await throughput(api.pid, CLIENTS, perClient, size, (client, n) => {
            stamp(files[client], ++stamps);
            return diskWrite(ceilingDir, files[client], `${client}-${n}`);
          }),
        );
        up.push(
          await throughput(api.pid, CLIENTS, perClient, size, async (client) => {
            stamp(files[client], ++stamps);
            ids[client].push(await upload(api.baseUrl, token, size, [files[client]]));
          }),
        );
        readCeiling.push(
          await throughput(api.pid, CLIENTS, perClient, size, (client, n) =>
            pipeline(createReadStream(join(ceilingDir, `${client}-${n}`)), async (source) => {
              for await (const _chunk of source) void _chunk;
            }),
          ),
        );
        down.push(await throughput(api.pid, CLIENTS, perClient, size, (client, n) => download(api.baseUrl, token, ids[client][n])));
        // the next run writes to empty folders again (the rows stay: the admin has no quota)
        rmSync(ceilingDir, { recursive: true, force: true });
        mkdirSync(ceilingDir);
        rmSync(join(storageDir, 'objects'), { recursive: true, force: true });
      }
      const row = (what: string, samples: Throughput[], ceilingSamples: Throughput[]) => {
        const measured = summarise(samples.map((sample) => round1(sample.mbPerSecond)));
        const limit = summarise(ceilingSamples.map((sample) => round1(sample.mbPerSecond)));
        const median = (values: number[]) => round2(summarise(values).median);
        rows.push({
          measure: `${what} ${sizeMb} MB × ${CLIENTS} clients`,
          files: CLIENTS * perClient,
          'MB/s': measured.median,
          'ceiling MB/s': limit.median,
          'api CPU ms/MB': median(samples.map((sample) => sample.apiCpuMsPerMb)),
          'load generator CPU ms/MB': median(samples.map((sample) => sample.ownCpuMsPerMb)),
          'ceiling CPU ms/MB': median(ceilingSamples.map((sample) => sample.ownCpuMsPerMb)),
        });
        ratios.push({ measure: `${what} ${sizeMb} MB`, ratio: round2(measured.median / limit.median), goal: '≥ 0.5' });
      };
      row('upload', up, ceiling);
      row('download', down, readCeiling);
    }

    // memory: big uploads streamed at once; the api's RSS sampled while they run
    const chunk = pdfBytes(MB);
    const before = rssMb(api.pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(api.pid))), 50);
    const started = performance.now();
    await Promise.all(
      Array.from({ length: BIG_CLIENTS }, (_, client) =>
        upload(
          api.baseUrl,
          token,
          BIG_MB * MB,
          (function* () {
            for (let n = 0; n < BIG_MB; n++) {
              const part = Buffer.from(chunk);
              part.writeUInt32BE(client * 1_000_000 + n, 64);
              yield part;
            }
          })(),
        ),
      ),
    );
    clearInterval(sampler);
    const seconds = (performance.now() - started) / 1_000;
    rss = {
      clients: BIG_CLIENTS,
      mbEach: BIG_MB,
      rssBeforeMb: round1(before),
      rssPeakMb: round1(peak),
      rssGrowthMb: round1(peak - before),
      seconds: round1(seconds),
    };
    rows.push({
      measure: `upload ${BIG_MB} MB × ${BIG_CLIENTS} clients at once`,
      files: BIG_CLIENTS,
      'MB/s': round1((BIG_CLIENTS * BIG_MB) / seconds),
      'api RSS growth MB': rss.rssGrowthMb,
    });
    ratios.push({ measure: `api RSS growth, ${BIG_CLIENTS} × ${BIG_MB} MB`, ratio: rss.rssGrowthMb, goal: '≤ 50 MB' });
  } finally {
    await api.stop();
    await dropRedisPrefix(env.REDIS_URL, queuePrefix);
    const serverVersions = await versions(database.databaseUrl).catch(() => ({}));
    await database.close();
    rmSync(storageDir, { recursive: true, force: true });
    rmSync(ceilingDir, { recursive: true, force: true });
    if (rows.length > 0) {
      report('attachments', rows, {
        git: gitState(),
        versions: serverVersions,
        settings: { clients: CLIENTS, sizesMb: SIZES_MB, mbPerClient: BYTES_PER_CLIENT / MB, runs: RUNS, bigClients: BIG_CLIENTS, bigMb: BIG_MB },
        ceilingRatios: ratios,
        memory: rss,
        storage: 'directory (STORAGE_DIR on the same disk as the ceiling)',
        loadAverageAtEnd: loadavg().map(round1),
      });
      console.table(ratios);
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
