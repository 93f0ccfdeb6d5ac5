// The browser half of `npm run bench`: the production server (the standalone server.js that
// `npm start` and the image run) in Debian's Chromium driven over CDP (Playwright), against a
// synthetic sandbox cluster (BENCH_CLUSTER, default 1000x30). Measured, after the server has
// synced (the sync itself is bench/run.ts's):
//   - first lanes: navigation → the first lane in the DOM (the page's clock), with a breakdown;
//     BENCH_NAVIGATIONS page loads (default 5), each in a fresh browser context (nothing cached),
//     reported as the median, the slowest and each one (BENCH_NAVIGATION_PAUSE_MS apart, 2 s);
//   - all lanes: navigation → every lane has been drawn (the page scrolled to its end);
//   - JS heap after a forced GC;
//   - frames while BENCH_CHURN pods change per second (merge patches of a pod label sent to the
//     sandbox's kube API — the sandbox runs in a process of its own, as `npm run sandbox` — so
//     every change is a real delta through watch, informers, hub, SSE and the reducer): the p95
//     interval between animation frames, beside the same on an empty page in the same browser (the
//     reference: the display's own cadence and its jitter), the frames that missed their vsync,
//     and the share of the time the page's main thread was busy; beside them the changes sent and
//     the pod deltas the page's reducer applied (a counter the page keeps on window), per second:
//     a frame figure from a page that took in far fewer changes than were sent is not valid.
// Needs `next build` first (it builds when there is no build). BENCH_PORT picks the port.
// BENCH_PROFILE_DIR=<dir> records a CPU profile (CDP Profiler) of each page load up to its first
// lane and of the page under churn, as .cpuprofile files (Chrome DevTools opens them); profiling
// slows the page, so its timings are not the figures.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { absolutePathsIn, assembleStandalone, hasStandaloneBuild } from '../scripts/standalone';
import { startSandboxProcess } from '../test/support/sandbox-process';
import { churn, percentile as nearestRank, syntheticPodNames } from './churn';
import { targetOf, type KubeTarget } from './kube-http';

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

// The nearest-rank percentile of churn.ts, 0 for no frames (a page that drew none fails the guard elsewhere).
const percentile = (xs: number[], p: number) => nearestRank(xs, p) ?? 0;

interface PageLoad {
  page: Page;
  t0: number;
  firstLanesMs: number;
  breakdown: Record<string, number>;
}

/** One page load of the lanes, timed in the page. */
async function loadLanes(context: BrowserContext, base: string): Promise<PageLoad> {
  const page = await context.newPage();
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
  const profiling = await startProfile(page);
  const t0 = Date.now();
  await page.goto(`${base}/clusters/sandbox/lanes`);
  await page.waitForSelector('[data-testid="lane"]', { timeout: 120_000 });
  const firstLaneSeenMs = Date.now() - t0;
  await profiling?.stop('load');
  // Where the time went: the HTML, the stream opened from it, the snapshot event arriving (the
  // server's encoding, the wire), unpacked (early, by the inline script, while the bundle loads),
  // the stream taken over by React, the snapshot decoded, then laid out and drawn. A mark set more
  // than once (a reconnect, the early stream's arrival and its replay) counts from its first time.
  const marks = (await page.evaluate(
    `Object.fromEntries(performance.getEntriesByType('mark').filter((m) => m.name.startsWith('nodelanes:')).reverse().map((m) => [m.name.slice(10), Math.round(m.startTime)]))`,
  )) as Record<string, number>;
  const navigation = (await page.evaluate(
    `(() => { const n = performance.getEntriesByType('navigation')[0]; return { htmlFirstByteMs: Math.round(n.responseStart), loadEventMs: Math.round(n.loadEventStart) }; })()`,
  )) as Record<string, number>;
  // The page's own scripts fetched before the first lane: what the route ships to its first paint
  // (on the wire, gzipped, and as the browser parses them), preloaded ones included. Resource
  // Timing, so same-origin sizes.
  const scripts = (await page.evaluate(
    `(() => { const at = performance.getEntriesByName('nodelanes:first-lane')[0]?.startTime ?? Infinity; const js = performance.getEntriesByType('resource').filter((r) => r.name.includes('/_next/static/') && r.name.endsWith('.js') && r.startTime < at); return { count: js.length, wire: js.reduce((n, r) => n + r.encodedBodySize, 0), parsed: js.reduce((n, r) => n + r.decodedBodySize, 0) }; })()`,
  )) as { count: number; wire: number; parsed: number };
  const breakdown = {
    scriptsBeforeFirstLane: scripts.count,
    scriptKiBGzippedBeforeFirstLane: Math.round(scripts.wire / 1024),
    scriptKiBBeforeFirstLane: Math.round(scripts.parsed / 1024),
    htmlFirstByteMs: navigation.htmlFirstByteMs,
    streamOpenedMs: marks['stream-opened'],
    snapshotArrivedMs: marks['snapshot-arrived'],
    snapshotUnpackedMs: marks['snapshot-unpacked'],
    loadEventMs: navigation.loadEventMs,
    streamTakenOverMs: marks['stream-taken-over'],
    snapshotParsedMs: marks['snapshot-parsed'],
    firstLaneMs: marks['first-lane'],
    firstLaneSeenByPlaywrightMs: firstLaneSeenMs,
  };
  return { page, t0, firstLanesMs: marks['first-lane'], breakdown };
}

