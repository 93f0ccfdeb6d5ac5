// The only place that builds KubeConfigs and API clients; everything above lib/server/k8s gets a
// ClusterHandle (lib/server/clusters.ts) and never a raw client.

import { AppsV1Api, CoreV1Api, CustomObjectsApi, KubeConfig, PolicyV1Api, Watch } from '@kubernetes/client-node';
import fetch from 'node-fetch';

/**
 * client-node 1.4 builds an https agent for every cluster entry and refuses a plain-http server
 * unless the entry says skipTLSVerify (STACK.md). The sandbox listens on http://127.0.0.1, so an
 * http:// server gets the flag; TLS verification of https servers is left exactly as configured.
 */
export function allowPlainHttp(kc: KubeConfig): KubeConfig {
  if (!kc.clusters.some((c) => c.server.startsWith('http://') && !c.skipTLSVerify)) return kc;
  const out = new KubeConfig();
  out.loadFromOptions({
    clusters: kc.clusters.map((c) => (c.server.startsWith('http://') ? { ...c, skipTLSVerify: true } : c)),
    users: kc.users,
    contexts: kc.contexts,
    currentContext: kc.currentContext,
  });
  return out;
}

/** A copy of `kc` whose current context is `context` (each context is its own cluster id). */
export function forContext(kc: KubeConfig, context: string): KubeConfig {
  const out = new KubeConfig();
  out.loadFromOptions({ clusters: kc.clusters, users: kc.users, contexts: kc.contexts, currentContext: context });
  return out;
}

export function kubeConfigFromFile(path: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(path);
  return allowPlainHttp(kc);
}

/** Several kubeconfig files merged into one (an entry name used twice is an error, not a silent pick). */
export function kubeConfigFromFiles(files: string[]): KubeConfig {
  if (files.length === 0) return kubeConfigFromDefault();
  const kc = new KubeConfig();
  kc.loadFromFile(files[0]);
  for (const file of files.slice(1)) {
    const next = new KubeConfig();
    next.loadFromFile(file);
    kc.mergeConfig(next, true);
  }
  return allowPlainHttp(kc);
}

/** KUBECONFIG (colon-separated files, merged as kubectl does) or ~/.kube/config. */
export function kubeConfigFromDefault(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromDefault();
  return allowPlainHttp(kc);
}

export function kubeConfigInCluster(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromCluster();
  return kc;
}

export interface KubeApis {
  core: CoreV1Api;
  apps: AppsV1Api;
  custom: CustomObjectsApi;
  policy: PolicyV1Api;
  watch: Watch;
  /** One page of a collection (`/api/v1/pods`) as plain JSON: see listPageJson. */
  listPage(path: string, options: { limit: number; continueToken?: string }): Promise<JsonListPage>;
}

export function makeApis(kc: KubeConfig): KubeApis {
  return {
    core: kc.makeApiClient(CoreV1Api),
    apps: kc.makeApiClient(AppsV1Api),
    custom: kc.makeApiClient(CustomObjectsApi),
    policy: kc.makeApiClient(PolicyV1Api),
    watch: new Watch(kc),
    listPage: (path, options) => listPageJson(kc, path, options),
  };
}

export interface JsonListPage {
  items: unknown[];
  resourceVersion: string;
  continueToken?: string;
}

/**
 * One page of a list, parsed with JSON.parse and nothing else. client-node's typed list calls
 * run every object through its ObjectSerializer (a class instance per nested field, every
 * timestamp a Date) only for the informers to reshape it into the compact model at once: at
 * 30,000 pods that costs more than reading the pages. A refusal throws like client-node's
 * ApiException ({ code, body }), so statusOf and kubeErrorToAppError read it the same way.
 */
export async function listPageJson(kc: KubeConfig, path: string, { limit, continueToken }: { limit: number; continueToken?: string }): Promise<JsonListPage> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('No currently active cluster');
  const url = new URL(cluster.server.replace(/\/$/, '') + path);
  url.searchParams.set('limit', String(limit));
  if (continueToken) url.searchParams.set('continue', continueToken);
  const init = await kc.applyToFetchOptions({});
  const headers = init.headers as unknown as Headers;
  headers.set('Accept', 'application/json');
  const res = await fetch(url.toString(), { ...init, method: 'GET' });
  const text = await res.text();
  if (!res.ok) throw Object.assign(new Error(`HTTP-Code: ${res.status} listing ${path}`), { code: res.status, body: text });
  const list = JSON.parse(text) as { items?: unknown[] | null; metadata?: { resourceVersion?: string; continue?: string } };
  return { items: list.items ?? [], resourceVersion: list.metadata?.resourceVersion ?? '', continueToken: list.metadata?.continue || undefined };
}

/** The HTTP status of an error from client-node (ApiException.code, Watch's statusCode), if any. */
export function statusOf(err: unknown): number | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const e = err as { code?: unknown; statusCode?: unknown; body?: unknown };
  if (typeof e.code === 'number') return e.code;
  if (typeof e.statusCode === 'number') return e.statusCode;
  return undefined;
}
