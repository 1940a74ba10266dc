import type { Client } from 'pg';
import type { AppProcess } from '../app-process';
import { summarise } from '../bench-support';
import { combineCpu, type CpuUse, measureCpu, scaleRow } from './rows';
import { auditMark, checkApplied, type CycleTask, loadTransitions, reloadStates, type TransitionLoad } from './transitions-load';

/** What the transitions phase of bench:scale works with: the api processes and the worker running, the tasks and where their cycle stands. */
export interface ApiPhase {
  db: Client;
  apis: AppProcess[];
  workers: AppProcess[];
  tasks: CycleTask[];
  cursor: { next: number };
  clients: number;
  requests: number;
  warmup: number;
  runs: number;
}

/** One way in to the running api processes: one of them directly, or nginx in front of all. */
export interface Target {
  label: string;
  baseUrl: string;
  nginxPids: () => number[];
}

interface Run {
  load: TransitionLoad;
  cpu: CpuUse | null;
  applied: Awaited<ReturnType<typeof checkApplied>>;
}

/**
 * `runs` loads of `requests` transitions on each target, the targets taken in turn run by run (so the
 * drift of a shared machine falls on each alike), after a warm-up on each; each run checked against
 * the audit trail. One row per target: medians of the runs, the counts summed over them.
 */
export async function measureTransitions(p: ApiPhase, targets: Target[]): Promise<{ rows: Record<string, string | number>[]; raw: unknown[] }> {
  const taskIds = p.tasks.map((task) => task.id);
  // every api process compiles its hot paths on its own: the warm-up grows with their number
  for (const target of targets) await loadTransitions(target.baseUrl, p.clients, p.warmup * p.apis.length, p.tasks, p.cursor);
  const runs = new Map<Target, Run[]>(targets.map((target) => [target, []]));
  for (let run = 0; run < p.runs; run += 1) {
    for (const target of targets) {
      await reloadStates(p.db, p.tasks); // a refused request leaves its task where it was
      const mark = await auditMark(p.db, taskIds);
      const { result: load, cpu } = await measureCpu(
        p.db,
        () => loadTransitions(target.baseUrl, p.clients, p.requests, p.tasks, p.cursor),
        () => ({ api: p.apis.map((api) => api.pid), nginx: target.nginxPids(), worker: p.workers.map((worker) => worker.pid) }),
      );
      const applied = await checkApplied(p.db, taskIds, mark, load);
      const ended = [...p.apis, ...p.workers].filter((app) => app.ended() !== null);
      if (ended.length > 0)
        throw new Error(`during ${target.label}: ${ended.map((app) => `process ${app.pid} ended (${app.ended()}):\n${app.tail().slice(-2_000)}`).join('\n')}`);
      (runs.get(target) as Run[]).push({ load, cpu, applied });
      console.log(
        `  ${target.label}, run ${run + 1}: ${load.perSecond.toFixed(0)}/s, p99 ${load.p99} ms, answers ${JSON.stringify(load.statuses)}, ${applied.events} audit events${applied.exactlyOnce ? '' : ' — NOT EXACTLY ONCE'}`,
      );
    }
  }
  await reloadStates(p.db, p.tasks);
  const total = (counts: Record<string, number>) => Object.values(counts).reduce((sum, n) => sum + n, 0);
  const rows = targets.map((target) => {
    const of = runs.get(target) as Run[];
    const median = (pick: (load: TransitionLoad) => number) => summarise(of.map((r) => pick(r.load))).median;
    const sent = of.reduce((sum, r) => sum + total(r.load.sent), 0);
    const ok = of.reduce((sum, r) => sum + total(r.load.ok), 0);
    return scaleRow({
      what: 'transitions',
      processes: target.label,
      count: p.apis.length,
      perSecond: median((load) => load.perSecond),
      p50: median((load) => load.p50),
      p99: median((load) => load.p99),
      sent,
      done: ok,
      audited: of.reduce((sum, r) => sum + r.applied.events, 0),
      exactlyOnce: sent === ok && of.every((r) => r.applied.exactlyOnce && r.load.errors === 0),
      ops: of.reduce((sum, r) => sum + r.load.requests, 0),
      cpu: combineCpu(of.map((r) => r.cpu)),
      app: 'api',
    });
  });
  const raw = targets.map((target) => ({ what: 'transitions', processes: target.label, runs: runs.get(target) }));
  return { rows, raw };
}
