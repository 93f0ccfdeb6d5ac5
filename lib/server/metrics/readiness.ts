// Readiness: the pod takes traffic once the default cluster's informers have synced, so a new
// replica behind a Service never answers its first users with "still syncing". Asking starts the
// sync (a fresh process has no informers until someone needs them). The answer is for a probe
// without a session: which kinds have listed and how many objects, never a cluster id, server
// address or error text (a kubeconfig context name can be an account's ARN).

import { defaultClusterId } from '../clusters';
import { topologyDiagnostics, topologyStarted, type SyncProgress } from '../topology-hub';

export interface Readiness {
  ready: boolean;
  body: {
    status: 'ready' | 'not-ready';
    reason?: 'no cluster configured' | 'cluster not reachable' | 'initial sync in progress';
    kinds?: SyncProgress['kinds'];
  };
}

export function readiness(): Readiness {
  let clusterId: string | undefined;
  try {
    clusterId = defaultClusterId();
  } catch {
    clusterId = undefined;
  }
  if (!clusterId) return { ready: false, body: { status: 'not-ready', reason: 'no cluster configured' } };
  let synced: boolean;
  try {
    ({ synced } = topologyStarted(clusterId));
  } catch {
    return { ready: false, body: { status: 'not-ready', reason: 'cluster not reachable' } };
  }
  const kinds = topologyDiagnostics(clusterId)?.progress.kinds ?? {};
  return synced ? { ready: true, body: { status: 'ready', kinds } } : { ready: false, body: { status: 'not-ready', reason: 'initial sync in progress', kinds } };
}
