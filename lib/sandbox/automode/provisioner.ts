// The Auto Mode provisioner: pods the scheduler could not place → a provisioning plan over the
// NodePools (lib/domain/provisioning) → NodeClaims that go Launched → Registered → Initialized over
// simulated time, each ending in a Node with the labels, taints and capacity a real Auto Mode node
// has. The scheduler then places the pods on the new nodes by itself.

import { planProvisioning, type InstanceOffering, type PendingPod, type ProvisionPool } from '@/lib/domain/provisioning';
import { allocatableOf, capacityOf, instanceLabels, instanceSpec } from '@/lib/domain/instance-types';
import { offeringCatalog, provisionPoolOf } from '@/lib/domain/provision-pools';
import type { Requirement } from '@/lib/domain/requirements';
import { transformNode, transformNodeClaim, transformNodePool } from '@/lib/domain/transform';
import type { KObject, Store } from '../store';
import type { SimTimer } from '../sim/clock';
import { SUBNETS } from '../eks/cluster';
import type { RecordEvent } from '../events';
import { isNodeClassReady } from './nodeclasses';
import { hasTrueCondition, upsertCondition } from '../conditions';
import { fitNode, fitPod, podKey, podsByNode } from './shapes';
import { podRequests } from '@/lib/domain/pod-requests';
import { misfit, placedPod, PlacementIndex } from '@/lib/domain/fit';
import { hasDisruptedTaint } from '@/lib/domain/disrupted-taint';

export const NODEPOOLS = 'karpenter.sh/nodepools';
export const NODECLAIMS = 'karpenter.sh/nodeclaims';
/**
 * On every NodeClaim and Node Auto Mode makes, as Karpenter puts it there: deleting either (or the
 * NodePool, whose NodeClaims the garbage collector then deletes) only marks it; the node is
 * drained and the instance terminated before both go (the consolidator does it).
 */
export const TERMINATION_FINALIZER = 'karpenter.sh/termination';
export const NODECLASSES = 'eks.amazonaws.com/nodeclasses';

/** Simulated seconds between the steps of a NodeClaim's life (EC2 launch, kubelet join, ready). */
export const LAUNCH_DELAY = { launched: 3, registered: 15, initialized: 5 };
/** Karpenter batches pending pods for a short idle window before it plans. */
const BATCH_SECONDS = 2;

const CATALOG: InstanceOffering[] = offeringCatalog([...new Set(Object.values(SUBNETS))]);

export interface Provisioner {
  /** Plans and launches for whatever is pending now (also runs on its own every few seconds). */
  reconcile(): void;
  /**
   * Launches nodes for pods that must move before their node goes (drift replacement: the
   * replacement first, then the drain), planned exactly as if they were pending. Returns the
   * NodeClaims launched; the pods are nominated to them.
   */
  launchFor(pods: KObject[]): string[];
  stop(): void;
}

