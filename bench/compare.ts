// Two versions of the app side by side: `npx tsx bench/compare.ts ROOT_A ROOT_B` launches each
// checkout's production build (each must have one) in turn against the same server, BENCH_RUNS
// times (default 3) alternating A, B, A, B…, so both see the same load on a shared machine; prints
// the cold start (launch → complete snapshot) and RSS after sync of each run, and the medians.
// BENCH_CLUSTER (one size) and BENCH_SERVERS (sandbox or real) as for `npm run bench`.
import os from 'node:os';
import { launchApp, untilListening } from './app-server';
import { freePort } from './measure';
import { treeUsage } from './proc';
import { startRealServer, startSandboxServer, type BenchServer } from './servers';
import { openStream } from './sse-client';

async function coldStart(server: BenchServer, appRoot: string, pods: number) {
  const app = launchApp(server.kubeconfig, await freePort(), appRoot);
  try {
    await untilListening(app, 300_000);
    const client = openStream(app.base, server.context, { full: true });
    const snapshot = (await client.snapshot)!;
    const ms = performance.now() - app.launchedAt;
    client.close();
    if (snapshot.pods < pods) throw new Error(`${appRoot}: snapshot has ${snapshot.pods} pods of ${pods}`);
    await new Promise((r) => setTimeout(r, 3000));
    const usage = treeUsage(app.pid);
    return { ms: Math.round(ms), treeMiB: Math.round(usage.rssBytes / 2 ** 20), serverMiB: Math.round(usage.serverRssBytes / 2 ** 20) };
  } finally {
    await app.stop();
  }
}

async function main() {
  const roots = process.argv.slice(2);
  if (roots.length !== 2) throw new Error('usage: npx tsx bench/compare.ts ROOT_A ROOT_B');
  const [nodes, podsPerNode] = (process.env.BENCH_CLUSTER ?? '1000x30').split('x').map(Number);
  const kind = process.env.BENCH_SERVERS ?? 'sandbox';
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const log = (line: string) => console.log(`[compare] ${line}`);
  const server = kind === 'real' ? await startRealServer(nodes, podsPerNode, log) : await startSandboxServer(nodes, podsPerNode);
  const results: Record<string, { ms: number; treeMiB: number; serverMiB: number }[]> = { [roots[0]]: [], [roots[1]]: [] };
  try {
    for (let i = 0; i < runs; i++) {
      for (const root of roots) {
        const r = await coldStart(server, root, nodes * podsPerNode);
        results[root].push(r);
        log(`${root}: ${(r.ms / 1000).toFixed(1)} s, RSS ${r.treeMiB} MiB (server ${r.serverMiB} MiB), load ${os.loadavg()[0].toFixed(1)}`);
      }
    }
  } finally {
    await server.stop();
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  for (const root of roots) {
    const rs = results[root];
    log(`median ${root}: ${(median(rs.map((r) => r.ms)) / 1000).toFixed(1)} s, RSS ${median(rs.map((r) => r.treeMiB))} MiB (server ${median(rs.map((r) => r.serverMiB))} MiB)`);
  }
  const [a, b] = roots.map((root) => median(results[root].map((r) => r.ms)));
  log(`B ÷ A: ${(b / a).toFixed(2)}× (${kind}, ${nodes}x${podsPerNode}, ${runs} runs each)`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
