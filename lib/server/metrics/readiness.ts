// Readiness: whether this replica can serve, with the default cluster's health beside it. A new
// replica waits (up to NODELANES_READY_SYNC_WAIT_SECONDS) for the default cluster's first sync, so
// behind a Service it never answers its first users with "still syncing". A cluster that cannot be
// reached, or that is still syncing after that wait, is reported and not fatal: every replica
// would fail alike, the Service would have no endpoint, and the users of every other cluster, and
// of the page that explains the outage, would get nothing. Asking starts the sync (a fresh process
// has no informers until someone needs them). The answer is for a probe without a session: which
// kinds have listed and how many objects, never a cluster id, server address or error text (a
// kubeconfig context name can be an account's ARN).

import { defaultClusterId } from '../clusters';
import { readServerEnv } from '../env';
import { topologyDiagnostics, topologyStarted, type SyncProgress } from '../topology-hub';

export type DefaultClusterHealth = 'synced' | 'syncing' | 'unreachable';

export interface Readiness {
  ready: boolean;
  body: {
    status: 'ready' | 'not-ready';
    reason?: 'no cluster configured' | 'initial sync in progress';
    defaultCluster?: DefaultClusterHealth;
    kinds?: SyncProgress['kinds'];
  };
}

const firstAskKey = Symbol.for('nodelanes.readiness.firstAsk');
type GlobalWithFirstAsk = typeof globalThis & { [firstAskKey]?: number };

/** When readiness was first asked in this process: the first sync's wait counts from there. */
function firstAsked(now: number): number {
  const g = globalThis as GlobalWithFirstAsk;
  g[firstAskKey] ??= now;
  return g[firstAskKey];
}

/** Forgets the first ask (tests start a new "process"). */
export function resetReadiness(): void {
  delete (globalThis as GlobalWithFirstAsk)[firstAskKey];
}

function syncWaitMs(): number {
  try {
    return readServerEnv().NODELANES_READY_SYNC_WAIT_SECONDS * 1000;
  } catch {
    return 120_000;
  }
}

export function readiness(now = Date.now()): Readiness {
  let clusterId: string | undefined;
  try {
    clusterId = defaultClusterId();
  } catch {
    clusterId = undefined;
  }
  if (!clusterId) return { ready: false, body: { status: 'not-ready', reason: 'no cluster configured' } };
  const since = firstAsked(now);
  let synced: boolean;
  try {
    ({ synced } = topologyStarted(clusterId));
  } catch {
    return { ready: true, body: { status: 'ready', defaultCluster: 'unreachable' } };
  }
  const kinds = topologyDiagnostics(clusterId)?.progress.kinds ?? {};
  if (synced) return { ready: true, body: { status: 'ready', defaultCluster: 'synced', kinds } };
  if (now - since < syncWaitMs()) return { ready: false, body: { status: 'not-ready', reason: 'initial sync in progress', defaultCluster: 'syncing', kinds } };
  return { ready: true, body: { status: 'ready', defaultCluster: 'syncing', kinds } };
}
