// The kubelet stand-in: nodes report Ready with addresses and node info; bound pods go
// Pending → ContainerCreating → Running/Ready after short simulated delays; terminating pods go
// away after their grace period (capped so the simulation keeps moving); pods on nodes that no
// longer exist are collected, as the pod GC does. Trouble asked for (sim/container-fate.ts) is
// played out on started pods; a node whose kubelet is switched off (sim/node-lifecycle.ts) has
// its pods left as they are. A deleted pod with finalizers stays until they are removed.
import type { KObject, Store } from '../store';
import type { RecordEvent } from '../events';
import { conditionOf } from '../conditions';
import { allocatableFrom } from '@/lib/domain/instance-types';
import { resourcesOf } from '@/lib/domain/quantities';
import { advanceContainers, fatesOf, kubeletMemoryFor, type KubeletMemory, startContainer } from './container-fate';
import { withContainerReadiness } from './container-status';
import { kubeletMode, writtenBySwitch, type KubeletMode } from './node-lifecycle';
import { podWorkFor } from './pod-work';

/** Simulated seconds from binding to ContainerCreating, and to Running. */
export const START_DELAY = { creating: 1, running: 3 };
/** Longest a terminating pod lingers (simulated seconds). */
export const MAX_GRACE_SECONDS = 5;

const DEFAULT_CAPACITY = { cpu: '4', memory: '16Gi', pods: '110', 'ephemeral-storage': '80Gi' };

export function runKubelet(store: Store, record: RecordEvent, memory: KubeletMemory = kubeletMemoryFor(store)) {
  const now = store.now().getTime();
  const nodes = new Map<string, Readonly<KObject>>();
  // Nodes whose kubelet is switched off (few): the rest run.
  const switched = new Map<string, KubeletMode>();
  for (const n of store.peek('nodes')) {
    nodes.set(n.metadata.name, n);
    if (kubeletMode(n) !== 'running') switched.set(n.metadata.name, kubeletMode(n));
  }
  // A node is readied when it registers, and again once its switch is off; a Ready condition
  // someone else wrote False or Unknown through nodes/status (a test, a node problem) stays.
  for (const n of nodes.values()) {
    if (switched.has(n.metadata.name)) continue;
    const ready = conditionOf(n, 'Ready');
    if (!ready || (ready.status !== 'True' && writtenBySwitch(ready))) readyNode(store, n as KObject, record);
  }

  // Only the pods it may have something to do for (pod-work.ts), not every pod, each pass.
  for (const p of podWorkFor(store).forKubelet() as KObject[]) {
    const nodeName = p.spec?.nodeName;
    if (!nodeName) continue;
    const { namespace, name } = p.metadata;
    if (!nodes.has(nodeName)) {
      store.remove('pods', namespace, name);
      continue;
    }
    // A stopped kubelet does nothing; one whose node is not ready still stops pods, starts none.
    const mode = switched.size ? (switched.get(nodeName) ?? 'running') : 'running';
    if (mode === 'stopped') continue;
    if (p.metadata.deletionTimestamp) {
      const grace = Math.min(p.metadata.deletionGracePeriodSeconds ?? 0, MAX_GRACE_SECONDS);
      const requestedAt = Date.parse(p.metadata.deletionTimestamp) - (p.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
      // Finalizers keep the pod (Terminating) after its containers stopped, until they are removed.
      if (now >= requestedAt + grace * 1000) {
        if (!p.metadata.finalizers?.length) store.remove('pods', namespace, name);
      } else if (!p.metadata.annotations?.['sandbox.nodelanes.dev/killing']) {
        store.update('pods', { ...p, metadata: { ...p.metadata, annotations: { ...p.metadata.annotations, 'sandbox.nodelanes.dev/killing': 'true' } } });
        for (const c of p.spec?.containers ?? []) record(p, 'Normal', 'Killing', `Stopping container ${c.name}`);
      }
      continue;
    }
    if (mode !== 'running' || p.status?.phase !== 'Pending' || p.status?.startTime || waitsOnOther(p)) continue;
    const scheduled = (p.status?.conditions ?? []).find((c: { type: string }) => c.type === 'PodScheduled');
    const since = Date.parse(scheduled?.lastTransitionTime ?? p.metadata.creationTimestamp ?? new Date(now).toISOString());
    const elapsed = (now - since) / 1000;
    if (elapsed >= START_DELAY.running) startPod(store, p, nodes.get(nodeName)!, record, memory);
    else if (elapsed >= START_DELAY.creating && !p.status?.containerStatuses) creating(store, p);
  }
  for (const p of memory.podsWithWork()) {
    const nodeName = p.spec?.nodeName;
    if (nodes.has(nodeName) && !switched.has(nodeName)) advanceContainers(store, p, memory, record);
  }
}

/**
 * A container waiting for a reason this stand-in never writes (ImagePullBackOff written through
 * pods/status): the pod is left as written, not started.
 */
function waitsOnOther(p: Readonly<KObject>): boolean {
  const statuses = [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])];
  return statuses.some((cs: { state?: { waiting?: { reason?: string } } }) => {
    const reason = cs.state?.waiting?.reason;
    return Boolean(reason) && reason !== 'ContainerCreating';
  });
}

