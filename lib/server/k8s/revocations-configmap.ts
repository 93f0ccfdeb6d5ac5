// The shared sign-out list (see lib/server/session/revocations.ts) kept in a ConfigMap, read and
// written with the server's own credentials.
import { CoreV1Api, type KubeConfig, type V1ConfigMap } from '@kubernetes/client-node';
import { AppError } from '../errors';
import type { ServerEnv } from '../env';
import { kubeConfigFromDefault, kubeConfigFromFile, kubeConfigInCluster, statusOf } from './client';
import { log } from '../log';
import { CACHE_MS, STALE_MS, WRITE_ATTEMPTS, type RevocationStore } from '../session/revocation-store';

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
export function ownKubeConfig(env: ServerEnv): KubeConfig {
  if (process.env.KUBERNETES_SERVICE_HOST) return kubeConfigInCluster();
  if (env.NODELANES_CLUSTER === 'sandbox') return kubeConfigFromFile(env.NODELANES_SANDBOX_KUBECONFIG);
  return kubeConfigFromDefault();
}