const profileDir = process.env.BENCH_PROFILE_DIR;
let profiles = 0;

/** A CPU profile of the page from now until `stop`, when BENCH_PROFILE_DIR is set. */
async function startProfile(page: Page): Promise<{ stop(name: string): Promise<void> } | undefined> {
  if (!profileDir) return undefined;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return {
    async stop(name) {
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: unknown };
      fs.mkdirSync(profileDir, { recursive: true });
      fs.writeFileSync(path.join(profileDir, `${++profiles}-${name}.cpuprofile`), JSON.stringify(profile));
      await cdp.detach();
    },
  };
}

/** Intervals between animation frames for `ms`, from the frames' own timestamps. */
async function frameIntervals(page: Page, ms: number): Promise<number[]> {
  // A string, not a function: the TypeScript loader would wrap a named function in a helper the
  // page does not have.
  return (await page.evaluate(
    `new Promise((resolve) => {
      const out = [];
      let last;
      let end;
      const step = (now) => {
        if (last !== undefined) out.push(now - last);
        else end = now + ${ms};
        last = now;
        if (now < end) requestAnimationFrame(step);
        else resolve(out);
      };
      requestAnimationFrame(step);
    })`,
  )) as number[];
}

/** The renderer's main-thread task time so far (CDP Performance.getMetrics), and when. */
async function mainThreadBusy(cdp: CDPSession): Promise<{ task: number; at: number }> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
  const value = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
  return { task: value('TaskDuration'), at: value('Timestamp') };
}

/** The page's count of pod deltas its reducer applied (lib/client/applied-deltas.ts). */
async function appliedPodDeltas(page: Page): Promise<number> {
  return Number(await page.evaluate(`globalThis.__nodelanesAppliedDeltas?.pods ?? 0`));
}

/** At least this share of the changes sent must reach the page's reducer for the frame figure to count. */
const APPLIED_SHARE_VALID = 0.9;

/** The page's applied count once it has stopped growing for half a second (at most `maxMs`). */
async function settledAppliedPodDeltas(page: Page, maxMs: number): Promise<number> {
  const deadline = Date.now() + maxMs;
  let last = await appliedPodDeltas(page);
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const now = await appliedPodDeltas(page);
    if (now === last || Date.now() > deadline) return now;
    last = now;
  }
}

/**
 * Frames while pods change at `perSecond` through the sandbox's API for `seconds`, the main
 * thread's busy share, and what the page applied of what was sent. The frame window is the
 * churn's; the applied count is read once the deltas still on their way have landed (up to 5 s
 * later), so a short run is not marked down for the stream's latency.
 */
