// The cluster registry: which clusters this server shows, by id, each with the KubeConfig that
// reaches it.
//   sandbox     one cluster `sandbox`, from NODELANES_SANDBOX_KUBECONFIG (written by the sandbox)
//   kubeconfig  one cluster per context of KUBECONFIG; NODELANES_CONTEXT (or current-context) first
//   in-cluster  one cluster `in-cluster`, from the pod's service account
//   file        the clusters listed in NODELANES_CLUSTERS_FILE (clusters-file.ts): each a context
//               of a kubeconfig or the service account, with its EKS region and cluster name
// Kubeconfig files are re-read when they change on disk: the sandbox rewrites its file when it
// restarts on a new port, and a long-running server should follow.

import fs from 'node:fs';
import path from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { readServerEnv, type ClusterSourceMode } from './env';
import { ClustersFileError, parseClustersFile, type ClusterEntry } from './clusters-file';
import { forContext, kubeConfigFromDefault, kubeConfigFromFile, kubeConfigFromFiles, kubeConfigInCluster } from './k8s/client';

export const SANDBOX_CLUSTER_ID = 'sandbox';
export const IN_CLUSTER_ID = 'in-cluster';

export interface ClusterSummary {
  id: string;
  name: string;
  /** How this cluster is reached (a clusters file's entries say `kubeconfig` or `in-cluster`). */
  source: Exclude<ClusterSourceMode, 'file'>;
  /** The API server's URL; empty while the sandbox has not written its kubeconfig yet. */
  server: string;
  /** Why the cluster is listed but cannot be used (its kubeconfig or context is missing). */
  problem?: string;
}

export interface ClusterHandle extends ClusterSummary {
  /** Current context set to this cluster. Only lib/server/k8s should make clients from it. */
  kubeConfig: KubeConfig;
  /** The EKS API that manages it, from the clusters file (otherwise the server's environment decides). */
  eks?: { region: string; clusterName: string };
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

// The registry lives on globalThis: the preload's bundle (prefetch-at-start.ts) and the server are
// two copies of this module in one process, and they must share each cluster's KubeConfig. An
// exec credential plugin's token (aws eks get-token) is cached per KubeConfig: with two, the
// preload's first requests and the server's carried different tokens, so no list read ahead
// was ever taken, and the plugin ran twice.
const REGISTRY = Symbol.for('nodelanes.clusters');
type WithRegistry = typeof globalThis & { [REGISTRY]?: { key: string; registry: Registry } };
const shared = globalThis as WithRegistry;

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
  if (env.NODELANES_CLUSTER === 'file') return fileRegistry(env.NODELANES_CLUSTERS_FILE ?? '', env.KUBECONFIG);
  const files = kubeconfigFiles(env.NODELANES_CLUSTER, env.NODELANES_SANDBOX_KUBECONFIG, env.KUBECONFIG);
  const key = [env.NODELANES_CLUSTER, env.NODELANES_CONTEXT ?? '', ...files.map((f) => `${f}@${mtimeOf(f)}`)].join('|');
  if (shared[REGISTRY]?.key === key) return shared[REGISTRY].registry;
  const built = build(env.NODELANES_CLUSTER, files, env.NODELANES_CONTEXT);
  shared[REGISTRY] = { key, registry: built };
  return built;
}

/**
 * Reads the clusters file (re-read when it or a kubeconfig it names changes) and throws
 * ClustersFileError naming each bad entry; start-up calls this so a bad file stops the server.
 */
export function loadClustersFile(file: string): ClusterEntry[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ClustersFileError(file, [`cannot read it (${(err as NodeJS.ErrnoException).code ?? String(err)})`]);
  }
  return parseClustersFile(text, file);
}

function fileRegistry(file: string, kubeconfigVar: string | undefined): Registry {
  const defaults = kubeconfigFiles('kubeconfig', '', kubeconfigVar);
  let entries: ClusterEntry[];
  try {
    entries = loadClustersFile(file);
  } catch (err) {
    // Start-up has stopped on this already; a file broken while the server runs keeps nothing.
    reportOnce(`[nodelanes] ${err instanceof Error ? err.message : String(err)}`);
    return { summaries: [], handles: new Map() };
  }
  const used = new Set(entries.flatMap((e) => (e.inCluster ? [] : e.kubeconfig ? e.kubeconfig.split(path.delimiter) : defaults)));
  const key = ['file', `${file}@${mtimeOf(file)}`, ...[...used].map((f) => `${f}@${mtimeOf(f)}`)].join('|');
  if (shared[REGISTRY]?.key === key) return shared[REGISTRY].registry;
  const built = buildFromEntries(entries, defaults);
  shared[REGISTRY] = { key, registry: built };
  return built;
}

function buildFromEntries(entries: ClusterEntry[], defaults: string[]): Registry {
  const handles = new Map<string, ClusterHandle>();
  const summaries: ClusterSummary[] = [];
  const loaded = new Map<string, KubeConfig | undefined>();
  for (const entry of entries) {
    const name = entry.name ?? entry.id;
    const source = entry.inCluster ? 'in-cluster' : 'kubeconfig';
    const eks = entry.eks && { region: entry.eks.region, clusterName: entry.eks.clusterName };
    const unusable = (problem: string) => summaries.push({ id: entry.id, name, source, server: '', problem });
    if (entry.inCluster) {
      const kc = loadQuietly(kubeConfigInCluster, 'the in-cluster service account');
      if (!kc) {
        unusable('no in-cluster service account (is this server running in a pod?)');
        continue;
      }
      const server = kc.getCurrentCluster()?.server ?? '';
      handles.set(entry.id, { id: entry.id, name, source, server, kubeConfig: kc, ...(eks ? { eks } : {}) });
      summaries.push({ id: entry.id, name, source, server });
      continue;
    }
    const files = entry.kubeconfig ? entry.kubeconfig.split(path.delimiter).filter(Boolean) : defaults;
    const fileKey = files.join(path.delimiter);
    if (!loaded.has(fileKey)) loaded.set(fileKey, loadQuietly(() => kubeConfigFromFiles(files), fileKey || '~/.kube/config'));
    const kc = loaded.get(fileKey);
    const context = kc?.getContextObject(entry.context ?? '');
    const cluster = context && kc?.getCluster(context.cluster);
    if (!kc || !context || !cluster) {
      unusable(!kc ? `cannot load kubeconfig ${fileKey || '~/.kube/config'}` : `no context "${entry.context}" in ${fileKey || '~/.kube/config'}`);
      continue;
    }
    handles.set(entry.id, { id: entry.id, name, source, server: cluster.server, kubeConfig: forContext(kc, context.name), ...(eks ? { eks } : {}) });
    summaries.push({ id: entry.id, name, source, server: cluster.server });
  }
  return { summaries, handles };
}

function build(mode: Exclude<ClusterSourceMode, 'file'>, files: string[], preferredContext: string | undefined): Registry {
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

/** Logged once per message: the registry is consulted on every request. */
function reportOnce(message: string): void {
  if (reported.has(message)) return;
  reported.add(message);
  console.warn(message);
}

function loadQuietly(load: () => KubeConfig, what: string): KubeConfig | undefined {
  try {
    return load();
  } catch (err) {
    reportOnce(`[nodelanes] cannot load ${what}: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}
