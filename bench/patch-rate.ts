// How many pod changes a second the sandbox takes through its API from one client with one pod
// watch open (`npx tsx bench/patch-rate.ts [size] [seconds]`): the sandbox runs in a process of
// its own (`node --import tsx lib/sandbox/main.ts`, from SANDBOX_ROOT, default this checkout, so
// two checkouts can be compared), the client keeps IN_FLIGHT merge patches of a pod label waiting
// at once (default 64) and counts the answers and the watch events a second; with RATE=<n> it
// sends n a second instead and reports how late the watch saw each (p50, p99, max). Reports the
// sandbox process's CPU during the run too; SANDBOX_PROF=<dir> writes its CPU profile there.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { ADMIN_TOKEN } from '@/lib/sandbox/kube-api/authentication';
import { SYNTHETIC_NAMESPACE } from '@/lib/sandbox/sim/scenario';
import { syntheticPodNames, CHURN_LABEL } from './churn';
import { kubeRequest } from './kube-http';
import { treeUsage } from './proc';

const size = process.argv[2] ?? '1000x30';
const seconds = Number(process.argv[3] ?? 10);
const inFlight = Number(process.env.IN_FLIGHT ?? 64);
const rate = Number(process.env.RATE ?? 0);
const root = path.resolve(process.env.SANDBOX_ROOT ?? '.');
const port = Number(process.env.SANDBOX_PORT ?? 7400);

async function main() {
  const dir = fs.mkdtempSync('/tmp/patch-rate-');
  const child = spawn(process.execPath, [...(process.env.SANDBOX_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.SANDBOX_PROF] : []), '--import', 'tsx', 'lib/sandbox/main.ts'], {
    cwd: root,
    env: { ...process.env, SANDBOX_SCENARIO: `synthetic:${size}`, SANDBOX_PORT: String(port), SANDBOX_TLS_PORT: String(port + 1), SANDBOX_DIR: dir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => (String(c).includes('kubeconfig:') ? resolve() : undefined));
    child.on('exit', () => reject(new Error('sandbox exited')));
  });
  child.stdout!.resume();
  const target = { server: `http://127.0.0.1:${port}`, token: ADMIN_TOKEN };
  let events = 0;
  const latencies: number[] = [];
  const watch = http.get(`${target.server}/api/v1/pods?watch=1&resourceVersion=1000000000`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  // A resourceVersion far ahead is refused by nothing here: the watch starts at the current state
  // without replaying history, and every newline after it is one event.
  watch.on('response', (res) => {
    let rest = '';
    res.on('data', (c: Buffer) => {
      events += countLines(c);
      if (!rate) return;
      const lines = (rest + c.toString('utf8')).split('\n');
      rest = lines.pop()!;
      const now = Date.now();
      for (const line of lines) {
        const sent = Number(JSON.parse(line).object?.metadata?.labels?.[CHURN_LABEL]);
        if (Number.isFinite(sent)) latencies.push(now - sent);
      }
    });
  });
  // Past the sandbox's first passes (the consolidator's first runs 5 s after start): the steady state.
  await new Promise((r) => setTimeout(r, Number(process.env.WARMUP_MS ?? 6000)));
  const names = syntheticPodNames(...(size.split('x').map(Number) as [number, number]));
  let next = 0;
  let done = 0;
  let failed = 0;
  let running = true;
  const cpuBefore = treeUsage(child.pid!).cpuSeconds;
  const eventsBefore = events;
  const t0 = performance.now();
  const worker = async (once: boolean) => {
    while (running) {
      const name = names[next++ % names.length];
      const res = await kubeRequest(target, 'PATCH', `/api/v1/namespaces/${SYNTHETIC_NAMESPACE}/pods/${name}`, { metadata: { labels: { [CHURN_LABEL]: String(Date.now()) } } }, 'application/merge-patch+json').catch(() => ({ status: 0 }));
      if (res.status >= 300 || res.status === 0) failed++;
      else done++;
      if (once) return;
    }
  };
  const paced = async () => {
    // RATE patches a second, sent every 10 ms whatever the answers do: the watch latency at that
    // rate is what a pass holding the sandbox's event loop shows as.
    for (let tick = 0; running; tick++) {
      const due = t0 + tick * 10;
      for (let k = Math.floor((tick * rate) / 100); k < Math.floor(((tick + 1) * rate) / 100); k++) void worker(true);
      await new Promise((r) => setTimeout(r, Math.max(0, due + 10 - performance.now())));
    }
  };
  const workers = rate ? [paced()] : Array.from({ length: inFlight }, () => worker(false));
  await new Promise((r) => setTimeout(r, seconds * 1000));
  running = false;
  await Promise.all(workers);
  await new Promise((r) => setTimeout(r, 1000));
  const wall = (performance.now() - t0) / 1000;
  await new Promise((r) => setTimeout(r, 300));
  const cpu = treeUsage(child.pid!).cpuSeconds - cpuBefore;
  const load = fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)];
  const latency = rate ? { watchLatencyMs: { n: latencies.length, p50: at(0.5), p99: at(0.99), max: latencies[latencies.length - 1] } } : {};
  console.log(JSON.stringify({ size, root, rate: rate || undefined, ...latency, seconds: +wall.toFixed(1), patchesPerSecond: Math.round(done / wall), failed, watchEventsPerSecond: Math.round((events - eventsBefore) / wall), sandboxCpuPerPatchMs: +((cpu * 1000) / done).toFixed(2), sandboxCpuShare: +(cpu / wall).toFixed(2), load }));
  watch.destroy();
  // Waited for, so that its last lines find the pipe still open.
  await new Promise((r) => {
    child.on('exit', r);
    child.kill('SIGTERM');
  });
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

function countLines(c: Buffer): number {
  let n = 0;
  for (let i = c.indexOf(10); i >= 0; i = c.indexOf(10, i + 1)) n++;
  return n;
}

void main();