async function framesUnderChurn(page: Page, cdp: CDPSession, target: KubeTarget, names: string[], perSecond: number, seconds: number) {
  await cdp.send('Performance.enable');
  const appliedBefore = await appliedPodDeltas(page);
  const busyBefore = await mainThreadBusy(cdp);
  // Up to 512 patches waiting at once (the keep-alive agent's 64 sockets at a time), so a slow
  // answer now and then does not cost the rate.
  const sending = churn(target, names, perSecond, seconds, 0, 512);
  const profiling = await startProfile(page);
  const frames = await frameIntervals(page, seconds * 1000);
  await profiling?.stop('churn');
  const busyAfter = await mainThreadBusy(cdp);
  const { next: _next, ...sent } = await sending;
  const applied = (await settledAppliedPodDeltas(page, 5000)) - appliedBefore;
  const sentPerSecond = Math.round(sent.sent / seconds);
  const appliedPerSecond = Math.round(applied / seconds);
  return {
    frames,
    mainThreadBusyShare: +((busyAfter.task - busyBefore.task) / (busyAfter.at - busyBefore.at)).toFixed(3),
    churn: { ...sent, sentPerSecond, applied, appliedPerSecond },
    // The page must take in (nearly) all it was sent, or the frames did not measure that rate.
    frameFigureValid: sent.sent > 0 && appliedPerSecond >= APPLIED_SHARE_VALID * sentPerSecond,
  };
}

