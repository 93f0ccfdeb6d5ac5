// The objects Auto Mode writes for a new node, built from what was decided: the NodeClaim as the
// provisioner creates it, its status once the instance is up, and the Node the kubelet registers.
// Pure: the caller stores them and moves the claim along (nodeclaim-launch.ts).

import { allocatableOf, capacityOf, instanceLabels, instanceSpec } from '@/lib/domain/instance-types';
import { podRequests } from '@/lib/domain/pod-requests';
import type { Requirement } from '@/lib/domain/requirements';
import type { KObject } from '../store';
import { upsertCondition } from '../conditions';

/**
 * On every NodeClaim and Node Auto Mode makes, as Karpenter puts it there: deleting either (or the
 * NodePool, whose NodeClaims the garbage collector then deletes) only marks it; the node is
 * drained and the instance terminated before both go (the consolidator does it).
 */
export const TERMINATION_FINALIZER = 'karpenter.sh/termination';

export interface ClaimLaunch {
  name: string;
  instanceType: string;
  capacityType: string;
  zone: string;
}

export function condition(type: string, status: string, reason: string, at: string) {
  return { type, status, reason, message: '', lastTransitionTime: at };
}

/** The NodeClaim for the pods, of the NodePool `np`, not launched yet. */
export function newNodeClaim(np: KObject, launch: ClaimLaunch, pods: KObject[], at: string): KObject {
  const { name, instanceType: type, capacityType, zone } = launch;
  const requests = pods.reduce(
    (t, p) => {
      const r = podRequests(p.spec);
      return { cpu: t.cpu + r.cpuMillis, memory: t.memory + r.memoryBytes, pods: t.pods + 1 };
    },
    { cpu: 0, memory: 0, pods: 0 },
  );
  const template = np.spec?.template ?? {};
  return {
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
    status: { conditions: [condition('Launched', 'Unknown', 'NotLaunched', at)] },
  };
}

/** The status of a claim whose instance is running: provider ID, image, capacity. */
export function launchedStatus(claim: KObject, type: string, zone: string, instanceId: string, at: string) {
  const spec = instanceSpec(type)!;
  return {
    ...claim.status,
    providerID: `aws:///${zone}/${instanceId}`,
    imageID: 'ami-0a1b2c3d4e5f60718',
    capacity: quantities(capacityOf(spec)),
    allocatable: quantities(allocatableOf(spec)),
    conditions: upsertCondition(claim.status?.conditions, condition('Launched', 'True', 'Launched', at)),
  };
}

/** The Node the instance registers as, named after it, owned by the claim. */
export function nodeForClaim(claim: KObject, instanceId: string): KObject {
  const zone = claim.metadata.labels?.['topology.kubernetes.io/zone'];
  return {
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
      ownerReferences: [{ apiVersion: 'karpenter.sh/v1', kind: 'NodeClaim', name: claim.metadata.name, uid: claim.metadata.uid!, blockOwnerDeletion: true }],
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

function quantities(r: { cpuMillis: number; memoryBytes: number; pods: number }) {
  return { cpu: `${r.cpuMillis}m`, memory: `${Math.floor(r.memoryBytes / 1024)}Ki`, pods: String(r.pods), 'ephemeral-storage': '80Gi' };
}

/** A claim name in Karpenter's style: the pool's name and five letters, stable per sequence number. */
export function claimName(pool: string, seq: number): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let x = (seq * 7919 + 104729) % 14348907;
  let out = '';
  for (let i = 0; i < 5; i++) {
    out += alphabet[x % alphabet.length];
    x = Math.floor(x / alphabet.length) + i * 31;
  }
  return `${pool}-${out}`;
}

/** An EC2-looking instance ID, stable per sequence number. */
export function instanceIdOf(seq: number): string {
  return `i-0${hex(seq * 2654435761)}${hex(seq * 40503)}`.slice(0, 19);
}

function hex(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}

function nodeIp(instanceId: string): string {
  let h = 0;
  for (const ch of instanceId) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return `10.0.${(h >>> 8) & 127}.${(h & 253) + 1}`;
}