function readyNode(store: Store, n: KObject, record: RecordEvent) {
  const t = store.timestamp();
  const capacity = n.status?.capacity ?? DEFAULT_CAPACITY;
  // A node applied without an allocatable gets the kubelet's reservation taken off its capacity.
  const reserved = allocatableFrom(resourcesOf(capacity));
  const allocatable = n.status?.allocatable ?? { ...capacity, cpu: `${reserved.cpuMillis}m`, memory: `${Math.floor(reserved.memoryBytes / 1024)}Ki` };
  const ip = n.status?.addresses?.find((a: { type: string }) => a.type === 'InternalIP')?.address ?? ipFor(n.metadata.name);
  const updated = store.update('nodes', {
    ...n,
    status: {
      ...n.status,
      capacity,
      allocatable,
      addresses: n.status?.addresses ?? [
        { type: 'InternalIP', address: ip },
        { type: 'Hostname', address: n.metadata.name },
      ],
      conditions: [
        { type: 'MemoryPressure', status: 'False', lastHeartbeatTime: t, lastTransitionTime: t, reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
        { type: 'DiskPressure', status: 'False', lastHeartbeatTime: t, lastTransitionTime: t, reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
        { type: 'PIDPressure', status: 'False', lastHeartbeatTime: t, lastTransitionTime: t, reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
        { type: 'Ready', status: 'True', lastHeartbeatTime: t, lastTransitionTime: t, reason: 'KubeletReady', message: 'kubelet is posting ready status' },
      ],
      nodeInfo: {
        machineID: '',
        systemUUID: '',
        bootID: '',
        kernelVersion: '6.1.115-126.197.amzn2023.x86_64',
        osImage: 'Bottlerocket (EKS Auto, Standard) 2025.11.20',
        containerRuntimeVersion: 'containerd://1.7.24+bottlerocket',
        kubeletVersion: 'v1.32.1-eks-sandbox',
        kubeProxyVersion: 'v1.32.1-eks-sandbox',
        operatingSystem: 'linux',
        architecture: n.metadata.labels?.['kubernetes.io/arch'] ?? 'amd64',
        ...n.status?.nodeInfo,
      },
    },
  });
  record(updated, 'Normal', 'NodeReady', `Node ${n.metadata.name} status is now: NodeReady`);
}

function creating(store: Store, p: KObject) {
  store.update('pods', {
    ...p,
    status: {
      ...p.status,
      containerStatuses: (p.spec?.containers ?? []).map((c: { name: string; image: string }) => ({
        name: c.name,
        image: c.image,
        imageID: '',
        ready: false,
        restartCount: 0,
        started: false,
        state: { waiting: { reason: 'ContainerCreating' } },
      })),
    },
  });
}

function startPod(store: Store, p: KObject, node: Readonly<KObject>, record: RecordEvent, memory: KubeletMemory) {
  const t = store.timestamp();
  const hostIP = node.status?.addresses?.find((a: { type: string }) => a.type === 'InternalIP')?.address ?? ipFor(node.metadata.name);
  const podIP = ipFor(`${p.metadata.namespace}/${p.metadata.name}`, '10.0');
  const condition = (type: string) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: t });
  const scheduled = (p.status?.conditions ?? []).find((c: { type: string }) => c.type === 'PodScheduled') ?? condition('PodScheduled');
  const fates = fatesOf(p);
  const containerStatuses = (p.spec?.containers ?? []).map((c: { name: string; image: string }, i: number) => startContainer(p, c, fates[i], memory, record, t));
  const conditions = withContainerReadiness([condition('PodReadyToStartContainers'), condition('Initialized'), condition('Ready'), condition('ContainersReady'), scheduled], containerStatuses, t);
  store.update('pods', {
    ...p,
    status: {
      ...p.status,
      // A pod whose every image fails to pull has no container running: it stays Pending.
      phase: containerStatuses.some((s: { state?: { running?: unknown } }) => s.state?.running) ? 'Running' : 'Pending',
      conditions,
      hostIP,
      hostIPs: [{ ip: hostIP }],
      podIP,
      podIPs: [{ ip: podIP }],
      startTime: t,
      containerStatuses,
    },
  });
}

function ipFor(seed: string, prefix = '10.0'): string {
  let h = 0;
  for (const ch of seed) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return `${prefix}.${(h >>> 8) & 255}.${(h & 253) + 1}`;
}
