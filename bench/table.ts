// The benchmark's table, in Markdown (what docs/performance.md shows): one column
// per server, one row per figure, and the goal each figure is held to at this size.
import type { Measurement } from './measure';

interface Report {
  size: string;
  pods: number;
  results: Measurement[];
  browser?: Record<string, unknown>;
}

const s = (ms: number | undefined) => (ms === undefined ? '—' : `${(ms / 1000).toFixed(1)} s`);
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
const ms = (x: number | undefined) => (x === undefined ? '—' : `${x} ms`);
const mib = (x: number) => `${Math.round(x)} MiB`;
const rssCell = (r: { dashboardMiB: number; serverMiB: number; npmMiB: number }) => `${mib(r.dashboardMiB)} / ${mib(r.serverMiB)} (+ ${mib(r.npmMiB)})`;

/** Goals are set at 30,000 and 150,000 pods; a size in between is held to the larger one's. */
export function goals(pods: number) {
  const large = pods > 30_000;
  return { rssMiB: large ? 500 : 250, payloadBytes: large ? 5e6 : 1.5e6, vsKubectl: 0.25, vsPagedList: 1.5, p50Ms: 300, p99Ms: 1000, firstLanesMs: large ? 1000 : 500, firstLanesMaxToMedian: 1.5 };
}

/**
 * How the paged list grows with the cluster, per server, from the smallest size run to the
 * largest: linear paging costs about the ratio of the pod counts (goal: ≤ 6× for 5× the pods).
 */
export function renderScaling(reports: Report[]): string | undefined {
  const sorted = [...reports].sort((a, b) => a.pods - b.pods);
  const [small, large] = [sorted[0], sorted.at(-1)];
  if (!small || !large || small.pods === large.pods) return undefined;
  const podRatio = large.pods / small.pods;
  const lines = [`| paged list (500): ${large.size} ÷ ${small.size} (${podRatio}× the pods) | ratio | goal |`, '|---|---|---|'];
  for (const m of large.results) {
    const before = small.results.find((r) => r.server === m.server)?.coldStart.pagedListMs;
    const after = m.coldStart.pagedListMs;
    const ratio = before && after ? `${(after / before).toFixed(2)}× (${s(after)} ÷ ${s(before)})` : '—';
    lines.push(`| ${m.server} | ${ratio} | ≤ ${(podRatio * 1.2).toFixed(0)}× |`);
  }
  return lines.join('\n');
}