export function startProvisioner(store: Store, clock: SimTimer, record: RecordEvent): Provisioner {
  let stopped = false;
  let seq = 0;
  // Pods already promised to a NodeClaim in flight, so they don't launch a second node.
  const nominated = new Map<string, string>();
  const reported = new Map<string, string>();

  const tick = () => {
    if (stopped) return;
    try {
      reconcile();
    } catch (err) {
      console.error('[sandbox] provisioner failed', err);
    }
    clock.setTimeout(tick, BATCH_SECONDS * 1000);
  };

  function reconcile() {
    const claims = store.list(NODECLAIMS);
    const liveClaims = new Set(claims.filter((c) => !isInitialized(c)).map((c) => c.metadata.name));
    for (const [pod, claim] of nominated) if (!liveClaims.has(claim)) nominated.delete(pod);

    const pods = store.list('pods');
    const pending = stillUnplaceable(
      pods.filter((p) => isUnschedulable(p) && !nominated.has(podKey(p))),
      store.list('nodes'),
      pods,
    );
    if (pending.length === 0) return;
    launch(pending, claims);
  }

  function launchFor(pods: KObject[]): string[] {
    // Pods still running somewhere are not Pending: no FailedScheduling about them.
    return launch(pods, store.list(NODECLAIMS), false);
  }

  function launch(pending: KObject[], claims: KObject[], report = true): string[] {
    const launchedClaims: string[] = [];
    const classes = new Map(store.list(NODECLASSES).map((nc) => [nc.metadata.name, nc]));
    // The planner sees the pools exactly as the dashboard's what-if plan does: through the compact model.
    const nodeInfos = [...store.peek('nodes')].map(transformNode);
    const claimInfos = claims.map(transformNodeClaim);
    const pools: ProvisionPool[] = [];
    for (const np of store.list(NODEPOOLS)) {
      const className = np.spec?.template?.spec?.nodeClassRef?.name;
      if (!isNodeClassReady(classes.get(className))) {
        record(np, 'Warning', 'NodeClassNotReady', `NodeClass "${className}" is not ready; no nodes will launch for NodePool ${np.metadata.name}`);
        continue;
      }
      pools.push(provisionPoolOf(transformNodePool(np), nodeInfos, claimInfos));
    }
    const byNode = podsByNode(store.list('pods'));
    const placed = store.list('nodes').map((n) => fitNode(n, byNode.get(n.metadata.name) ?? []));
    const plan = planProvisioning(pending.map(pendingPod), pools, CATALOG, placed);
    const byKey = new Map(pending.map((p) => [podKey(p), p]));
    for (const claim of plan.claims) {
      const np = store.get(NODEPOOLS, undefined, claim.pool)!;
      const created = createClaim(np, claim.instanceType, claim.capacityType, claim.zone, claim.pods.map((k) => byKey.get(k)!));
      launchedClaims.push(created.metadata.name);
      for (const k of claim.pods) {
        nominated.set(k, created.metadata.name);
        record(byKey.get(k)!, 'Normal', 'Nominated', `Pod should schedule on: nodeclaim/${created.metadata.name}`);
      }
    }
    for (const { pod, reasons } of report ? plan.unprovisionable : []) {
      const message = `Failed to schedule pod, ${reasons.map(lowerFirst).join('; ')}`;
      if (reported.get(pod) === message) continue;
      reported.set(pod, message);
      record(byKey.get(pod)!, 'Warning', 'FailedScheduling', message);
    }
    return launchedClaims;
  }

  function createClaim(np: KObject, type: string, capacityType: string, zone: string, pods: KObject[]): KObject {
    const spec = instanceSpec(type)!;
    const name = `${np.metadata.name}-${suffix(++seq)}`;
    const requests = pods.reduce(
      (t, p) => {
        const r = podRequests(p.spec);
        return { cpu: t.cpu + r.cpuMillis, memory: t.memory + r.memoryBytes, pods: t.pods + 1 };
      },
      { cpu: 0, memory: 0, pods: 0 },
    );
    const template = np.spec?.template ?? {};
    const claim = store.create(
      NODECLAIMS,
      {
        apiVersion: 'karpenter.sh/v1',
        kind: 'NodeClaim',
        metadata: {
          name,
          labels: { ...nodeLabels(np, type, capacityType, zone) },
          annotations: { 'karpenter.sh/nodepool-hash': '1', 'compatibility.karpenter.sh/v1beta1-nodeclass-reference': '' },
          ownerReferences: [{ apiVersion: 'karpenter.sh/v1', kind: 'NodePool', name: np.metadata.name, uid: np.metadata.uid!, blockOwnerDeletion: true }],
          finalizers: [TERMINATION_FINALIZER],
        },
        spec: {
          nodeClassRef: template.spec?.nodeClassRef,
          requirements: [
            ...(template.spec?.requirements ?? []).filter((r: Requirement) => r.key !== 'node.kubernetes.io/instance-type'),
            { key: 'node.kubernetes.io/instance-type', operator: 'In', values: [type] },
          ],
          resources: { requests: { cpu: `${requests.cpu}m`, memory: `${Math.ceil(requests.memory / 1024 ** 2)}Mi`, pods: String(requests.pods) } },
          ...(template.spec?.taints ? { taints: template.spec.taints } : {}),
          expireAfter: template.spec?.expireAfter ?? '336h',
        },
        status: { conditions: [condition('Launched', 'Unknown', 'NotLaunched', store)] },
      },
      { generation: true },
    );
    record(claim, 'Normal', 'Launching', `Launching NodeClaim: ${type} (${capacityType}) in ${zone} for ${pods.length} pod(s)`);
    const instanceId = `i-0${hex(seq * 2654435761)}${hex(seq * 40503)}`.slice(0, 19);
    clock.setTimeout(() => launched(name, spec.type, zone, instanceId), LAUNCH_DELAY.launched * 1000);
    return claim;
  }

  /** The NodeClaim whose next launch step is due, unless it is gone or deleted meanwhile (the consolidator lets that one go). */
  function launching(name: string): KObject | undefined {
    const claim = store.get(NODECLAIMS, undefined, name);
    return claim && !stopped && !claim.metadata.deletionTimestamp ? claim : undefined;
  }

  function launched(name: string, type: string, zone: string, instanceId: string) {
    const claim = launching(name);
    if (!claim) return;
    const spec = instanceSpec(type)!;
    const capacity = capacityOf(spec);
    const allocatable = allocatableOf(spec);
    const next = {
      ...claim,
      status: {
        ...claim.status,
        providerID: `aws:///${zone}/${instanceId}`,
        imageID: 'ami-0a1b2c3d4e5f60718',
        capacity: quantities(capacity),
        allocatable: quantities(allocatable),
        conditions: upsertCondition(claim.status?.conditions, condition('Launched', 'True', 'Launched', store)),
      },
    };
    const saved = store.update(NODECLAIMS, next);
    record(saved, 'Normal', 'Launched', `Status condition transitioned, Type: Launched, Status: True, Reason: Launched (${type}, ${instanceId})`);
    clock.setTimeout(() => registered(name, instanceId), LAUNCH_DELAY.registered * 1000);
  }

  function registered(name: string, instanceId: string) {
    const claim = launching(name);
    if (!claim) return;
    const zone = claim.metadata.labels?.['topology.kubernetes.io/zone'];
    const node = store.create('nodes', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: instanceId,
        labels: {
          ...claim.metadata.labels,
          'kubernetes.io/hostname': instanceId,
          'karpenter.sh/registered': 'true',
          'topology.k8s.aws/zone-id': `use1-az${zone?.endsWith('a') ? 1 : zone?.endsWith('b') ? 2 : 4}`,
        },
        annotations: { 'karpenter.sh/nodepool-hash': '1', 'alpha.kubernetes.io/provided-node-ip': nodeIp(instanceId) },
        ownerReferences: [{ apiVersion: 'karpenter.sh/v1', kind: 'NodeClaim', name, uid: claim.metadata.uid!, blockOwnerDeletion: true }],
        finalizers: [TERMINATION_FINALIZER],
      },
      spec: {
        providerID: claim.status.providerID,
        ...(claim.spec?.taints?.length ? { taints: claim.spec.taints } : {}),
      },
      status: {
        capacity: claim.status.capacity,
        allocatable: claim.status.allocatable,
        addresses: [
          { type: 'InternalIP', address: nodeIp(instanceId) },
          { type: 'Hostname', address: instanceId },
        ],
      },
    });
    const saved = store.update(NODECLAIMS, {
      ...claim,
      status: { ...claim.status, nodeName: node.metadata.name, conditions: upsertCondition(claim.status?.conditions, condition('Registered', 'True', 'Registered', store)) },
    });
    record(saved, 'Normal', 'Registered', `Status condition transitioned, Type: Registered, Status: True, Reason: Registered (node ${node.metadata.name})`);
    clock.setTimeout(() => initialized(name), LAUNCH_DELAY.initialized * 1000);
  }

  function initialized(name: string) {
    const claim = launching(name);
    if (!claim) return;
    const node = store.get('nodes', undefined, claim.status?.nodeName);
    if (node) store.update('nodes', { ...node, metadata: { ...node.metadata, labels: { ...node.metadata.labels, 'karpenter.sh/initialized': 'true' } } });
    const conditions = [condition('Initialized', 'True', 'Initialized', store), condition('Ready', 'True', 'Ready', store)].reduce(
      (list, c) => upsertCondition(list, c),
      claim.status?.conditions,
    );
    const saved = store.update(NODECLAIMS, { ...claim, status: { ...claim.status, conditions } });
    record(saved, 'Normal', 'Initialized', 'Status condition transitioned, Type: Initialized, Status: True, Reason: Initialized');
  }

  tick();
  return {
    reconcile,
    launchFor,
    stop() {
      stopped = true;
    },
  };
}

