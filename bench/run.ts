// `npm run bench`: the scale benchmark. A synthetic cluster (BENCH_CLUSTER, default 1000x30 =
// 30,000 pods; try 5000x30 for Kubernetes' published 150k-pod limit) is served by the sandbox,
// and the app's way of reading it (paginated list → compact model, through the topology hub) is
// timed side by side with kubectl reading the same server (`get pods -A -o json`, 500 per page).
// Results are ratios against kubectl, printed as a table and written to bench/results/; then the
// browser half (bench/browser.ts) times the page itself.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSandbox } from '../lib/sandbox/sandbox';

const run = promisify(execFile);

async function main() {
  const cluster = process.env.BENCH_CLUSTER ?? '1000x30';
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodelanes-bench-'));
  const sandbox = await startSandbox({ scenario: `synthetic:${cluster}`, dir, port: 0, quiet: true });
  process.env.NODELANES_CLUSTER = 'sandbox';
  process.env.NODELANES_SANDBOX_KUBECONFIG = sandbox.kubeconfigPath;
  process.env.NODELANES_LOG_REQUESTS = '0';
  const hub = await import('../lib/server/topology-hub');
  // A 150k-pod first sync can take longer than the dashboard's 20 s patience.
  hub.configureTopologyHub({ syncTimeoutMs: 600_000 });
  const pods = sandbox.store.list('pods').length;
  const nodes = sandbox.store.list('nodes').length;

  const kubectl: number[] = [];
  let rawBytes = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    // Asynchronously: the sandbox serving kubectl runs in this very process.
    const { stdout } = await run('/usr/bin/kubectl', [`--kubeconfig=${sandbox.kubeconfigPath}`, `--cache-dir=${dir}/kcache`, 'get', 'pods', '-A', '-o', 'json', '--chunk-size=500'], {
      maxBuffer: 2 ** 31 - 1,
      encoding: 'buffer',
    });
    kubectl.push(performance.now() - t);
    rawBytes = stdout.length;
  }

  const app: number[] = [];
  let modelBytes = 0;
  let heapDelta = 0;
  for (let i = 0; i < runs; i++) {
    hub.stopTopology('sandbox');
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const t = performance.now();
    const snapshot = await hub.getTopology('sandbox');
    app.push(performance.now() - t);
    if (snapshot.pods.length !== pods) throw new Error(`snapshot has ${snapshot.pods.length} pods, the store ${pods}`);
    global.gc?.();
    // The first run starts from no cache at all; later runs replace one cache by another.
    if (i === 0) heapDelta = process.memoryUsage().heapUsed - heapBefore;
    modelBytes = Buffer.byteLength(JSON.stringify(snapshot));
  }
  hub.stopTopology();
  await sandbox.stop();
  fs.rmSync(dir, { recursive: true, force: true });

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const result = {
    cluster: { nodes, pods },
    runs,
    kubectlGetPodsMs: Math.round(median(kubectl)),
    appInitialSyncMs: Math.round(median(app)),
    timeRatio: +(median(app) / median(kubectl)).toFixed(2),
    kubectlJsonBytes: rawBytes,
    appModelBytes: modelBytes,
    sizeRatio: +(modelBytes / rawBytes).toFixed(3),
    appHeapDeltaBytes: heapDelta,
    measuredAt: new Date().toISOString(),
    node: process.version,
  };
  console.table({
    'kubectl get pods -A -o json': { ms: result.kubectlGetPodsMs, bytes: result.kubectlJsonBytes },
    'nodelanes initial sync (nodes+pods+deployments)': { ms: result.appInitialSyncMs, bytes: result.appModelBytes },
  });
  console.log(`time ratio (app / kubectl): ${result.timeRatio}   size ratio (model / kubectl JSON): ${result.sizeRatio}   heap after sync: ${(heapDelta / 2 ** 20).toFixed(1)} MiB`);
  const out = path.join(__dirname, 'results');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, `bench-${cluster}.json`), JSON.stringify(result, null, 2));
  // The browser half (bench/browser.ts): the production build in Chromium. BENCH_BROWSER=0 skips it.
  if (process.env.BENCH_BROWSER !== '0') await (await import('./browser')).browserBench();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
