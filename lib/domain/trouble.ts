// What kind of trouble a pod or node is in, and how many of each a node or a lane holds: one
// definition used by the tiles, the dense cells, the lane headers, the trouble filter and the
// "next trouble" key, so they never disagree.
//
// A pod's trouble comes from the transform (`pod.trouble`, the kubelet's or the scheduler's own
// word: CrashLoopBackOff, ImagePullBackOff, OOMKilled…) and from how long it has been going away;
// a node's from its status conditions (Ready not True, a pressure condition True). Cordoned nodes
// are a choice someone made, not trouble; they are marked elsewhere.

import type { NodeInfo, PodInfo } from './model';

export type TroubleKind = 'crash' | 'image' | 'oom' | 'config' | 'failed' | 'unschedulable' | 'not-ready' | 'stuck' | 'node-not-ready' | 'node-pressure';

/** Every kind in the order counts are shown: what needs a person soonest first. */
export const TROUBLE_KINDS: readonly TroubleKind[] = ['node-not-ready', 'node-pressure', 'crash', 'oom', 'image', 'config', 'failed', 'stuck', 'unschedulable', 'not-ready'];

/** Words for a count of one kind (`2 CrashLoopBackOff`); `node` kinds count nodes, the rest pods. */
export const TROUBLE_WORDS: Record<TroubleKind, { label: string; node: boolean }> = {
  crash: { label: 'CrashLoopBackOff', node: false },
  image: { label: 'ImagePullBackOff', node: false },
  oom: { label: 'OOMKilled', node: false },
  config: { label: 'config error', node: false },
  failed: { label: 'Failed', node: false },
  unschedulable: { label: 'Unschedulable', node: false },
  'not-ready': { label: 'pod NotReady', node: false },
  stuck: { label: 'stuck Terminating', node: false },
  'node-not-ready': { label: 'node NotReady', node: true },
  'node-pressure': { label: 'node under pressure', node: true },
};

const POD_REASON_KIND: Record<string, TroubleKind> = {
  CrashLoopBackOff: 'crash',
  RunContainerError: 'crash',
  ImagePullBackOff: 'image',
  ErrImagePull: 'image',
  ErrImageNeverPull: 'image',
  InvalidImageName: 'image',
  OOMKilled: 'oom',
  CreateContainerConfigError: 'config',
  CreateContainerError: 'config',
  Unschedulable: 'unschedulable',
  NotReady: 'not-ready',
};

/**
 * How long past its deletion time (the end of its grace period) a pod may still be there before
 * it counts as stuck: the kubelet kills and reports within seconds; a pod still listed a minute
 * later waits on a finalizer or a node that is gone.
 */
export const STUCK_TERMINATING_MS = 60_000;

/** The kind of trouble a pod is in, or undefined when it is fine (or simply starting or finishing). */
export function podTroubleKind(pod: PodInfo, now: number = Date.now()): TroubleKind | undefined {
  if (pod.terminating) return pod.deleteBy && now - Date.parse(pod.deleteBy) > STUCK_TERMINATING_MS ? 'stuck' : undefined;
  if (!pod.trouble) return undefined;
  return POD_REASON_KIND[pod.trouble] ?? 'failed';
}

/** The pod's trouble in the words a chip shows: the kubelet's reason, or `Terminating (stuck)`. */
export function podTroubleReason(pod: PodInfo, now: number = Date.now()): string | undefined {
  const kind = podTroubleKind(pod, now);
  if (!kind) return undefined;
  return kind === 'stuck' ? 'Terminating (stuck)' : pod.trouble;
}

const PRESSURE = new Set(['MemoryPressure', 'DiskPressure', 'PIDPressure', 'NetworkUnavailable']);

export interface NodeTrouble {
  kind: 'node-not-ready' | 'node-pressure';
  /** The condition in kubectl's words: `NotReady`, `Unknown` (the node stopped reporting), `DiskPressure`. */
  reason: string;
}

/** What is wrong with a node, from its conditions; empty for a healthy node. */
export function nodeTroubles(node: NodeInfo): NodeTrouble[] {
  const out: NodeTrouble[] = [];
  const ready = node.conditions?.find((c) => c.type === 'Ready');
  if (ready ? ready.status !== 'True' : !node.ready) out.push({ kind: 'node-not-ready', reason: ready?.status === 'Unknown' ? 'Unknown' : 'NotReady' });
  for (const c of node.conditions ?? []) if (PRESSURE.has(c.type) && c.status === 'True') out.push({ kind: 'node-pressure', reason: c.type });
  return out;
}

