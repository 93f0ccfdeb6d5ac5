// The live rebalancing view's arithmetic, pure: given the cluster now and the record of an
// action, how far the move has come (pods on the target pool, pending, terminating), what Auto
// Mode is doing (NodeClaims in flight, nodes being removed), the Events behind it, whether the
// cluster has settled, and the before/after summary.

import { holdsResources } from './holds-resources';
import type { EventInfo, NodeClaimInfo, NodeInfo, PodInfo, TopologySnapshot } from './model';
import { clusterCost, nodeHourly, type PriceTable } from './pricing';
import type { ActionRecord, PoolCount } from './rollout';

export interface ActivityObject {
  kind: 'Deployment' | 'NodePool' | 'Node';
  namespace?: string;
  name: string;
  generation?: number;
}

/** An action as the cluster remembers it: the record plus the objects that carry it. */
export interface Activity extends ActionRecord {
  objects: ActivityObject[];
}

export type PoolSample = PoolCount;

export interface ActivityProgress {
  /** Pods of the moved deployments. */
  pods: { total: number; onTarget: number; running: number; pending: number; terminating: number };
  /** Deployments whose rollout has not finished yet. */
  rollingOut: string[];
  claimsInFlight: NodeClaimInfo[];
  nodesTerminating: string[];
  /** Auto Mode nodes left with no workload: consolidation removes them after consolidateAfter. */
  nodesEmpty: string[];
  /** Pods of the moved deployments that wait for a node, with the scheduler's or Auto Mode's reason. */
  pendingReasons: Array<{ pod: string; reason: string }>;
  perPool: PoolSample[];
  events: EventInfo[];
  now: { nodes: number; hourly: number };
  /** Everything done: rollouts complete, nothing launching, draining or waiting. */
  settled: boolean;
  /** Nothing moves any more but some pods still wait for a node (limits, no matching pool…). */
  stuck: boolean;
}

const workloadOf = (o: ActivityObject) => `${o.namespace}/${o.name}`;

function podBelongs(pod: PodInfo, workloads: Set<string>): boolean {
  return pod.owner?.kind === 'Deployment' && workloads.has(`${pod.namespace}/${pod.owner.name}`);
}

export function poolSamples(snapshot: Pick<TopologySnapshot, 'nodes' | 'pods'>, prices?: PriceTable): PoolSample[] {
  const byPool = new Map<string, PoolSample>();
  const poolOfNode = new Map<string, string>();
  for (const n of snapshot.nodes) {
    const pool = n.pool.name || '(no pool)';
    poolOfNode.set(n.name, pool);
    const s = byPool.get(pool) ?? { pool, nodes: 0, pods: 0, hourly: 0 };
    s.nodes++;
    s.hourly += nodeHourly(n, prices) ?? 0;
    byPool.set(pool, s);
  }
  for (const p of snapshot.pods) {
    if (!holdsResources(p)) continue;
    const s = byPool.get(poolOfNode.get(p.nodeName) ?? '');
    if (s) s.pods++;
  }
  return [...byPool.values()].sort((a, b) => a.pool.localeCompare(b.pool));
}

/** The events behind an action: on its objects, their pods (gone ones too), preempted pods, NodeClaims, nodes and pools, since it started. */
export function activityEvents(events: readonly EventInfo[], activity: Activity, workloadPods: ReadonlySet<string>): EventInfo[] {
  const since = Date.parse(activity.at) - 1000;
  const objects = new Set(activity.objects.map((o) => `${o.kind}/${o.namespace ?? ''}/${o.name}`));
  const deployments = activity.objects.filter((o) => o.kind === 'Deployment');
  // Pods already deleted are not in the cache any more; their names still start with the deployment's.
  const podOfMoved = (namespace: string | undefined, name: string) =>
    workloadPods.has(`${namespace}/${name}`) || deployments.some((d) => d.namespace === namespace && name.startsWith(`${d.name}-`));
  return events
    .filter((e) => {
      if (Date.parse(e.lastTimestamp) < since) return false;
      const k = e.involved.kind;
      if (objects.has(`${k}/${e.involved.namespace ?? ''}/${e.involved.name}`)) return true;
      // A pod preempted while the move runs belongs to its story whoever owns it: the scheduler
      // made room for a higher-priority pod, often one of the moved workload's.
      if (k === 'Pod') return podOfMoved(e.involved.namespace, e.involved.name) || e.reason === 'Preempted';
      return k === 'NodeClaim' || k === 'Node' || k === 'NodePool';
    })
    .sort((a, b) => a.lastTimestamp.localeCompare(b.lastTimestamp));
}

