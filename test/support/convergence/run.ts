// A convergence run: a seeded random sequence of operations against a real API server — creates,
// deletes (graceful and forced), scales, label changes, cordons, API-server restarts (stopped or
// killed), etcd compactions and watch connections cut mid-stream — while the dashboard's informers
// (the topology hub, and a second replica beside it, through a TCP proxy that can cut them) follow
// it. At every quiet point (the API server's revision still for a moment) both replicas' snapshots
// must equal what the API server lists, and a browser-side model built from the stream (snapshot,
// then deltas, applied as the page applies them), failing over between the replicas now and then,
// must equal the snapshot, each within `boundMs`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyEvents } from '@/lib/domain/apply-event';
import { freshDeltas, type TopologyDelta } from '@/lib/domain/deltas';
import type { TopologyEvent, TopologySnapshot } from '@/lib/domain/model';
import type { Held } from '@/lib/server/held-snapshot';
import { configureTopologyHub, followTopology, getTopology, stopTopology, topologyInformerStats } from '@/lib/server/topology-hub';
import { send } from '../../real/http';
import { rawDeployment, rawNode } from '../objects';
import { seededRandom, type SeededRandom } from '../seeded-random';
import { startTcpProxy, type TcpProxy } from '../tcp-proxy';
import { clusterModel, diffModels } from './cluster-model';
import { compactEtcd, restartApiServer, type ControlPlane } from './control-plane';
import { Replica } from './replica';

export interface ConvergenceOptions {
  plane: ControlPlane;
  seed: number;
  operations: number;
  /** API-server restarts among the operations, spread evenly (at least this many). */
  restarts: number;
  /** Operations between quiet points. */
  quietEvery: number;
  /** How long after a quiet point the dashboard may take to agree. */
  boundMs: number;
  log?: (line: string) => void;
}

export interface QuietPoint {
  afterOperation: number;
  /** From the cluster's last change until the snapshot equalled the API server's lists. */
  snapshotMs: number;
  /** From then until the stream-built model equalled the snapshot. */
  streamMs: number;
}

export interface ConvergenceResult {
  plane: string;
  seed: number;
  operations: string[];
  quietPoints: QuietPoint[];
  /** Quiet points where a side did not agree within the bound: what differed, at the bound. */
  divergences: Array<{ afterOperation: number; side: 'snapshot' | 'stream'; waitedMs: number; diff: string[] }>;
  relists: Record<string, Record<string, number>>;
  vanished: Record<string, number>;
}

/**
 * How long after the cluster's last change the dashboard may take to agree with it, restarts and
 * cut connections included. Measured: see docs/convergence.md.
 */
export const CONVERGENCE_BOUND_MS = 10_000;