export type TroubleCounts = Partial<Record<TroubleKind, number>>;

/**
 * Troubles by kind over nodes with their pods (a node counts once per kind it is in), and pods
 * bound to no node (`unbound`).
 */
export function countTrouble(entries: Iterable<{ node: NodeInfo; pods: readonly PodInfo[] }>, unbound: readonly PodInfo[] = [], now: number = Date.now()): TroubleCounts {
  const counts: TroubleCounts = {};
  const add = (kind: TroubleKind) => (counts[kind] = (counts[kind] ?? 0) + 1);
  const addPods = (pods: readonly PodInfo[]) => {
    for (const pod of pods) {
      const kind = podTroubleKind(pod, now);
      if (kind) add(kind);
    }
  };
  for (const { node, pods } of entries) {
    for (const kind of new Set(nodeTroubles(node).map((t) => t.kind))) add(kind);
    addPods(pods);
  }
  addPods(unbound);
  return counts;
}

export const totalTrouble = (counts: TroubleCounts): number => Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);

/** The counts in words, most urgent first: `1 node NotReady, 2 CrashLoopBackOff`. */
export function troubleWords(counts: TroubleCounts): string {
  return TROUBLE_KINDS.filter((k) => counts[k])
    .map((k) => `${counts[k]} ${TROUBLE_WORDS[k].label}`)
    .join(', ');
}

/** One troubled pod or node, where the lanes draw it. */
export interface TroubleSpot {
  /** `node:<name>` or `pod:<namespace>/<name>`: tells spots apart across renders. */
  id: string;
  kind: TroubleKind;
  reason: string;
  /** The node to scroll to; absent for a pod bound to no node (shown in the pending list). */
  node?: string;
  pod?: { namespace: string; name: string };
}

/**
 * Every troubled node and pod in the order the lanes draw them (lane by lane, node by node, a
 * node before its pods), then pods bound to no node: the order "next trouble" walks.
 */
export function troubleSpots(lanes: readonly { nodes: readonly { node: NodeInfo; pods: readonly PodInfo[] }[] }[], unbound: readonly PodInfo[] = [], now: number = Date.now()): TroubleSpot[] {
  const out: TroubleSpot[] = [];
  for (const lane of lanes) for (const { node, pods } of lane.nodes) nodeTroubleSpots(node, pods, now, out);
  for (const pod of unbound) podTroubleSpot(pod, undefined, now, out);
  return out;
}

/** A node's spot, if it is in trouble, then its troubled pods' spots, onto `out`. */
export function nodeTroubleSpots(node: NodeInfo, pods: readonly PodInfo[], now: number, out: TroubleSpot[]): TroubleSpot[] {
  const troubles = nodeTroubles(node);
  if (troubles.length) out.push({ id: `node:${node.name}`, kind: troubles[0].kind, reason: troubles.map((t) => t.reason).join(', '), node: node.name });
  for (const pod of pods) podTroubleSpot(pod, node.name, now, out);
  return out;
}

function podTroubleSpot(pod: PodInfo, node: string | undefined, now: number, out: TroubleSpot[]) {
  const kind = podTroubleKind(pod, now);
  if (!kind) return;
  const spot: TroubleSpot = { id: `pod:${pod.namespace}/${pod.name}`, kind, reason: podTroubleReason(pod, now)!, pod: { namespace: pod.namespace, name: pod.name } };
  if (node) spot.node = node;
  out.push(spot);
}

/** The spot after (or before, `step` -1) the one with `currentId`, wrapping around; the first when none is current. */
export function stepSpot(spots: readonly TroubleSpot[], currentId: string | undefined, step: 1 | -1): TroubleSpot | undefined {
  if (spots.length === 0) return undefined;
  const at = currentId === undefined ? -1 : spots.findIndex((s) => s.id === currentId);
  if (at < 0) return step === 1 ? spots[0] : spots[spots.length - 1];
  return spots[(at + step + spots.length) % spots.length];
}
