// One server, one size: the production app from launch to a complete snapshot, its memory, the
// snapshot's size, event latency and fan-out, then the two references on the same server.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { launchApp, startAloneMs, untilListening } from './app-server';
import { churn, latencyRecorder, percentile, syntheticPodNames } from './churn';
import { treeUsage } from './proc';
import { kubectlGet, pagedList, type ReferenceRun } from './references';
import type { BenchServer } from './servers';
import { openStream, type SseClient } from './sse-client';
import { rssDuringPageLoads } from './page-loads';

export interface Settings {
  nodes: number;
  podsPerNode: number;
  churnSeconds: number;
  changesPerSecond: number;
  referenceRuns: number;
  log: (line: string) => void;
}

const MiB = 2 ** 20;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (x: number | undefined, digits = 0) => (x === undefined ? undefined : +x.toFixed(digits));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Bytes of GET /topology on the wire (with `acceptEncoding`, or none), and its Content-Encoding. */
async function topologyOnTheWire(base: string, cluster: string, acceptEncoding = 'gzip, br'): Promise<{ wireBytes: number; contentEncoding: string }> {
  const http = await import('node:http');
  return new Promise((resolve, reject) => {
    http
      .get(`${base}/api/clusters/${encodeURIComponent(cluster)}/topology`, { headers: acceptEncoding ? { 'Accept-Encoding': acceptEncoding } : {} }, (res) => {
        let wireBytes = 0;
        res.on('data', (d: Buffer) => (wireBytes += d.length));
        res.on('end', () => (res.statusCode === 200 ? resolve({ wireBytes, contentEncoding: String(res.headers['content-encoding'] ?? 'none') }) : reject(new Error(`topology: ${res.statusCode}`))));
      })
      .on('error', reject);
  });
}

const USAGE_WINDOW_MS = 31_000;
const NODE_METRICS = '/apis/metrics.k8s.io/v1beta1/nodes';

/** Node-metrics requests the API server answered while `ms` passed (undefined where it cannot tell). */
async function usageRequestsDuring(server: BenchServer, ms: number): Promise<number | undefined> {
  const before = server.requests(NODE_METRICS);
  await sleep(ms);
  const after = server.requests(NODE_METRICS);
  return before === undefined || after === undefined ? undefined : after - before;
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}

function rss(pid: number) {
  const u = treeUsage(pid);
  // dashboardMiB: every process the dashboard needs (the tree without npm's CLI, which `npm start` leaves beside it).
  return { treeMiB: round(u.rssBytes / MiB, 1)!, dashboardMiB: round((u.rssBytes - u.npmRssBytes) / MiB, 1)!, npmMiB: round(u.npmRssBytes / MiB, 1)!, serverMiB: round(u.serverRssBytes / MiB, 1)!, processes: u.processes };
}

async function connect(base: string, cluster: string, n: number): Promise<SseClient[]> {
  const clients = Array.from({ length: n }, () => openStream(base, cluster, { full: false }));
  await Promise.all(clients.map((c) => c.snapshot));
  return clients;
}

