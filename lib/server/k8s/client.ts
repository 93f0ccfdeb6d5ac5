// The only place that builds KubeConfigs and API clients; everything above lib/server/k8s gets a
// ClusterHandle (lib/server/clusters.ts) and never a raw client.

import { AppsV1Api, CoreV1Api, CustomObjectsApi, KubeConfig, PolicyV1Api, Watch } from '@kubernetes/client-node';
import { listPageJson, pageRequest, type JsonListPage, type ListPageOptions } from './list-page';
import { anyListedAhead, takeListedAhead, type ListedAhead } from './listed-ahead';

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
  listPage(path: string, options: ListPageOptions): Promise<JsonListPage>;
  /** A whole first list read ahead at process start for this very request, if there is one: see listed-ahead.ts. */
  listedAhead?(path: string, limit: number): Promise<ListedAhead | undefined>;
}

/** A collection's pages as plain JSON, asked as `kc`'s user. */
export function jsonPages(kc: KubeConfig): KubeApis['listPage'] {
  return (path, options) => listPageJson(kc, path, options);
}

export function makeApis(kc: KubeConfig): KubeApis {
  return {
    core: kc.makeApiClient(CoreV1Api),
    apps: kc.makeApiClient(AppsV1Api),
    custom: kc.makeApiClient(CustomObjectsApi),
    policy: kc.makeApiClient(PolicyV1Api),
    watch: new Watch(kc),
    listPage: jsonPages(kc),
    listedAhead: async (path, limit) => (anyListedAhead() ? takeListedAhead((await pageRequest(kc, path, { limit })).asker) : undefined),
  };
}

export { leadingListMetadata, listPageJson, type JsonListPage, type ListPageOptions } from './list-page';

export { statusOf } from './status';
