// A cluster's health as the picker shows it, from two looks that cost almost nothing: a probe of
// the API server (`GET /version`, short timeout) and the state of this server's informers for it.
//   unreachable  the probe failed (or the cluster is listed without a usable kubeconfig): why
//   reachable    the API server answers; nobody has opened it here lately (no informers running)
//   syncing      informers started, first list not done yet
//   synced       informers current (stale: a watch broke and is being re-established)

export type ClusterHealthState = 'unreachable' | 'reachable' | 'syncing' | 'synced';

export interface ClusterHealth {
  state: ClusterHealthState;
  /** Why it is unreachable, or what is wrong while synced (a broken watch). */
  reason?: string;
  /** The API server's gitVersion, when it answered. */
  version?: string;
  stale?: boolean;
}

export type ProbeOutcome = { ok: true; version: string } | { ok: false; reason: string };
export type InformerState = 'stopped' | 'syncing' | 'synced' | 'stale';

export function clusterHealth(problem: string | undefined, probe: ProbeOutcome | undefined, informers: InformerState): ClusterHealth {
  if (problem !== undefined) return { state: 'unreachable', reason: problem };
  if (!probe) return { state: 'unreachable', reason: 'not probed' };
  if (!probe.ok) return { state: 'unreachable', reason: probe.reason };
  const version = probe.version;
  if (informers === 'stopped') return { state: 'reachable', version };
  if (informers === 'syncing') return { state: 'syncing', version };
  if (informers === 'stale') return { state: 'synced', version, stale: true, reason: 'a watch broke; reconnecting' };
  return { state: 'synced', version };
}

/** Words for the picker, one line each. */
export function healthLabel(health: ClusterHealth | undefined): string {
  if (!health) return 'checking…';
  switch (health.state) {
    case 'unreachable':
      return `unreachable: ${health.reason ?? 'no answer'}`;
    case 'reachable':
      return 'reachable';
    case 'syncing':
      return 'syncing';
    case 'synced':
      return health.stale ? 'synced, reconnecting' : 'synced';
  }
}
