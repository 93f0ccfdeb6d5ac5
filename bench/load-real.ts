// Loads a real kube-apiserver with the sandbox's synthetic cluster (the same node and pod
// objects, lib/sandbox/sim/scenario.ts): nodes created with their status, pods created already
// bound (spec.nodeName) and their status PATCHed to Running, since a create resets a pod's status
// to Pending. The scheduler, controller-manager and node stand-in must be stopped first, or they
// would bind, evict or re-mark what is loaded. Requests run 48 at a time.
import { SYNTHETIC_NAMESPACE, syntheticNode, syntheticPod } from '@/lib/sandbox/sim/scenario';
import { inParallel, kubeJson, kubeRequest, type KubeTarget } from './kube-http';

const IN_FLIGHT = 48;

async function countOf(target: KubeTarget, path: string): Promise<number> {
  // A list with limit=1 answers how many remain after the first page; +1 for that page.
  const list = await kubeJson<{ items: unknown[]; metadata: { remainingItemCount?: number } }>(target, 'GET', `${path}?limit=1`);
  return list.items.length + (list.metadata.remainingItemCount ?? 0);
}

async function must(target: KubeTarget, method: string, path: string, body: unknown, contentType?: string, allow: number[] = []) {
  const res = await kubeRequest(target, method, path, body, contentType);
  if (res.status >= 300 && !allow.includes(res.status)) throw new Error(`${method} ${path}: ${res.status} ${res.body.slice(0, 300)}`);
}

/** Loads `nodes` × `podsPerNode` unless the server already holds exactly that; returns the seconds it took. */
export async function loadRealCluster(target: KubeTarget, nodes: number, podsPerNode: number, log: (line: string) => void): Promise<number> {
  const started = performance.now();
  const haveNodes = await countOf(target, '/api/v1/nodes');
  const havePods = await countOf(target, `/api/v1/namespaces/${SYNTHETIC_NAMESPACE}/pods`).catch(() => 0);
  if (haveNodes === nodes && havePods === nodes * podsPerNode) {
    log(`real server already holds ${nodes} nodes and ${havePods} pods`);
    return 0;
  }
  await must(target, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: SYNTHETIC_NAMESPACE } }, undefined, [409]);
  const t = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const indexes = Array.from({ length: nodes }, (_, i) => i);
  await inParallel(indexes, IN_FLIGHT, (i) => must(target, 'POST', '/api/v1/nodes', syntheticNode(i, t), undefined, [409]));
  log(`${nodes} nodes created in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const pods = indexes.flatMap((i) => Array.from({ length: podsPerNode }, (_, j) => ({ i, j })));
  let done = 0;
  await inParallel(pods, IN_FLIGHT, async ({ i, j }) => {
    const pod = syntheticPod(i, j, podsPerNode, syntheticNode(i, t).metadata.name, t);
    const path = `/api/v1/namespaces/${SYNTHETIC_NAMESPACE}/pods`;
    await must(target, 'POST', path, pod, undefined, [409]);
    await must(target, 'PATCH', `${path}/${pod.metadata.name}/status`, { status: pod.status }, 'application/merge-patch+json');
    if (++done % 5000 === 0) log(`${done} pods loaded (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  });
  const seconds = (performance.now() - started) / 1000;
  log(`${nodes} nodes and ${pods.length} pods loaded in ${seconds.toFixed(1)} s (${IN_FLIGHT} requests in flight)`);
  return seconds;
}
