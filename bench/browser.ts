// The browser half of `npm run bench`: the production build of the dashboard, in Debian's
// Chromium driven over CDP (Playwright), against a synthetic sandbox cluster (BENCH_CLUSTER,
// default 1000x30). Measured, after the server has synced (the sync itself is bench/run.ts's):
//   - first lanes: navigation → the first lane in the DOM (the page's clock), with a breakdown;
//   - all lanes: navigation → every lane has been drawn (the page scrolled to its end);
//   - JS heap after a forced GC;
//   - p95 frame time while BENCH_CHURN pods change per second (labels rewritten in the sandbox's
//     store, so every change is a real delta through informers, hub, SSE and the reducer).
// Needs `next build` first (it builds when there is no build). BENCH_PORT picks the port.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startSandbox } from '../lib/sandbox/sandbox';

const root = path.resolve(__dirname, '..');
const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

export async function browserBench() {
  const cluster = process.env.BENCH_CLUSTER ?? '1000x30';
  const port = Number(process.env.BENCH_PORT ?? 3400);
  const churnPerSecond = Number(process.env.BENCH_CHURN ?? 1000);
  const churnSeconds = Number(process.env.BENCH_CHURN_SECONDS ?? 10);
  if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    const build = spawnSync(process.execPath, [nextBin, 'build'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('next build failed');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodelanes-bench-browser-'));
  const sandbox = await startSandbox({ scenario: `synthetic:${cluster}`, dir, port: 0, quiet: true });
  const server = spawn(process.execPath, [nextBin, 'start', '--port', String(port)], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', NODELANES_CLUSTER: 'sandbox', NODELANES_SANDBOX_KUBECONFIG: sandbox.kubeconfigPath, NODELANES_LOG_REQUESTS: '0' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--enable-precise-memory-info'] });
  let churn: ReturnType<typeof setInterval> | undefined;
  try {
    // The server's first sync is not what this half measures: wait until it answers with a snapshot.
    const syncStarted = Date.now();
    await waitFor('the server to sync', async () => ((await fetch(`${base}/api/clusters/sandbox/topology`)).ok ? true : undefined), 900_000);
    const serverSyncMs = Date.now() - syncStarted;

    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const cdp = await page.context().newCDPSession(page);
    // The first lane is timed in the page, when it enters the DOM (0 = navigation start):
    // Playwright's own wait only starts after the load event, which the streamed page can hold
    // back well after the lanes are on screen, and counted that wait as well.
    await page.addInitScript(`
      new MutationObserver((_, observer) => {
        if (!document.querySelector('[data-testid="lane"]')) return;
        performance.mark('nodelanes:first-lane');
        observer.disconnect();
      }).observe(document, { subtree: true, childList: true });
    `);
    const t0 = Date.now();
    await page.goto(`${base}/clusters/sandbox/lanes`);
    await page.waitForSelector('[data-testid="lane"]', { timeout: 120_000 });
    const firstLaneSeenMs = Date.now() - t0;
    // Where the time went: the snapshot event arriving (page load, the stream, the server's
    // serialize + gzip, the wire), unpacked (base64, gunzip, JSON.parse), then laid out and drawn.
    // A mark set more than once (a reconnect, the early stream's arrival and its replay) counts
    // from its first time.
    const marks = (await page.evaluate(
      `Object.fromEntries(performance.getEntriesByType('mark').filter((m) => m.name.startsWith('nodelanes:')).reverse().map((m) => [m.name.slice(10), Math.round(m.startTime)]))`,
    )) as Record<string, number>;
    const loadEventMs = (await page.evaluate(`Math.round(performance.getEntriesByType('navigation')[0].loadEventStart)`)) as number;
    const firstLanesMs = marks['first-lane'];
    const firstLanesBreakdown = { streamOpenedMs: marks['stream-opened'], streamTakenOverMs: marks['stream-taken-over'], snapshotArrivedMs: marks['snapshot-arrived'], snapshotParsedMs: marks['snapshot-parsed'], firstLaneMs: firstLanesMs, loadEventMs, firstLaneSeenByPlaywrightMs: firstLaneSeenMs };
    const laneCount = Number(await page.getByTestId('summary').locator('strong').nth(2).textContent());
    // Scroll to the end: the last lane drawn means every lane has been laid out once.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await waitFor(
      'the last lane',
      async () => {
        await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
        return (await page.locator(`[data-lane-index="${laneCount - 1}"]`).count()) > 0 ? true : undefined;
      },
      60_000,
    );
    const allLanesMs = Date.now() - t0;
    await page.evaluate(() => window.scrollTo(0, 0));
    const domNodes = await page.evaluate(() => document.getElementsByTagName('*').length);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };

    // Churn: pods' labels rewritten in the store, a tenth of the rate every 100 ms.
    const pods = sandbox.store.list('pods');
    let next = 0;
    let tick = 0;
    churn = setInterval(() => {
      tick++;
      for (let i = 0; i < churnPerSecond / 10; i++) {
        const pod = sandbox.store.get('pods', pods[next % pods.length].metadata.namespace, pods[next % pods.length].metadata.name);
        next++;
        if (!pod) continue;
        sandbox.store.update('pods', { ...pod, metadata: { ...pod.metadata, labels: { ...pod.metadata.labels, 'bench-tick': String(tick) } } });
      }
    }, 100);
    // A string, not a function: the TypeScript loader would wrap a named function in a helper the
    // page does not have.
    const frames = (await page.evaluate(
      `new Promise((resolve) => {
        const out = [];
        let last = performance.now();
        const end = last + ${churnSeconds * 1000};
        const step = (now) => {
          out.push(now - last);
          last = now;
          if (now < end) requestAnimationFrame(step);
          else resolve(out);
        };
        requestAnimationFrame(step);
      })`,
    )) as number[];
    clearInterval(churn);
    churn = undefined;

    const [nodes, podCount] = cluster.split('x').map(Number);
    const result = {
      cluster: { nodes, pods: nodes * podCount },
      serverSyncMs,
      firstLanesMs,
      firstLanesBreakdown,
      allLanesMs,
      lanes: laneCount,
      domNodes,
      jsHeapBytes: heap.usedSize,
      churnPodsPerSecond: churnPerSecond,
      frames: frames.length,
      p95FrameMs: +percentile(frames, 95).toFixed(1),
      maxFrameMs: +Math.max(...frames).toFixed(1),
      measuredAt: new Date().toISOString(),
      chromium: browser.version(),
    };
    console.table({
      'first lanes (ms)': { value: result.firstLanesMs },
      'all lanes (ms)': { value: result.allLanesMs },
      'JS heap (MiB)': { value: +(result.jsHeapBytes / 2 ** 20).toFixed(1) },
      'DOM elements': { value: result.domNodes },
      [`p95 frame under ${churnPerSecond} pod changes/s (ms)`]: { value: result.p95FrameMs },
    });
    const out = path.join(__dirname, 'results');
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, `browser-${cluster}.json`), JSON.stringify(result, null, 2));
    return result;
  } finally {
    if (churn) clearInterval(churn);
    await browser.close();
    server.kill('SIGTERM');
    await sandbox.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  browserBench().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
