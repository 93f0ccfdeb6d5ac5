// The cluster registry: which clusters this server shows, by id, each with the KubeConfig that
// reaches it.
//   sandbox     one cluster `sandbox`, from NODELANES_SANDBOX_KUBECONFIG (written by the sandbox)
//   kubeconfig  one cluster per context of KUBECONFIG; NODELANES_CONTEXT (or current-context) first
//   in-cluster  one cluster `in-cluster`, from the pod's service account
// Kubeconfig files are re-read when they change on disk: the sandbox rewrites its file when it
// restarts on a new port, and a long-running server should follow.

import fs from 'node:fs';
import path from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { readServerEnv, type ClusterSourceMode } from './env';
import { forContext, kubeConfigFromDefault, kubeConfigFromFile, kubeConfigInCluster } from './k8s/client';

export const SANDBOX_CLUSTER_ID = 'sandbox';
export const IN_CLUSTER_ID = 'in-cluster';

export interface ClusterSummary {
  id: string;
  name: string;
  source: ClusterSourceMode;
  /** The API server's URL; empty while the sandbox has not written its kubeconfig yet. */
  server: string;
}

export interface ClusterHandle extends ClusterSummary {
  /** Current context set to this cluster. Only lib/server/k8s should make clients from it. */
  kubeConfig: KubeConfig;
}

/** The id names no cluster this server knows: a 404 for the route wrapper. */
export class UnknownClusterError extends Error {
  readonly status = 404;
  readonly code = 'cluster_not_found';
  constructor(readonly clusterId: string) {
    super(`No cluster "${clusterId}"`);
    this.name = 'UnknownClusterError';
  }
}

/** The cluster exists in the registry but cannot be reached (or refused us): a 503. */
export class ClusterUnavailableError extends Error {
  readonly status = 503;
  readonly code = 'cluster_unavailable';
  constructor(
    readonly clusterId: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ClusterUnavailableError';
  }
}

interface Registry {
  summaries: ClusterSummary[];
  handles: Map<string, ClusterHandle>;
}

let cached: { key: string; registry: Registry } | undefined;

export function listClusters(): ClusterSummary[] {
  return registry().summaries.map((s) => ({ ...s }));
}

export function getCluster(id: string): ClusterHandle | undefined {
  try {
    return registry().handles.get(id);
  } catch {
    return undefined;
  }
}

/** The cluster a UI should open first. */
export function defaultClusterId(): string | undefined {
  return registry().summaries[0]?.id;
}

function registry(): Registry {
  let env;
  try {
    env = readServerEnv();
  } catch (err) {
    console.error(String(err instanceof Error ? err.message : err));
    return { summaries: [], handles: new Map() };
  }
  const files = kubeconfigFiles(env.NODELANES_CLUSTER, env.NODELANES_SANDBOX_KUBECONFIG, env.KUBECONFIG);
  const key = [env.NODELANES_CLUSTER, env.NODELANES_CONTEXT ?? '', ...files.map((f) => `${f}@${mtimeOf(f)}`)].join('|');
  if (cached?.key === key) return cached.registry;
  const built = build(env.NODELANES_CLUSTER, files, env.NODELANES_CONTEXT);
  cached = { key, registry: built };
  return built;
}

function build(mode: ClusterSourceMode, files: string[], preferredContext: string | undefined): Registry {
  const handles = new Map<string, ClusterHandle>();
  const summaries: ClusterSummary[] = [];
  const add = (handle: ClusterHandle) => {
    handles.set(handle.id, handle);
    summaries.push({ id: handle.id, name: handle.name, source: handle.source, server: handle.server });
  };

  if (mode === 'sandbox') {
    const file = files[0];
    const kc = loadQuietly(() => kubeConfigFromFile(file), file);
    if (kc) add({ id: SANDBOX_CLUSTER_ID, name: 'sandbox', source: 'sandbox', server: kc.getCurrentCluster()?.server ?? '', kubeConfig: kc });
    // Listed even before the sandbox has written its kubeconfig: the cluster is known, just not
    // reachable yet (503, not 404).
    else summaries.push({ id: SANDBOX_CLUSTER_ID, name: 'sandbox', source: 'sandbox', server: '' });
    return { summaries, handles };
  }

  if (mode === 'in-cluster') {
    const kc = loadQuietly(kubeConfigInCluster, 'the in-cluster service account');
    if (kc) add({ id: IN_CLUSTER_ID, name: IN_CLUSTER_ID, source: 'in-cluster', server: kc.getCurrentCluster()?.server ?? '', kubeConfig: kc });
    else summaries.push({ id: IN_CLUSTER_ID, name: IN_CLUSTER_ID, source: 'in-cluster', server: '' });
    return { summaries, handles };
  }

  const kc = loadQuietly(kubeConfigFromDefault, files.join(path.delimiter) || '~/.kube/config');
  if (!kc) return { summaries, handles };
  const first = preferredContext ?? kc.getCurrentContext();
  const contexts = [...kc.getContexts()].sort((a, b) => Number(b.name === first) - Number(a.name === first));
  for (const context of contexts) {
    const cluster = kc.getCluster(context.cluster);
    if (!cluster) continue;
    add({ id: context.name, name: context.cluster, source: 'kubeconfig', server: cluster.server, kubeConfig: forContext(kc, context.name) });
  }
  return { summaries, handles };
}

function kubeconfigFiles(mode: ClusterSourceMode, sandboxFile: string, kubeconfigVar: string | undefined): string[] {
  if (mode === 'sandbox') return [path.resolve(sandboxFile)];
  if (mode === 'in-cluster') return [];
  if (kubeconfigVar) return kubeconfigVar.split(path.delimiter).filter(Boolean);
  const home = process.env.HOME ?? process.env.USERPROFILE;
  return home ? [path.join(home, '.kube', 'config')] : [];
}

function mtimeOf(file: string): number {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

const reported = new Set<string>();

function loadQuietly(load: () => KubeConfig, what: string): KubeConfig | undefined {
  try {
    return load();
  } catch (err) {
    // Logged once per source and message: the registry is consulted on every request.
    const message = `[nodelanes] cannot load ${what}: ${err instanceof Error ? err.message : String(err)}`;
    if (!reported.has(message)) {
      reported.add(message);
      console.warn(message);
    }
    return undefined;
  }
}
