// What a what-if plan finds, as data — why pods would stay Pending, what blocks new capacity,
// what to fix before pinning — and the words for each, rendered here and nowhere else. The plan
// carries both: the data for clients that branch on it, the words for people.

import type { Misfit } from './fit';
import { WRONG_NODECLASS_KEY } from './pin';
import { causeWords, type ProvisionCause } from './provisioning';

interface Target {
  key: string;
  value: string;
}

/** Why some of a workload's new pods would stay Pending. */
export type PendingCause =
  /** No NodePool can launch a node for them (the first pool's cause, or the limits when a pool is full). */
  | ProvisionCause
  | { code: 'nodegroup-max'; group: string; maxSize: number }
  | { code: 'nodegroup-too-small'; group: string; instanceType: string }
  /** A plain label: no node carries it and nothing launches one. */
  | { code: 'no-labelled-node'; target: Target }
  /** A plain label: its nodes are full and nothing launches another. */
  | { code: 'no-room'; target: Target; misfits: Misfit[] };

/** Why capacity cannot be added, once per cause. */
export type PlanBlock =
  | { code: 'limits'; pool: string }
  | { code: 'incompatible'; cause: ProvisionCause }
  | { code: 'nodegroup-max'; group: string; maxSize: number }
  | { code: 'no-pool'; target: Target };

/** Something to fix before pinning, or the pods stay Pending. */
export type PlanNotice =
  | { code: 'wrong-nodeclass-key' }
  | { code: 'no-target-nodes'; target: Target }
  /** The workload keeps node selectors the target's nodes do not carry. */
  | { code: 'stranded-selector'; workload: string; selectors: Array<[string, string]>; target: Target };

export function pendingWords(c: PendingCause): string {
  switch (c.code) {
    case 'nodegroup-max':
      return `node group ${c.group} is at its max size (${c.maxSize}); raise maxSize to fit more`;
    case 'nodegroup-too-small':
      return `does not fit a ${c.instanceType} of node group ${c.group}`;
    case 'no-labelled-node':
      return `no node has ${c.target.key}=${c.target.value}, and nothing would launch one`;
    case 'no-room':
      return `no node with ${c.target.key}=${c.target.value} has room (${c.misfits.join(', ') || 'no fit'}), and nothing would launch another`;
    default:
      return causeWords(c);
  }
}

export function blockWords(b: PlanBlock): string {
  switch (b.code) {
    case 'limits':
      return causeWords({ code: 'over-limits', pool: b.pool });
    case 'incompatible':
      return causeWords(b.cause);
    case 'nodegroup-max':
      return `Node group ${b.group} is at its max size (${b.maxSize}).`;
    case 'no-pool':
      return `Nothing launches nodes with ${b.target.key}=${b.target.value}: only existing nodes can take the pods.`;
  }
}

export function noticeWords(n: PlanNotice): string {
  switch (n.code) {
    case 'wrong-nodeclass-key':
      return `"${WRONG_NODECLASS_KEY}" is not a label any node carries: Auto Mode labels nodes "eks.amazonaws.com/nodeclass". Pods selecting it stay Pending.`;
    case 'no-target-nodes':
      return `No node has ${n.target.key}=${n.target.value} and no pool would create one: the pods would stay Pending.`;
    case 'stranded-selector':
      return `${n.workload} keeps nodeSelector ${n.selectors.map(([k, v]) => `${k}=${v}`).join(', ')}, which the nodes of ${n.target.key}=${n.target.value} do not carry: its pods would stay Pending. Remove that selector, or label the pool's nodes, first.`;
  }
}