export async function measure(server: BenchServer, s: Settings) {
  const pods = s.nodes * s.podsPerNode;
  const port = Number(process.env.BENCH_APP_PORT ?? 0) || (await freePort());
  const app = launchApp(server.kubeconfig, port);
  const clients: SseClient[] = [];
  try {
    await untilListening(app, 300_000);
    const listeningMs = performance.now() - app.launchedAt;
    const latency = latencyRecorder();
    const first = openStream(app.base, server.context, { full: true, onDelta: latency.onDelta });
    clients.push(first);
    const snapshot = (await first.snapshot)!;
    const coldStartMs = performance.now() - app.launchedAt;
    if (snapshot.pods < pods || snapshot.nodes < s.nodes) throw new Error(`snapshot has ${snapshot.nodes} nodes and ${snapshot.pods} pods, the cluster ${s.nodes} and ${pods}`);
    s.log(`${server.kind}: listening after ${(listeningMs / 1000).toFixed(1)} s, complete snapshot after ${(coldStartMs / 1000).toFixed(1)} s`);
    await sleep(3000);
    const rssAfterSync = rss(app.pid);
    const wire = await topologyOnTheWire(app.base, server.context);
    const plain = await topologyOnTheWire(app.base, server.context, '');
    const pageLoads = await rssDuringPageLoads(app.base, server.context, app.pid, 50);
    // Node usage is read by the server once per interval (15 s) for every stream: counted on the
    // API server with this one stream open, and below with ten.
    const usage1 = await usageRequestsDuring(server, USAGE_WINDOW_MS);

    // A minute (BENCH_CHURN_SECONDS) of pod changes with one client connected.
    const names = syntheticPodNames(s.nodes, s.podsPerNode);
    let cpu = treeUsage(app.pid).cpuSeconds;
    let t = performance.now();
    const churn1 = await churn(server.target, names, s.changesPerSecond, s.churnSeconds);
    await sleep(1000); // the last deltas in flight
    const cpuPerSecond1 = (treeUsage(app.pid).cpuSeconds - cpu) / ((performance.now() - t) / 1000);
    const latency1 = latency.take();
    const rssAfterChurn = rss(app.pid);
    s.log(`${server.kind}: ${churn1.sent} changes in ${s.churnSeconds} s (${churn1.skipped} skipped, ${churn1.failed} failed), ${latency1.length} seen by the client`);

    // More clients: memory as they connect, and what each costs.
    cpu = treeUsage(app.pid).cpuSeconds;
    clients.push(...(await connect(app.base, server.context, 9)));
    await sleep(2000);
    const rss10 = rss(app.pid);
    const usage10 = await usageRequestsDuring(server, USAGE_WINDOW_MS);
    clients.push(...(await connect(app.base, server.context, 40)));
    const cpuConnect49 = treeUsage(app.pid).cpuSeconds - cpu;
    await sleep(2000);
    const rss50 = rss(app.pid);
    const fanoutSeconds = Math.min(s.churnSeconds, 20);
    cpu = treeUsage(app.pid).cpuSeconds;
    t = performance.now();
    const churn50 = await churn(server.target, names, s.changesPerSecond, fanoutSeconds, churn1.next);
    await sleep(1000);
    const cpuPerSecond50 = (treeUsage(app.pid).cpuSeconds - cpu) / ((performance.now() - t) / 1000);
    const latency50 = latency.take();
    const watches = await server.watches();
    const rssEnd = rss(app.pid);
    s.log(`${server.kind}: 50 clients, ${churn50.sent} changes, watches ${JSON.stringify(watches)}`);
    for (const c of clients.splice(0)) c.close();
    await app.stop();

    // The references, on the same server, after the app has let go of it.
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodelanes-bench-kubectl-'));
    const kubectl: ReferenceRun[] = [];
    const paged: ReferenceRun[] = [];
    try {
      for (let i = 0; i < s.referenceRuns; i++) {
        kubectl.push(await kubectlGet(server, cacheDir));
        paged.push(await pagedList(server, s.nodes + pods));
      }
    } finally {
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
    const kubectlMs = median(kubectl.map((r) => r.ms));
    const pagedMs = median(paged.map((r) => r.ms));
    const aloneMs = await startAloneMs(server.kubeconfig, await freePort());
    s.log(`${server.kind}: kubectl ${(kubectlMs / 1000).toFixed(1)} s, paged list ${(pagedMs / 1000).toFixed(1)} s, the app alone ${(aloneMs / 1000).toFixed(1)} s`);

    return {
      server: server.kind,
      loadSeconds: server.loadSeconds,
      coldStart: {
        appMs: Math.round(coldStartMs),
        appListeningMs: Math.round(listeningMs),
        kubectlMs: Math.round(kubectlMs),
        kubectlMaxRssMiB: round(Math.max(...kubectl.map((r) => r.maxRssBytes)) / MiB),
        kubectlOutputBytes: kubectl[0].stdoutBytes,
        pagedListMs: Math.round(pagedMs),
        pagedListMaxRssMiB: round(Math.max(...paged.map((r) => r.maxRssBytes)) / MiB),
        referenceRuns: s.referenceRuns,
        vsKubectl: round(coldStartMs / kubectlMs, 2),
        vsPagedList: round(coldStartMs / pagedMs, 2),
        appAloneMs: Math.round(aloneMs),
        vsFloor: round(coldStartMs / Math.max(aloneMs, pagedMs), 2),
      },
      memory: { afterSync: rssAfterSync, afterChurn: rssAfterChurn, clients1: rssAfterChurn, clients10: rss10, clients50: rss50, end: rssEnd },
      payload: {
        snapshotJsonBytes: snapshot.jsonBytes,
        snapshotGzipBytes: snapshot.gzipBytes,
        snapshotSseWireBytes: snapshot.wireBytes,
        topologyGetWireBytes: wire.wireBytes,
        topologyGetContentEncoding: wire.contentEncoding,
        topologyGetPlainBytes: plain.wireBytes,
      },
      pageLoads,
      usage: { windowSeconds: USAGE_WINDOW_MS / 1000, nodeMetricsRequestsOneStream: usage1, nodeMetricsRequestsTenStreams: usage10 },
      latency: {
        changesPerSecond: s.changesPerSecond,
        churnSeconds: s.churnSeconds,
        oneClient: { sent: churn1.sent, skipped: churn1.skipped, failed: churn1.failed, seen: latency1.length, p50Ms: round(percentile(latency1, 50)), p99Ms: round(percentile(latency1, 99)) },
        fiftyClients: { seconds: fanoutSeconds, sent: churn50.sent, skipped: churn50.skipped, failed: churn50.failed, seen: latency50.length, p50Ms: round(percentile(latency50, 50)), p99Ms: round(percentile(latency50, 99)) },
      },
      fanout: {
        watches,
        cpuMsPerSecondOneClient: round(cpuPerSecond1 * 1000),
        cpuMsPerSecondFiftyClients: round(cpuPerSecond50 * 1000),
        cpuMsPerSecondPerExtraClient: round(((cpuPerSecond50 - cpuPerSecond1) * 1000) / 49, 1),
        cpuMsPerClientConnect: round((cpuConnect49 * 1000) / 49),
      },
    };
  } catch (err) {
    (err as Error).message += `\n--- app output (tail) ---\n${app.output().slice(-3000)}`;
    throw err;
  } finally {
    for (const c of clients) c.close();
    await app.stop();
  }
}

export type Measurement = Awaited<ReturnType<typeof measure>>;
