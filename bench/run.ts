// `npm run bench`: how close the app comes to the physical limit of reading a cluster.
// Per size (BENCH_CLUSTER, comma-separated, e.g. 100x30,1000x30,5000x30; default 1000x30) and per
// server (BENCH_SERVERS=sandbox,real; default both), each in processes of its own (servers.ts):
//   1. cold start of the production app (`npm start`, kubeconfig mode, defaults) from launch to a
//      complete snapshot in a stream client, against kubectl get nodes,pods -A -o json and a plain
//      paged list + JSON.parse on the same server (references.ts);
//   2. the app's memory (RSS of the whole `npm start` process tree) after sync, after
//      BENCH_CHURN_SECONDS (default 60) of pod changes, and with 1, 10 and 50 stream clients;
//   3. the snapshot's bytes, raw and compressed;
//   4. event latency, API server → a client's model, at BENCH_CHANGES_PER_SECOND (default 100);
//   5. fan-out: watches the API server sees with 50 clients, and the app's CPU per client;
//   6. the browser half (bench/browser.ts; BENCH_BROWSER=0 skips it): the lanes in Chromium against
//      a sandbox of its own, first lanes and frames while pods change through the sandbox's API;
// and once, after every size: the long convergence run on two real control planes
// (bench/convergence.ts; BENCH_CONVERGENCE=0 skips it).
// Prints a table and writes bench/results/<date>T<hhmmss>-<servers>-<size>.json (BENCH_RESULTS_DIR elsewhere).
// BENCH_GUARD=1 (npm test's smoke run) fails the run outside the bounds of bench/guard.ts.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, measure, type Measurement } from './measure';
import { startRealServer, startSandboxServer, type BenchServer, type ServerKind } from './servers';
import { browserGuardFailures, guardFailures } from './guard';
import { renderScaling, renderTable } from './table';

const root = path.resolve(__dirname, '..');
const log = (line: string) => console.log(`[bench] ${line}`);

function ensureBuild() {
  if (fs.existsSync(path.join(root, '.next', 'standalone', 'server.js')) && fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) return;
  log('no production build: running npm run build once');
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('next build failed');
}

function machine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model,
    memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    loadAverageAtStart: os.loadavg().map((x) => +x.toFixed(1)),
  };
}

/** A run's files are named by when it started, to the second, so two runs of one day keep both. */
function runName(startedAt: Date): string {
  return startedAt.toISOString().slice(0, 19).replace(/:/g, '');
}

async function main() {
  const sizes = (process.env.BENCH_CLUSTER ?? '1000x30').split(',').map((s) => s.trim());
  const servers = (process.env.BENCH_SERVERS ?? 'sandbox,real').split(',').map((s) => s.trim()) as ServerKind[];
  for (const kind of servers) if (kind !== 'sandbox' && kind !== 'real') throw new Error(`BENCH_SERVERS: unknown server "${kind}" (sandbox, real)`);
  const settings = {
    churnSeconds: Number(process.env.BENCH_CHURN_SECONDS ?? 60),
    changesPerSecond: Number(process.env.BENCH_CHANGES_PER_SECOND ?? 100),
    referenceRuns: Number(process.env.BENCH_RUNS ?? 1),
    log,
  };
  ensureBuild();
  const outDir = process.env.BENCH_RESULTS_DIR ?? path.join(__dirname, 'results');
  fs.mkdirSync(outDir, { recursive: true });

  const reports: Parameters<typeof renderScaling>[0] = [];
  for (const size of sizes) {
    const m = /^(\d+)x(\d+)$/.exec(size);
    if (!m) throw new Error(`BENCH_CLUSTER: "${size}" is not <nodes>x<podsPerNode>`);
    const [nodes, podsPerNode] = [Number(m[1]), Number(m[2])];
    const startedAt = new Date();
    const machineAtStart = machine();
    const results: Measurement[] = [];
    const failures: { server: ServerKind | 'browser'; error: string }[] = [];
    for (const kind of servers) {
      log(`${size} on ${kind}: starting the server`);
      let server: BenchServer | undefined;
      try {
        server = kind === 'sandbox' ? await startSandboxServer(nodes, podsPerNode) : await startRealServer(nodes, podsPerNode, log);
        results.push(await measure(server, { nodes, podsPerNode, ...settings }));
      } catch (err) {
        // The other server's figures are still worth having; the run fails at the end.
        console.error(err);
        failures.push({ server: kind, error: (err as Error).message.split('\n')[0] });
      } finally {
        await server?.stop();
      }
    }
    let browser: Awaited<ReturnType<(typeof import('./browser'))['browserBench']>> | undefined;
    if (process.env.BENCH_BROWSER !== '0') {
      process.env.BENCH_PORT ??= String(await freePort());
      try {
        browser = await (await import('./browser')).browserBench(size);
      } catch (err) {
        // The server half's figures are still worth printing; the run fails at the end.
        console.error(err);
        failures.push({ server: 'browser', error: (err as Error).message.split('\n')[0] });
      }
    }
    const report = { size, nodes, pods: nodes * podsPerNode, startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), machine: { ...machineAtStart, loadAverageAtEnd: os.loadavg().map((x) => +x.toFixed(1)) }, settings: { ...settings, log: undefined }, results, failures, browser };
    console.log(renderTable(report));
    reports.push(report);
    const file = path.join(outDir, `${runName(startedAt)}-${servers.join('+')}-${size}.json`);
    fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    log(`written ${path.relative(process.cwd(), file)}`);
    if (failures.length) throw new Error(`${size}: ${failures.map((f) => `${f.server}: ${f.error}`).join('; ')}`);
    if (process.env.BENCH_GUARD === '1') {
      const broken = [...guardFailures(results), ...(process.env.BENCH_BROWSER !== '0' ? browserGuardFailures(browser) : [])];
      if (broken.length) throw new Error(`${size}: the regression guard failed:\n${broken.join('\n')}`);
      log(`${size}: within the regression guard's bounds`);
    }
  }

  const scaling = renderScaling(reports);
  if (scaling) console.log(scaling);

  if (process.env.BENCH_CONVERGENCE !== '0') {
    const startedAt = new Date();
    const convergence = await (await import('./convergence')).convergenceBench(log);
    const file = path.join(outDir, `${runName(startedAt)}-convergence.json`);
    fs.writeFileSync(file, `${JSON.stringify({ startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), machine: machine(), convergence }, null, 2)}\n`);
    log(`written ${path.relative(process.cwd(), file)}`);
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