function nodeLabels(np: KObject, type: string, capacityType: string, zone: string): Record<string, string> {
  const spec = instanceSpec(type)!;
  return {
    ...(np.spec?.template?.metadata?.labels ?? {}),
    ...instanceLabels(spec),
    'karpenter.sh/nodepool': np.metadata.name,
    'eks.amazonaws.com/nodeclass': np.spec?.template?.spec?.nodeClassRef?.name,
    'eks.amazonaws.com/compute-type': 'auto',
    'karpenter.sh/capacity-type': capacityType,
    'topology.kubernetes.io/zone': zone,
    'topology.kubernetes.io/region': 'us-east-1',
    'beta.kubernetes.io/instance-type': type,
  };
}

function pendingPod(p: KObject): PendingPod {
  return fitPod(p);
}

/**
 * Pods that would not fit even on existing nodes that are still starting up: like Karpenter, only
 * capacity nothing in the cluster can provide is worth a new node.
 */
function stillUnplaceable(pending: KObject[], nodes: KObject[], pods: KObject[]): KObject[] {
  const byNode = podsByNode(pods);
  const capacity = nodes
    .filter((n) => !n.metadata.deletionTimestamp && !hasDisruptedTaint(n.spec?.taints))
    .map((n) => ({ ...fitNode(n, byNode.get(n.metadata.name) ?? []), schedulable: !n.spec?.unschedulable }));
  const index = new PlacementIndex(capacity);
  const out: KObject[] = [];
  const biggestFirst = [...pending].sort((a, b) => podRequests(b.spec).cpuMillis - podRequests(a.spec).cpuMillis);
  for (const p of biggestFirst) {
    const f = fitPod(p);
    const node = capacity.find((n) => !misfit(f, n, index));
    if (!node) {
      out.push(p);
      continue;
    }
    node.used.cpuMillis += f.requests.cpuMillis;
    node.used.memoryBytes += f.requests.memoryBytes;
    node.used.pods += 1;
    index.add(placedPod(f), node);
  }
  return out;
}

