// The regression guard of `npm test`'s smoke run (BENCH_GUARD=1): the run fails when the cold start
// is more than BENCH_GUARD_VS_PAGED_LIST times the paged list (default 3) or any RSS sample of the
// dashboard's processes (npm's CLI not counted) exceeds BENCH_GUARD_RSS_MIB (default below).
// Bounds are set from runs on a loaded 2-CPU machine with a wide margin (docs/performance.md), so
// a slow CI machine does not fail it, while a launcher or a sync that comes back on the path does.
import type { Measurement } from './measure';

/** At 100 pods the dashboard measured 125–150 MiB (one process, Next server alone); 1.6× that. */
export const DEFAULT_RSS_BOUND_MIB = 240;
export const DEFAULT_VS_PAGED_LIST_BOUND = 3;

export function guardBounds(env: NodeJS.ProcessEnv = process.env) {
  return {
    vsPagedList: Number(env.BENCH_GUARD_VS_PAGED_LIST ?? DEFAULT_VS_PAGED_LIST_BOUND),
    rssMiB: Number(env.BENCH_GUARD_RSS_MIB ?? DEFAULT_RSS_BOUND_MIB),
  };
}

/** What broke the bounds, one line each; empty when the run is within them. */
export function guardFailures(results: Measurement[], bounds = guardBounds()): string[] {
  const failures: string[] = [];
  for (const m of results) {
    if (m.coldStart.vsPagedList !== undefined && m.coldStart.vsPagedList > bounds.vsPagedList) {
      failures.push(`${m.server}: cold start ${m.coldStart.appMs} ms is ${m.coldStart.vsPagedList}× the paged list (${m.coldStart.pagedListMs} ms), bound ${bounds.vsPagedList}×`);
    }
    for (const [when, sample] of Object.entries(m.memory)) {
      if (sample.dashboardMiB > bounds.rssMiB) failures.push(`${m.server}: RSS ${when} ${sample.dashboardMiB} MiB, bound ${bounds.rssMiB} MiB (${sample.processes.map((p) => `${p.command.split(' ')[0]} ${p.rssMiB}`).join(', ')})`);
    }
  }
  return failures;
}
