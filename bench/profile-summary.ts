import { readFileSync } from 'node:fs';

/**
 * Self time by function (and by file) of a V8 .cpuprofile (node --cpu-prof), within a window given as ms before the
 * profile's end (bench/profile-reads.ts prints it): `node -r ts-node/register/transpile-only bench/profile-summary.ts <file> [fromMs toMs] [top]`.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const [file, fromArg, toArg, topArg] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const from = fromArg === undefined ? Infinity : Number(fromArg) * 1_000;
const to = toArg === undefined ? 0 : Number(toArg) * 1_000;

const shortUrl = (url: string) =>
  url
    .replace(/^file:\/\//, '')
    .replace(/.*\/node_modules\//, 'nm:')
    .replace(/^\/.*\/dist\//, 'dist:');
const self = new Map<string, number>();
const perFile = new Map<string, number>();
const perPackage = new Map<string, number>();
const total = new Map<string, number>();
let time = profile.startTime;
let counted = 0;
for (let i = 0; i < profile.samples.length; i++) {
  time += profile.timeDeltas[i];
  const beforeEnd = profile.endTime - time;
  if (beforeEnd > from || beforeEnd < to) continue;
  const dt = profile.timeDeltas[i + 1] ?? 0;
  const node = byId.get(profile.samples[i]) as ProfileNode;
  const frame = node.callFrame;
  if (frame.functionName === '(idle)') continue;
  counted += dt;
  const key = `${frame.functionName || '(anon)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + dt);
  const fileKey = shortUrl(frame.url) || frame.functionName;
  perFile.set(fileKey, (perFile.get(fileKey) ?? 0) + dt);
  const pkg = /^nm:((@[^/]+\/)?[^/]+)/.exec(fileKey)?.[1] ?? (fileKey.startsWith('dist:') ? 'duban' : fileKey.startsWith('node:') ? 'node:' : fileKey);
  perPackage.set(pkg, (perPackage.get(pkg) ?? 0) + dt);
  // inclusive time: each function once per sample
  const seen = new Set<string>();
  for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
    const f = (byId.get(id) as ProfileNode).callFrame;
    const k = `${f.functionName || '(anon)'} ${shortUrl(f.url)}:${f.lineNumber + 1}`;
    if (seen.has(k)) continue;
    seen.add(k);
    total.set(k, (total.get(k) ?? 0) + dt);
  }
}
const top = Number(topArg ?? 40);
const show = (title: string, map: Map<string, number>, n: number) => {
  console.log(`\n## ${title} (busy ${(counted / 1_000).toFixed(0)} ms)`);
  for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n)) console.log(`${((100 * us) / counted).toFixed(1).padStart(5)} %  ${key}`);
};
show('self time by package', perPackage, 25);
show('self time by file', perFile, 30);
show('self time by function', self, top);
show('inclusive time by function', total, top);