const NS = 'convergence';
const CLUSTER = 'real';
const POOLS = ['pool-a', 'pool-b', 'pool-c'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A kubeconfig for the same API server through the proxy (TLS passes through; the cert is not checked, as in up.sh's). */
function proxiedKubeconfig(plane: ControlPlane, proxy: TcpProxy): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nodelanes-convergence-')), 'kubeconfig');
  fs.writeFileSync(
    file,
    [
      'apiVersion: v1',
      'kind: Config',
      `clusters: [{name: ${CLUSTER}, cluster: {server: "https://127.0.0.1:${proxy.port}", insecure-skip-tls-verify: true}}]`,
      `users: [{name: admin, user: {token: "${plane.server.token}"}}]`,
      `contexts: [{name: ${CLUSTER}, context: {cluster: ${CLUSTER}, user: admin}}]`,
      `current-context: ${CLUSTER}`,
    ].join('\n'),
  );
  return file;
}

export async function must(plane: ControlPlane, req: Parameters<typeof send>[1], allow: number[] = []): Promise<unknown> {
  for (let attempt = 0; ; attempt++) {
    const res = await send(plane.server, req).catch((err: Error) => ({ status: 0, text: err.message, json: undefined }));
    if ((res.status >= 200 && res.status < 300) || allow.includes(res.status)) return res.json;
    // Right after a restart the API server may refuse for a moment (connection refused, 429, 5xx).
    if ((res.status === 0 || res.status === 429 || res.status >= 500) && attempt < 60) {
      await sleep(500);
      continue;
    }
    throw new Error(`${req.method ?? 'GET'} ${req.path}: ${res.status} ${res.text.slice(0, 300)}`);
  }
}

async function names(plane: ControlPlane, path: string): Promise<string[]> {
  const list = (await must(plane, { path })) as { items: Array<{ metadata: { name: string } }> };
  return list.items.map((i) => i.metadata.name).sort();
}

const merge = 'application/merge-patch+json';

/** One random operation against the cluster; returns what it did, for the log. */
async function randomOperation(plane: ControlPlane, rnd: SeededRandom, proxy: TcpProxy, serial: number): Promise<string> {
  const roll = rnd.next();
  const deployments = await names(plane, `/apis/apps/v1/namespaces/${NS}/deployments`);
  // Deployments are created and deleted about equally often, and at most 8 live at once, so a long
  // run keeps the cluster's size (and the time a quiet point takes) about the same throughout.
  if ((roll < 0.12 && deployments.length < 8) || deployments.length === 0) {
    const name = `app-${serial}`;
    const replicas = rnd.int(0, 3);
    await must(plane, { method: 'POST', path: `/apis/apps/v1/namespaces/${NS}/deployments`, body: rawDeployment(name, replicas) });
    return `create deployment ${name} (${replicas} replicas)`;
  }
  if (roll >= 0.12 && roll < 0.28) {
    const name = rnd.pick(deployments);
    const replicas = rnd.int(0, 4);
    await must(plane, { method: 'PATCH', path: `/apis/apps/v1/namespaces/${NS}/deployments/${name}/scale`, contentType: merge, body: { spec: { replicas } } }, [404]);
    return `scale ${name} to ${replicas}`;
  }
  if (roll < 0.38) {
    const name = rnd.pick(deployments);
    await must(plane, { method: 'DELETE', path: `/apis/apps/v1/namespaces/${NS}/deployments/${name}`, body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' } }, [404]);
    return `delete deployment ${name}`;
  }
  if (roll < 0.56) {
    const pods = await names(plane, `/api/v1/namespaces/${NS}/pods`);
    if (pods.length === 0) return 'delete pod: none to delete';
    const name = rnd.pick(pods);
    const forced = rnd.chance(0.5);
    const body = forced ? { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0 } : undefined;
    await must(plane, { method: 'DELETE', path: `/api/v1/namespaces/${NS}/pods/${name}`, body }, [404]);
    return `delete pod ${name} (${forced ? 'forced' : 'graceful'})`;
  }
  if (roll < 0.62) {
    const name = `bare-${serial}`;
    await must(plane, {
      method: 'POST',
      path: `/api/v1/namespaces/${NS}/pods`,
      body: { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { bare: 'yes' } }, spec: { containers: [{ name: 'c', image: 'busybox', resources: { requests: { cpu: '5m' } } }] } },
    });
    return `create pod ${name}`;
  }
  const nodes = await names(plane, '/api/v1/nodes?labelSelector=convergence%3Dyes');
  if (roll < 0.72) {
    const node = rnd.pick(nodes);
    const pool = rnd.pick(POOLS);
    const team = rnd.chance(0.5) ? rnd.pick(['red', 'blue']) : null;
    await must(plane, { method: 'PATCH', path: `/api/v1/nodes/${node}`, contentType: merge, body: { metadata: { labels: { 'eks.amazonaws.com/nodegroup': pool, team } } } });
    return `label node ${node} pool=${pool} team=${team ?? '(none)'}`;
  }
  if (roll < 0.8) {
    const node = rnd.pick(nodes);
    const cordoned = (await names(plane, '/api/v1/nodes?labelSelector=convergence%3Dyes&fieldSelector=spec.unschedulable%3Dtrue')).length;
    const current = ((await must(plane, { path: `/api/v1/nodes/${node}` })) as { spec?: { unschedulable?: boolean } }).spec?.unschedulable === true;
    // One node stays schedulable, or pods would wait (and the scheduler retry) for ever.
    const unschedulable = !current && cordoned < nodes.length - 1;
    await must(plane, { method: 'PATCH', path: `/api/v1/nodes/${node}`, contentType: merge, body: { spec: { unschedulable: unschedulable || null } } });
    return `${unschedulable ? 'cordon' : 'uncordon'} node ${node}`;
  }
  if (roll < 0.84 && nodes.length < 6) {
    const name = `conv-node-${serial}`;
    await must(plane, { method: 'POST', path: '/api/v1/nodes', body: nodeBody(name, rnd.pick(POOLS)) });
    return `create node ${name}`;
  }
  if (roll < 0.9) {
    const revision = await compactEtcd(plane);
    return `compact etcd at revision ${revision}`;
  }
  return `cut ${proxy.cut()} connections of the dashboard`;
}

function nodeBody(name: string, pool: string) {
  return rawNode(name, { convergence: 'yes', 'eks.amazonaws.com/nodegroup': pool, 'node.kubernetes.io/instance-type': 'm6a.large' });
}

/** The API server's current revision (a quorum read). */
async function revision(plane: ControlPlane): Promise<string> {
  const list = (await must(plane, { path: '/api/v1/namespaces?limit=1' })) as { metadata: { resourceVersion: string } };
  return list.metadata.resourceVersion;
}

/**
 * Follows the cluster to its next quiet point (its revision still for `stillMs`), comparing the
 * dashboard with a fresh list all along. Returns how long after the cluster's last change the
 * dashboard agreed (and kept agreeing), or, once the cluster has been still for `boundMs` with the
 * dashboard still different, what differed.
 */
async function agreeAtQuietPoint(
  plane: ControlPlane,
  dashboards: Array<[string, () => Promise<TopologySnapshot>]>,
  boundMs: number,
  stillMs = 1_500,
): Promise<{ revision: string; ms: number; diff: string[] }> {
  let seen = '';
  let since = 0;
  let agreedAt: number | undefined;
  for (;;) {
    const before = await revision(plane);
    if (before !== seen) {
      seen = before;
      since = Date.now();
      agreedAt = undefined;
    }
    const truth = await clusterModel(plane.server);
    // Listed while the cluster moved: not a state to hold the dashboard to.
    if ((await revision(plane)) !== before) continue;
    const diff: string[] = [];
    for (const [name, dashboard] of dashboards) diff.push(...diffModels(truth, await dashboard()).map((line) => `${name}: ${line}`));
    const now = Date.now();
    if (diff.length > 0) agreedAt = undefined;
    else agreedAt ??= now;
    if (agreedAt !== undefined && now - since >= stillMs) return { revision: seen, ms: agreedAt - since, diff: [] };
    if (diff.length > 0 && now - since > boundMs) return { revision: seen, ms: now - since, diff };
    await sleep(100);
  }
}

type StreamSource = (listener: (event: TopologyEvent, rv: string) => void) => Promise<Held & { unsubscribe: () => void }>;

/** A page's model of the topology, kept as the browser keeps it: one snapshot, then its deltas. */
class StreamModel {
  snapshot: TopologySnapshot | undefined;
  private queued: TopologyDelta[] = [];
  private close: (() => void) | undefined;

  private epoch = 0;

  /** (Re)connects: a new stream's snapshot replaces the model and the deltas queued for the old one. */
  async open(source: StreamSource) {
    this.close?.();
    const epoch = ++this.epoch;
    const early: TopologyDelta[] = [];
    let target = early;
    const opened = await source((event, rv) => {
      if (epoch === this.epoch) target.push({ ...event, rv });
    });
    this.snapshot = opened.snapshot;
    this.queued = [...opened.since.map(([event, rv]) => ({ ...event, rv })), ...early];
    target = this.queued;
    this.close = opened.unsubscribe;
  }

  /** Applies what arrived, as use-topology does. */
  catchUp(): TopologySnapshot {
    const { events, resourceVersion } = freshDeltas(this.snapshot!.resourceVersion, this.queued);
    this.queued.length = 0;
    this.snapshot = { ...applyEvents(this.snapshot!, events), resourceVersion };
    return this.snapshot;
  }

  stop() {
    this.close?.();
  }
}

/** Polls `diff` until it is empty; the time that took, or the last diff at `boundMs`. */
async function agreeWithin(boundMs: number, from: number, diff: () => Promise<string[]>): Promise<{ ms: number; diff: string[] }> {
  for (;;) {
    const lines = await diff();
    const ms = Date.now() - from;
    if (lines.length === 0) return { ms, diff: [] };
    if (ms > boundMs) return { ms, diff: lines };
    await sleep(50);
  }
}

/** The dashboard's topology hub following `plane` through a TCP proxy the caller can cut. */
export interface ProxiedDashboard {
  proxy: TcpProxy;
  /** The kubeconfig through the proxy (a second replica can follow the cluster with it). */
  kubeconfig: string;
  close(): Promise<void>;
}

export async function dashboardThroughProxy(plane: ControlPlane, log: (line: string) => void = () => undefined): Promise<ProxiedDashboard> {
  const target = new URL(plane.server.base);
  const proxy = await startTcpProxy(target.hostname, Number(target.port));
  const kubeconfig = proxiedKubeconfig(plane, proxy);
  const saved = { cluster: process.env.NODELANES_CLUSTER, kubeconfig: process.env.KUBECONFIG };
  process.env.NODELANES_CLUSTER = 'kubeconfig';
  process.env.KUBECONFIG = kubeconfig;
  // The informers exactly as in production (backoff, watch timeouts); only their log goes elsewhere.
  configureTopologyHub({ informer: { log } });
  stopTopology();
  return {
    proxy,
    kubeconfig,
    async close() {
      stopTopology();
      await proxy.close();
      for (const [name, value] of [['NODELANES_CLUSTER', saved.cluster], ['KUBECONFIG', saved.kubeconfig]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      fs.rmSync(path.dirname(kubeconfig), { recursive: true, force: true });
    },
  };
}

export async function runConvergence(options: ConvergenceOptions): Promise<ConvergenceResult> {
  const { plane, seed, log = () => undefined } = options;
  const rnd = seededRandom(seed);
  const result: ConvergenceResult = { plane: plane.name, seed, operations: [], quietPoints: [], divergences: [], relists: {}, vanished: {} };
  const startedAt = Date.now();
  const dashboard = await dashboardThroughProxy(plane, (line) => log(`  ${line}`));
  const proxy = dashboard.proxy;
  const stream = new StreamModel();
  let replica: Replica | undefined;
  try {
    await must(plane, { method: 'DELETE', path: `/api/v1/namespaces/${NS}` }, [404]);
    await waitGone(plane, `/api/v1/namespaces/${NS}`);
    await must(plane, { method: 'POST', path: '/api/v1/namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } } });
    for (const [i, pool] of POOLS.entries()) await must(plane, { method: 'POST', path: '/api/v1/nodes', body: nodeBody(`conv-node-base-${i}`, pool) }, [409]);
    await getTopology(CLUSTER);
    replica = await Replica.start(CLUSTER, dashboard.kubeconfig, (line) => log(`  [replica B] ${line}`));
    const sources: Record<'A' | 'B', StreamSource> = {
      A: (listener) => followTopology(CLUSTER, listener, () => undefined),
      B: async (listener) => replica!.open(listener),
    };
    let following: 'A' | 'B' = 'A';
    await stream.open(sources.A);

    const restartAt = new Set(Array.from({ length: options.restarts }, (_, i) => Math.floor(((i + 0.5) * options.operations) / options.restarts)));
    for (let op = 0; op < options.operations; op++) {
      let done: string;
      if (restartAt.has(op)) {
        const how = rnd.chance(0.5) ? 'kill' : 'stop';
        restartApiServer(plane, how);
        done = `restart the API server (${how === 'kill' ? 'SIGKILL' : 'SIGTERM'})`;
      } else if (rnd.chance(0.06)) {
        // The page's stream lands on the other replica (a load balancer, a rollout).
        following = following === 'A' ? 'B' : 'A';
        await stream.open(sources[following]);
        done = `fail the page over to replica ${following}`;
      } else {
        done = await randomOperation(plane, rnd, proxy, op);
      }
      result.operations.push(done);
      log(`#${op} ${done}`);
      if (rnd.chance(0.5)) await sleep(rnd.int(0, 400));
      if ((op + 1) % options.quietEvery !== 0 && op !== options.operations - 1) continue;

      // A quiet point: the cluster stopped moving; the dashboard has `boundMs` from its last change to agree.
      const snapshot = await agreeAtQuietPoint(
        plane,
        [
          ['replica A', () => getTopology(CLUSTER)],
          ['replica B', async () => replica!.cache.snapshot()],
        ],
        options.boundMs,
      );
      if (snapshot.diff.length > 0) result.divergences.push({ afterOperation: op, side: 'snapshot', waitedMs: snapshot.ms, diff: snapshot.diff });
      const streamStart = Date.now();
      const streamed = await agreeWithin(options.boundMs, streamStart, async () => diffModels(await getTopology(CLUSTER), stream.catchUp()));
      if (streamed.diff.length > 0) result.divergences.push({ afterOperation: op, side: 'stream', waitedMs: streamed.ms, diff: streamed.diff });
      result.quietPoints.push({ afterOperation: op, snapshotMs: snapshot.ms, streamMs: streamed.ms });
      log(`  ${((Date.now() - startedAt) / 1000).toFixed(1)} s: quiet at revision ${snapshot.revision}: snapshot agreed ${snapshot.ms} ms after the last change, the stream's model ${streamed.ms} ms after that${snapshot.diff.length + streamed.diff.length > 0 ? ' — DIVERGED' : ''}`);
    }
    for (const c of topologyInformerStats()) {
      if (c.cluster !== CLUSTER) continue;
      for (const i of c.informers) {
        result.relists[i.resource] = Object.fromEntries(Object.entries(i.relists).map(([k, v]) => [k, v ?? 0]));
        result.vanished[i.resource] = i.vanished;
      }
    }
    return result;
  } finally {
    stream.stop();
    replica?.stop();
    await dashboard.close();
    await cleanUp(plane).catch((err: Error) => log(`clean-up failed: ${err.message}`));
  }
}

/** Leaves the control plane as other tests expect it: no namespace, no nodes of this run. */
async function cleanUp(plane: ControlPlane) {
  await must(plane, { method: 'DELETE', path: `/api/v1/namespaces/${NS}` }, [404]);
  for (const node of await names(plane, '/api/v1/nodes?labelSelector=convergence%3Dyes')) await must(plane, { method: 'DELETE', path: `/api/v1/nodes/${node}` }, [404]);
}

async function waitGone(plane: ControlPlane, path: string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while ((await send(plane.server, { path })).status !== 404) {
    if (Date.now() > deadline) throw new Error(`${path} still there after ${timeoutMs} ms`);
    await sleep(500);
  }
}

/** What to print when a run diverged: enough to replay it (the seed) and to see why. */
export function describeFailure(result: ConvergenceResult): string {
  const lines = [`convergence diverged on the ${result.plane} control plane — replay with CONVERGENCE_SEED=${result.seed}`];
  for (const d of result.divergences) {
    lines.push(`after operation #${d.afterOperation} (${result.operations[d.afterOperation]}), the ${d.side} still differed after ${d.waitedMs} ms:`);
    lines.push(...d.diff.slice(0, 20).map((l) => `  ${l}`));
    if (d.diff.length > 20) lines.push(`  … and ${d.diff.length - 20} more`);
  }
  lines.push('operations:', ...result.operations.map((o, i) => `  #${i} ${o}`));
  return lines.join('\n');
}
