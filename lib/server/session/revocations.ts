// Sign-outs every replica knows of. The session cookie is stateless (any replica with the secret
// reads it), so a copy of it stays valid after sign-out unless the replicas share a list of
// ended sessions. The list lives in a ConfigMap in the server's own namespace, written with the
// server's own credentials (never a user's): one key per signed-out session id, its value the
// moment the session would have ended anyway, after which the key is dropped. So the list holds
// at most NODELANES_SESSION_MAX_HOURS of sign-outs (about 60 bytes each; a ConfigMap takes 1 MiB).
//
// Why a list and not signed session versions: a version only revokes if every replica can read
// the current one, which is the same shared store, plus a per-user counter that would end a
// person's other sessions too. The list ends exactly the session signed out of.
//
// Replicas read the list at most every CACHE_MS, so a copied cookie works on another replica for
// at most that long after sign-out. A replica that cannot read the list for longer than
// STALE_MS refuses every session (503) rather than honour one that may have been signed out.

import type { ServerEnv } from '../env';
import { configMapRevocations, ownKubeConfig } from '../k8s/revocations-configmap';
import type { RevocationStore } from './revocation-store';

export type { RevocationStore };
export { configMapRevocations };

/** One process, one replica: sign-outs remembered in memory. */
export function memoryRevocations(now: () => number = Date.now): RevocationStore {
  const ended = new Map<string, number>();
  return {
    async revoke(sid, until) {
      for (const [key, at] of ended) if (at <= now()) ended.delete(key);
      ended.set(sid, until);
    },
    async isRevoked(sid) {
      const until = ended.get(sid);
      return until !== undefined && until > now();
    },
  };
}

const globalKey = Symbol.for('nodelanes.session-revocations');
type GlobalWithStore = typeof globalThis & { [globalKey]?: { config: string; store: RevocationStore } };

/** The process's store for this configuration (kept on globalThis: proxy and routes are bundled apart). */
export function revocationStore(env: ServerEnv): RevocationStore {
  const g = globalThis as GlobalWithStore;
  const config = env.NODELANES_SESSION_REVOCATIONS ?? 'memory';
  if (g[globalKey]?.config === config) return g[globalKey].store;
  let store: RevocationStore;
  if (env.NODELANES_SESSION_REVOCATIONS) {
    const [namespace, name] = env.NODELANES_SESSION_REVOCATIONS.split('/');
    store = configMapRevocations({ kubeConfig: ownKubeConfig(env), namespace, name });
  } else {
    store = memoryRevocations();
  }
  g[globalKey] = { config, store };
  return store;
}