/** `size`: `<nodes>x<podsPerNode>`, one of the sizes `npm run bench` runs (BENCH_CLUSTER when run alone). */
export async function browserBench(size?: string) {
  const cluster = size ?? process.env.BENCH_CLUSTER ?? '1000x30';
  const port = Number(process.env.BENCH_PORT ?? 3400);
  const churnPerSecond = Number(process.env.BENCH_CHURN ?? 1000);
  const churnSeconds = Number(process.env.BENCH_CHURN_SECONDS ?? 10);
  const navigations = Math.max(1, Number(process.env.BENCH_NAVIGATIONS ?? 5));
  const pauseMs = Number(process.env.BENCH_NAVIGATION_PAUSE_MS ?? 2000);
  if (!hasStandaloneBuild()) {
    const build = spawnSync(process.execPath, [nextBin, 'build'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('next build failed');
  }
  const [nodes, podsPerNode] = cluster.split('x').map(Number);
  // Seeding a 150,000-pod cluster takes minutes on a busy machine.
  const sandbox = await startSandboxProcess({ scenario: `synthetic:${cluster}`, startTimeoutMs: 900_000 });
  const server = spawn(process.execPath, [assembleStandalone()], {
    env: absolutePathsIn({
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOSTNAME: '127.0.0.1',
      NODELANES_CLUSTER: 'sandbox',
      NODELANES_SANDBOX_KUBECONFIG: sandbox.kubeconfig,
      NODELANES_LOG_REQUESTS: '0',
      NEXT_TELEMETRY_DISABLED: '1',
    }) as NodeJS.ProcessEnv,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  // Launched inside the try: a browser that fails to start must not leave the sandbox's process behind.
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--enable-precise-memory-info'] });
    // The server's first sync is not what this half measures: wait until it answers with a snapshot.
    const syncStarted = Date.now();
    // Its answer is read to the end: left unread, the server was still writing it (58 MB at
    // 150,000 pods) when the first page load came, and that load timed it.
    const synced = async () => {
      const response = await fetch(`${base}/api/clusters/sandbox/topology`);
      await response.arrayBuffer();
      return response.ok ? true : undefined;
    };
    await waitFor('the server to sync', synced, 900_000);
    const serverSyncMs = Date.now() - syncStarted;
    // The same pause before the first page load as between the others: right at the sync the server
    // is still making the held snapshot's encoding and answering the wait's own GET, and the first
    // load timed that (0.2–1.4 s slower than the next four in 4 of 5 runs at 30,000 pods).
    await new Promise((r) => setTimeout(r, pauseMs));

    // Each page load in a fresh context: nothing cached, as for a user's first visit. Closed, and
    // a pause, before the next, so one page's teardown is not timed as the next one's load.
    const loads: PageLoad[] = [];
    for (let i = 0; i < navigations; i++) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      loads.push(await loadLanes(context, base));
      if (i === navigations - 1) break;
      await context.close();
      await new Promise((r) => setTimeout(r, pauseMs));
    }
    const ordered = [...loads].sort((a, b) => a.firstLanesMs - b.firstLanesMs);
    const median = ordered[Math.floor((ordered.length - 1) / 2)];
    const firstLanesMs = median.firstLanesMs;
    const firstLanesBreakdown = median.breakdown;
    // The last page load's page stays open for the rest.
    const { page, t0 } = loads[loads.length - 1];
    const cdp = await page.context().newCDPSession(page);
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

    const underChurn = await framesUnderChurn(page, cdp, targetOf(sandbox.kubeconfig), syntheticPodNames(nodes, podsPerNode), churnPerSecond, churnSeconds);
    const { frames } = underChurn;
    // The reference: the same browser drawing an empty page, for the display's own cadence.
    const blank = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await blank.setContent('<!doctype html><title>reference</title>');
    const referenceFrames = await frameIntervals(blank, Math.min(churnSeconds, 5) * 1000);
    await blank.close();
    const vsync = percentile(referenceFrames, 50);
    const missed = frames.filter((f) => f > 1.5 * vsync).length;

    const result = {
      cluster: { nodes, pods: nodes * podsPerNode },
      serverSyncMs,
      firstLanesMs,
      firstLanesMaxMs: ordered[ordered.length - 1].firstLanesMs,
      firstLanesMaxToMedian: +(ordered[ordered.length - 1].firstLanesMs / firstLanesMs).toFixed(2),
      firstLanesEachMs: loads.map((l) => l.firstLanesMs),
      firstLanesBreakdown,
      firstLanesBreakdownEach: loads.map((l) => l.breakdown),
      allLanesMs,
      lanes: laneCount,
      domNodes,
      jsHeapBytes: heap.usedSize,
      churnPodsPerSecond: churnPerSecond,
      churn: underChurn.churn,
      frameFigureValid: underChurn.frameFigureValid,
      frames: frames.length,
      p95FrameMs: +percentile(frames, 95).toFixed(1),
      maxFrameMs: +Math.max(...frames).toFixed(1),
      referenceP95FrameMs: +percentile(referenceFrames, 95).toFixed(1),
      p95FrameRatioToReference: +(percentile(frames, 95) / percentile(referenceFrames, 95)).toFixed(2),
      missedFrames: missed,
      missedFrameShare: +(missed / frames.length).toFixed(3),
      mainThreadBusyShare: underChurn.mainThreadBusyShare,
      measuredAt: new Date().toISOString(),
      chromium: browser.version(),
    };
    console.table({
      [`first lanes, median of ${navigations} (ms)`]: { value: result.firstLanesMs },
      'first lanes, slowest (ms)': { value: result.firstLanesMaxMs },
      'first lanes, slowest ÷ median': { value: result.firstLanesMaxToMedian },
      'all lanes (ms)': { value: result.allLanesMs },
      'JS heap (MiB)': { value: +(result.jsHeapBytes / 2 ** 20).toFixed(1) },
      'DOM elements': { value: result.domNodes },
      [`p95 frame under ${churnPerSecond} pod changes/s (ms)`]: { value: result.p95FrameMs },
      'p95 frame, empty page (ms)': { value: result.referenceP95FrameMs },
      'frames that missed their vsync': { value: `${missed} of ${frames.length}` },
      'pod changes sent / applied by the page (per s)': { value: `${result.churn.sentPerSecond} / ${result.churn.appliedPerSecond}${result.frameFigureValid ? '' : ' (frame figure not valid)'}` },
      'main thread busy (share)': { value: result.mainThreadBusyShare },
    });
    const out = path.join(__dirname, 'results');
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, `browser-${cluster}.json`), JSON.stringify(result, null, 2));
    return result;
  } finally {
    await browser?.close();
    // The server first: its informers would log every retry against a stopped sandbox.
    await new Promise<void>((resolve) => {
      if (server.exitCode !== null || server.signalCode !== null) return resolve();
      server.once('exit', () => resolve());
      server.kill('SIGTERM');
    });
    await sandbox.stop();
  }
}

if (require.main === module) {
  browserBench().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
