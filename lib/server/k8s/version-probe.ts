// Is a cluster's API server there? One `GET /version` with the server's own credentials and a
// short timeout: every API server answers it to any authenticated client (the
// system:public-info-viewer role), it costs the server nothing, and it says what a person
// picking a cluster wants to know first: reachable, or why not.

import type { KubeConfig } from '@kubernetes/client-node';
import fetch from 'node-fetch';
import { networkReason } from './failure-reason';

export type ProbeResult = { ok: true; version: string } | { ok: false; reason: string };

export async function probeVersion(kc: KubeConfig, timeoutMs: number): Promise<ProbeResult> {
  const server = kc.getCurrentCluster()?.server;
  if (!server) return { ok: false, reason: 'no API server address in the kubeconfig' };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const options = await kc.applyToFetchOptions({});
    const res = await fetch(`${server.replace(/\/$/, '')}/version`, {
      headers: options.headers as Record<string, string>,
      // An https agent carries the cluster's CA and client certificate; plain http takes none.
      ...(server.startsWith('https:') ? { agent: options.agent as never } : {}),
      signal: controller.signal as never,
    });
    if (!res.ok) {
      const words = res.status === 401 ? 'the credentials were refused' : res.status === 403 ? 'forbidden' : res.statusText || 'error';
      return { ok: false, reason: `the API server answered ${res.status} (${words})` };
    }
    const body = (await res.json()) as { gitVersion?: unknown };
    return { ok: true, version: typeof body.gitVersion === 'string' ? body.gitVersion : 'unknown' };
  } catch (err) {
    return { ok: false, reason: controller.signal.aborted ? `no answer within ${timeoutMs} ms` : networkReason(err) };
  } finally {
    clearTimeout(timer);
  }
}

/** Words for a network failure: the errno a person can look up, with the address it concerns. */