export function activityProgress(
  snapshot: Pick<TopologySnapshot, 'nodes' | 'pods' | 'deployments' | 'nodeClaims' | 'events'> & Partial<Pick<TopologySnapshot, 'nodePools'>>,
  activity: Activity,
  /** The server's price table, the one the action's `before` cost was recorded with. */
  prices?: PriceTable,
): ActivityProgress {
  const workloads = new Set(activity.objects.filter((o) => o.kind === 'Deployment').map(workloadOf));
  const nodesByName = new Map<string, NodeInfo>(snapshot.nodes.map((n) => [n.name, n]));
  const onTarget = (pod: PodInfo) => {
    if (!activity.target || !pod.nodeName) return false;
    return nodesByName.get(pod.nodeName)?.labels[activity.target.key] === activity.target.value;
  };
  const pods = snapshot.pods.filter((p) => podBelongs(p, workloads));
  const podKeys = new Set(pods.map((p) => `${p.namespace}/${p.name}`));
  const live = pods.filter((p) => !p.terminating && p.phase !== 'Succeeded' && p.phase !== 'Failed');
  const pendingPods = live.filter((p) => !p.nodeName);
  const events = activityEvents(snapshot.events, activity, podKeys);
  const pendingReasons = pendingPods.map((p) => {
    const latest = [...events].reverse().find((e) => e.involved.kind === 'Pod' && e.involved.name === p.name && e.involved.namespace === p.namespace && e.type === 'Warning');
    return { pod: `${p.namespace}/${p.name}`, reason: latest ? `${latest.reason}: ${latest.message}` : 'waiting for a node' };
  });
  const rollingOut = snapshot.deployments
    .filter((d) => workloads.has(`${d.namespace}/${d.name}`))
    .filter((d) => d.observedGeneration < d.generation || d.updatedReplicas < d.replicas || d.availableReplicas < d.replicas || d.readyReplicas < d.replicas)
    .map((d) => `${d.namespace}/${d.name}`);
  const claimsInFlight = snapshot.nodeClaims.filter((c) => c.stage !== 'Initialized' || c.terminating);
  const nodesTerminating = snapshot.nodes.filter((n) => n.terminating).map((n) => n.name);
  const busyNodes = new Set(snapshot.pods.filter((p) => holdsResources(p) && p.owner?.kind !== 'DaemonSet').map((p) => p.nodeName!));
  // A pool that never consolidates keeps its empty nodes: waiting for them would never end.
  const keeps = new Set((snapshot.nodePools ?? []).filter((p) => p.disruption.consolidateAfter === 'Never').map((p) => p.name));
  const nodesEmpty = snapshot.nodes
    .filter((n) => !n.terminating && n.pool.source === 'karpenter-nodepool' && !keeps.has(n.pool.name) && !busyNodes.has(n.name))
    .map((n) => n.name);
  const oldPodsLeft = live.length > (workloads.size ? snapshot.deployments.filter((d) => workloads.has(`${d.namespace}/${d.name}`)).reduce((s, d) => s + d.replicas, 0) : 0);
  const quiet = claimsInFlight.length === 0 && nodesTerminating.length === 0 && nodesEmpty.length === 0 && pods.every((p) => !p.terminating);
  const settled = quiet && rollingOut.length === 0 && pendingPods.length === 0 && !oldPodsLeft;
  const stuck = quiet && pendingPods.length > 0;
  return {
    pods: {
      total: live.length,
      onTarget: live.filter(onTarget).length,
      running: live.filter((p) => p.phase === 'Running' && p.ready).length,
      pending: pendingPods.length,
      terminating: pods.filter((p) => p.terminating).length,
    },
    rollingOut,
    claimsInFlight,
    nodesTerminating,
    nodesEmpty,
    pendingReasons,
    perPool: poolSamples(snapshot, prices),
    events,
    now: clusterCost(snapshot.nodes, prices),
    settled,
    stuck,
  };
}
