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

import { CoreV1Api, type KubeConfig, type V1ConfigMap } from '@kubernetes/client-node';
import { AppError } from '../errors';
import type { ServerEnv } from '../env';
import { kubeConfigFromDefault, kubeConfigFromFile, kubeConfigInCluster, statusOf } from '../k8s/client';
import { log } from '../log';

export interface RevocationStore {
  /** Ends session `sid` everywhere; `until` is when it would have ended anyway (ms). */
  revoke(sid: string, until: number): Promise<void>;
  isRevoked(sid: string): Promise<boolean>;
}

export const CACHE_MS = 2_000;
const STALE_MS = 60_000;
const WRITE_ATTEMPTS = 10;

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

export function configMapRevocations(opts: { kubeConfig: KubeConfig; namespace: string; name: string; now?: () => number; cacheMs?: number }): RevocationStore {
  const core = opts.kubeConfig.makeApiClient(CoreV1Api);
  const { namespace, name } = opts;
  const now = opts.now ?? Date.now;
  const cacheMs = opts.cacheMs ?? CACHE_MS;
  let known: { at: number; ended: Record<string, string> } | undefined;
  let reading: Promise<Record<string, string>> | undefined;
  // This replica's own sign-outs are written one after another: they would only conflict.
  let writing: Promise<void> = Promise.resolve();

  const read = async (): Promise<V1ConfigMap | undefined> => {
    try {
      return await core.readNamespacedConfigMap({ name, namespace });
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  };

  const current = async (): Promise<Record<string, string>> => {
    if (known && now() - known.at < cacheMs) return known.ended;
    reading ??= read()
      .then((cm) => {
        known = { at: now(), ended: cm?.data ?? {} };
        return known.ended;
      })
      .catch((err) => {
        if (known && now() - known.at < STALE_MS) {
          log('warn', 'session revocations unreadable, using the last list', { error: (err as Error).message });
          return known.ended;
        }
        log('error', 'session revocations unreadable', { configMap: `${namespace}/${name}`, error: (err as Error).message });
        throw new AppError(503, 'session_store_unavailable', 'Sessions cannot be checked right now (the sign-out list is unreachable). Try again shortly.');
      })
      .finally(() => (reading = undefined));
    return reading;
  };

  return {
    revoke(sid, until) {
      const write = writing.then(() => writeOne(sid, until));
      writing = write.catch(() => undefined);
      return write;
    },
    async isRevoked(sid) {
      const until = (await current())[sid];
      return until !== undefined && Number(until) > now();
    },
  };

  async function writeOne(sid: string, until: number) {
    for (let attempt = 1; ; attempt++) {
      const cm = await read();
      const t = now();
      const data: Record<string, string> = {};
      for (const [key, value] of Object.entries(cm?.data ?? {})) if (Number(value) > t) data[key] = value;
      data[sid] = String(until);
      try {
        if (cm) await core.replaceNamespacedConfigMap({ name, namespace, body: { ...cm, apiVersion: 'v1', kind: 'ConfigMap', data } });
        else await core.createNamespacedConfigMap({ namespace, body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data } });
        known = { at: now(), ended: data };
        return;
      } catch (err) {
        // Another replica wrote in between (its resourceVersion won): read and merge again.
        if ((statusOf(err) === 409 || statusOf(err) === 422) && attempt < WRITE_ATTEMPTS) {
          await new Promise((r) => setTimeout(r, Math.random() * 50 * attempt));
          continue;
        }
        throw err;
      }
    }
  }
}

/** Where this server's own credentials point: the pod's ServiceAccount, else its kubeconfig. */
function ownKubeConfig(env: ServerEnv): KubeConfig {
  if (process.env.KUBERNETES_SERVICE_HOST) return kubeConfigInCluster();
  if (env.NODELANES_CLUSTER === 'sandbox') return kubeConfigFromFile(env.NODELANES_SANDBOX_KUBECONFIG);
  return kubeConfigFromDefault();
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