/** Pending, not being deleted, and marked unschedulable by the scheduler. */
export function isUnschedulable(p: KObject): boolean {
  if (p.spec?.nodeName || p.metadata.deletionTimestamp || p.status?.phase !== 'Pending') return false;
  if (p.spec?.schedulerName && p.spec.schedulerName !== 'default-scheduler') return false;
  return (p.status?.conditions ?? []).some(
    (c: { type: string; status: string; reason?: string }) => c.type === 'PodScheduled' && c.status === 'False' && c.reason === 'Unschedulable',
  );
}

export function isInitialized(claim: KObject): boolean {
  return hasTrueCondition(claim, 'Initialized');
}

function condition(type: string, status: string, reason: string, store: Store) {
  return { type, status, reason, message: '', lastTransitionTime: store.timestamp() };
}


function quantities(r: { cpuMillis: number; memoryBytes: number; pods: number }) {
  return { cpu: `${r.cpuMillis}m`, memory: `${Math.floor(r.memoryBytes / 1024)}Ki`, pods: String(r.pods), 'ephemeral-storage': '80Gi' };
}

function suffix(n: number): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let x = (n * 7919 + 104729) % 14348907;
  let out = '';
  for (let i = 0; i < 5; i++) {
    out += alphabet[x % alphabet.length];
    x = Math.floor(x / alphabet.length) + i * 31;
  }
  return out;
}

function hex(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}

function nodeIp(instanceId: string): string {
  let h = 0;
  for (const ch of instanceId) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return `10.0.${(h >>> 8) & 127}.${(h & 253) + 1}`;
}

function lowerFirst(s: string): string {
  return s.replace(/^NodePool /, 'incompatible with nodepool ').replace(/^(\w)/, (c) => c.toLowerCase());
}
