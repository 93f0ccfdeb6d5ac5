// The API servers the benchmark measures the app against, each in processes of its own:
//   - sandbox: `npm run sandbox` (lib/sandbox/main.ts) with SANDBOX_SCENARIO=synthetic:<size>, its
//     request log on (SANDBOX_VERBOSE=1) so the watches the app opens can be counted;
//   - real: kube-apiserver 1.20 with etcd from scripts/kube (up.sh into a private directory),
//     the scheduler, controller-manager and node stand-in stopped, loaded with the same cluster
//     (load-real.ts), with the apiserver's default watch cache and compaction. Its watches are
//     counted from its own /metrics.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSandboxProcess } from '../test/support/sandbox-process';
import { kubeRequest, targetOf, type KubeTarget } from './kube-http';
import { loadRealCluster } from './load-real';

const root = path.resolve(__dirname, '..');

export type ServerKind = 'sandbox' | 'real';

export interface BenchServer {
  kind: ServerKind;
  /** The kubeconfig the app and the references use; its current context is the cluster id. */
  kubeconfig: string;
  context: string;
  target: KubeTarget;
  /** Seconds spent loading the cluster (real server only). */
  loadSeconds?: number;
  /** Watch requests open on the server now, per resource path. */
  watches(): Promise<Record<string, number>>;
  /** Requests the server has answered on a path since it started, where it can tell (the sandbox's log). */
  requests(path: string): number | undefined;
  stop(): Promise<void>;
}

/** Watch requests in the sandbox's request log, per collection path (a watch logs once, when it opens). */
function watchesInLog(log: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of log.matchAll(/^\[sandbox\] GET ([^?\s]+)\?\S*\bwatch=(?:true|1)\b\S* 200 /gm)) out[m[1]] = (out[m[1]] ?? 0) + 1;
  return out;
}

export async function startSandboxServer(nodes: number, podsPerNode: number): Promise<BenchServer> {
  const sandbox = await startSandboxProcess({ scenario: `synthetic:${nodes}x${podsPerNode}`, env: { SANDBOX_VERBOSE: '1' }, startTimeoutMs: 600_000 });
  let openedBefore: Record<string, number> = {};
  return {
    kind: 'sandbox',
    kubeconfig: sandbox.kubeconfig,
    context: 'sandbox',
    target: targetOf(sandbox.kubeconfig),
    // The log holds every watch ever opened; the app's informers open one per kind and reopen it
    // when the server ends it (after 5–10 minutes), so the count since the last call is "open now"
    // within any benchmark phase shorter than that.
    async watches() {
      const all = watchesInLog(sandbox.output());
      const now = Object.fromEntries(Object.entries(all).map(([k, v]) => [k, v - (openedBefore[k] ?? 0)]));
      openedBefore = all;
      return now;
    },
    requests: (p) => requestsInLog(sandbox.output(), p),
    stop: () => sandbox.stop(),
  };
}

/** Requests in the sandbox's request log on exactly `path` (any query). */
function requestsInLog(log: string, path: string): number {
  let n = 0;
  for (const line of log.split('\n')) if (line.startsWith(`[sandbox] GET ${path} `) || line.startsWith(`[sandbox] GET ${path}?`)) n += 1;
  return n;
}

/** The real server's open watches: apiserver_longrunning_gauge{verb="WATCH"} per resource. */
async function realWatches(target: KubeTarget): Promise<Record<string, number>> {
  const res = await kubeRequest(target, 'GET', '/metrics');
  const out: Record<string, number> = {};
  for (const line of res.body.split('\n')) {
    if (!line.startsWith('apiserver_longrunning_gauge{') || !line.includes('verb="WATCH"')) continue;
    const resource = /resource="([^"]*)"/.exec(line)?.[1] ?? '?';
    const group = /group="([^"]*)"/.exec(line)?.[1] ?? '';
    const n = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (n > 0) out[group ? `${resource}.${group}` : resource] = n;
  }
  return out;
}

export async function startRealServer(nodes: number, podsPerNode: number, log: (line: string) => void): Promise<BenchServer> {
  // A directory per size. Loading 30,000 pods takes a minute or more, so with BENCH_KEEP_REAL=1
  // it is kept after the run, and a server that already holds the cluster is used as it is.
  const dir = process.env.BENCH_REAL_DIR ?? path.join(os.tmpdir(), `nodelanes-bench-real-${nodes}x${podsPerNode}`);
  // The apiserver's own defaults, as a cluster runs it: the watch cache on and etcd compacted every
  // 5 minutes (the test tier's 5 s would expire kubectl's continue token in the middle of its list).
  const env = { ...process.env, KUBE_WATCH_CACHE: 'true', KUBE_ETCD_COMPACTION: '5m' };
  const kubeconfig = execFileSync('bash', [path.join(root, 'scripts/kube/up.sh'), dir], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop()!;
  execFileSync('bash', [path.join(root, 'scripts/kube/down.sh'), dir, 'kube-scheduler', 'kube-controller-manager', 'nodes'], { stdio: 'inherit' });
  const target = targetOf(kubeconfig);
  const loadSeconds = await loadRealCluster(target, nodes, podsPerNode, log);
  // The apiserver watches itself (its own informers over loopback): those are counted out.
  const own = await realWatches(target);
  return {
    kind: 'real',
    kubeconfig,
    context: 'real',
    target,
    loadSeconds,
    async watches() {
      const now = await realWatches(target);
      return Object.fromEntries(Object.entries(now).map(([k, v]) => [k, v - (own[k] ?? 0)]).filter(([, v]) => Number(v) > 0));
    },
    // No metrics-server runs beside it: nothing to count usage requests against.
    requests: () => undefined,
    async stop() {
      execFileSync('bash', [path.join(root, 'scripts/kube/down.sh'), dir], { stdio: 'inherit' });
      if (process.env.BENCH_KEEP_REAL !== '1') fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
