// A list's resourceVersion and resourceVersionMatch, as kube-apiserver serves them. Unset or "0":
// the current state. `NotOlderThan` (the default for any other version): at least that fresh, so
// a version the server has not reached yet is waited for (3 s, as the watch cache waits) and then
// a 504 "Too large resource version". `Exact`: the state at exactly that version. The store keeps
// no old states, only recent events, so an exact version is served only when nothing in the list
// changed since; otherwise the answer is etcd's for a compacted revision, 410 Expired.
import { ApiError } from '../errors';
import type { ResourceKey, Store } from '../store';

const WAIT_MS = 3000;
const POLL_MS = 50;

/** The resourceVersion the list reports when it is not the store's current one. */
export async function listResourceVersion(store: Store, key: ResourceKey, namespace: string | undefined, q: URLSearchParams): Promise<string | undefined> {
  const raw = q.get('resourceVersion');
  if (!raw || raw === '0' || !/^\d+$/.test(raw)) return undefined;
  const wanted = Number(raw);
  const deadline = Date.now() + WAIT_MS;
  while (Number(store.resourceVersion) < wanted) {
    if (Date.now() >= deadline) throw tooLarge(wanted, Number(store.resourceVersion));
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  if (q.get('resourceVersionMatch') !== 'Exact') return undefined;
  if (store.changedSince(key, wanted, namespace) !== false) {
    throw new ApiError(410, 'Expired', 'The resourceVersion for the provided list is too old.');
  }
  return raw;
}

function tooLarge(wanted: number, current: number): ApiError {
  return new ApiError(504, 'Timeout', `Timeout: Too large resource version: ${wanted}, current: ${current}`, {
    causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
    retryAfterSeconds: 1,
  });
}