export function renderTable(report: Report): string {
  const g = goals(report.pods);
  const rows: [string, (m: Measurement) => string, string][] = [
    ['cold start: `npm start` → listening / complete snapshot', (m) => `${s(m.coldStart.appListeningMs)} / ${s(m.coldStart.appMs)}`, '—'],
    ['kubectl get nodes,pods -A -o json', (m) => `${s(m.coldStart.kubectlMs)} (${mib(m.coldStart.kubectlMaxRssMiB ?? 0)})`, '—'],
    ['paged list (500) + JSON.parse in Node', (m) => `${s(m.coldStart.pagedListMs)} (${mib(m.coldStart.pagedListMaxRssMiB ?? 0)})`, '—'],
    ['the app alone: `npm start` → first answer, nothing to list', (m) => s(m.coldStart.appAloneMs), '—'],
    ['app ÷ kubectl', (m) => `${m.coldStart.vsKubectl}×`, `≤ ${g.vsKubectl}×`],
    ['app ÷ paged list', (m) => `${m.coldStart.vsPagedList}×`, `≤ ${g.vsPagedList}×`],
    ['app ÷ the slower of the app alone and the paged list', (m) => (m.coldStart.vsFloor === undefined ? '—' : `${m.coldStart.vsFloor}×`), '—'],
    ['RSS after sync: all the dashboard runs / Next server (+ npm CLI beside)', (m) => rssCell(m.memory.afterSync), `≤ ${g.rssMiB} MiB`],
    ['RSS after churn, 1 client', (m) => rssCell(m.memory.afterChurn), `≤ ${g.rssMiB} MiB`],
    ['RSS with 10 clients', (m) => rssCell(m.memory.clients10), 'flat'],
    ['RSS with 50 clients', (m) => rssCell(m.memory.clients50), 'flat'],
    ['snapshot JSON', (m) => mb(m.payload.snapshotJsonBytes), '—'],
    ['snapshot compressed (gzip / SSE base64 on the wire)', (m) => `${mb(m.payload.snapshotGzipBytes)} / ${mb(m.payload.snapshotSseWireBytes)}`, `≤ ${mb(g.payloadBytes)}`],
    ['GET /topology on the wire: Accept-Encoding: gzip / none', (m) => `${mb(m.payload.topologyGetWireBytes)} (${m.payload.topologyGetContentEncoding}) / ${mb(m.payload.topologyGetPlainBytes)}`, `≤ ${mb(g.payloadBytes)} gzip`],
    ['Next server RSS: idle → peak during 50 GET /topology at once', (m) => `${mib(m.pageLoads.idleMiB)} → ${mib(m.pageLoads.peakMiB)} (${m.pageLoads.ratio}×)`, '≤ 1.2×'],
    [
      'node-metrics requests at the API server in 31 s: 1 / 10 streams',
      (m) => (m.usage.nodeMetricsRequestsOneStream === undefined ? 'n/a (no metrics-server)' : `${m.usage.nodeMetricsRequestsOneStream} / ${m.usage.nodeMetricsRequestsTenStreams}`),
      'equal',
    ],
    ['event latency p50 / p99, 1 client', (m) => `${ms(m.latency.oneClient.p50Ms)} / ${ms(m.latency.oneClient.p99Ms)}`, `≤ ${g.p50Ms} ms / ≤ ${g.p99Ms} ms`],
    ['event latency p50 / p99, 50 clients', (m) => `${ms(m.latency.fiftyClients.p50Ms)} / ${ms(m.latency.fiftyClients.p99Ms)}`, `≤ ${g.p50Ms} ms / ≤ ${g.p99Ms} ms`],
    ['changes sent / seen by the client (1 client)', (m) => `${m.latency.oneClient.sent} / ${m.latency.oneClient.seen}`, '—'],
    ['watches at the API server with 50 clients', (m) => Object.values(m.fanout.watches).join('+') + ` (${Object.keys(m.fanout.watches).length} kinds)`, '1 per kind'],
    ['app CPU: 1 client / 50 clients (ms per s)', (m) => `${m.fanout.cpuMsPerSecondOneClient} / ${m.fanout.cpuMsPerSecondFiftyClients}`, '—'],
    ['app CPU per extra client (ms per s) / per connect (ms)', (m) => `${m.fanout.cpuMsPerSecondPerExtraClient} / ${m.fanout.cpuMsPerClientConnect}`, '—'],
  ];
  const header = `| ${report.size} (${report.pods.toLocaleString('en-US')} pods) | ${report.results.map((m) => m.server).join(' | ')} | goal |`;
  const lines = [header, `|---|${report.results.map(() => '---|').join('')}---|`];
  for (const [label, cell, goal] of rows) lines.push(`| ${label} | ${report.results.map(cell).join(' | ')} | ${goal} |`);
  const b = report.browser as
    | {
        firstLanesMs?: number;
        firstLanesMaxMs?: number;
        firstLanesMaxToMedian?: number;
        churn?: { sentPerSecond: number; appliedPerSecond: number };
        frameFigureValid?: boolean;
        allLanesMs?: number;
        jsHeapBytes?: number;
        domNodes?: number;
        p95FrameMs?: number;
        referenceP95FrameMs?: number;
        missedFrames?: number;
        frames?: number;
        mainThreadBusyShare?: number;
        churnPodsPerSecond?: number;
      }
    | undefined;
  if (b) {
    const pad = report.results.length > 1 ? ` | ${report.results.slice(1).map(() => '').join(' | ')}` : '';
    const c = b.churn;
    lines.push(`| browser: first lanes, median of the page loads / slowest / slowest ÷ median | ${s(b.firstLanesMs)} / ${s(b.firstLanesMaxMs)} / ${b.firstLanesMaxToMedian}×${pad} | ≤ ${g.firstLanesMs / 1000} s / — / ≤ ${g.firstLanesMaxToMedian}× |`);
    lines.push(`| browser: every lane drawn (scrolled to the end) | ${s(b.allLanesMs)}${pad} | — |`);
    lines.push(`| browser: JS heap / DOM elements | ${mib((b.jsHeapBytes ?? 0) / 2 ** 20)} / ${b.domNodes}${pad} | ≤ 300 MB / — |`);
    lines.push(`| browser: pod changes per s sent through the sandbox's API / applied by the page | ${c ? `${c.sentPerSecond} / ${c.appliedPerSecond}` : '—'}${pad} | ${b.churnPodsPerSecond} / as sent |`);
    lines.push(
      `| browser: p95 frame under those changes (reference: an empty page's p95); frames that missed vsync; main thread busy | ${ms(b.p95FrameMs)} (${ms(b.referenceP95FrameMs)})${b.frameFigureValid === false ? ' — not valid: the page applied under 90 % of the changes sent' : ''}; ${b.missedFrames} of ${b.frames}; ${Math.round((b.mainThreadBusyShare ?? 0) * 100)} %${pad} | ≤ one vsync (the reference) |`,
    );
  }
  return lines.join('\n');
}
