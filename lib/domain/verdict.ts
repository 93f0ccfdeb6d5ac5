// A consolidation verdict as data: what Auto Mode does with a node (its state), why (one closed
// code per rule), and the facts behind it — pods, nodes, durations, prices. The words people read
// (the review page, the CSV, the sandbox's Events) are rendered from these facts in one place,
// verdict-words.ts, so no consumer parses a sentence back into data.

import type { Budget, DisruptionReason } from './disruption-budgets';
import type { Misfit } from './fit';
import type { Replacement } from './replacement';

/** Why a node is (or is not) going: one code per rule consolidation.ts models. */
export type VerdictCode =
  | 'Empty'
  | 'Underutilized'
  | 'Drifted'
  | 'Replace'
  | 'DoNotDisrupt'
  | 'PDB'
  | 'Budget'
  | 'PolicyWhenEmpty'
  | 'ConsolidateNever'
  | 'ManagedNodeGroup'
  | 'NotManaged'
  | 'NoNodePool'
  | 'NotReady'
  | 'Initializing'
  | 'Receiving'
  | 'DoesNotFit'
  | 'Disrupting';

export interface VerdictBlocker {
  /** `namespace/name` of the pod carrying do-not-disrupt or covered by the PDB. */
  pod?: string;
  /** The node itself carries do-not-disrupt. */
  node?: string;
  /** `namespace/name` of the PodDisruptionBudget. */
  pdb?: string;
  budget?: Budget;
  /** When the blocking budget next allows a disruption; absent when it never opens by itself. */
  opensAt?: string;
}

/** For DoesNotFit: the first pod that would not fit on the other nodes, and the scheduler's tally of why. */
export interface VerdictMisfit {
  pod: string;
  /** How many other nodes were tried. */
  nodes: number;
  reasons: Partial<Record<Misfit, number>>;
}

/**
 * `replace`: Auto Mode launches a replacement first, then drains the node: because it drifted,
 * or (code Replace) because its pods fit on one cheaper node of a type its pool allows.
 */
export type VerdictState = 'consolidate' | 'replace' | 'waiting' | 'blocked' | 'keep' | 'disrupting' | 'unmanaged';

/** The facts of a verdict, without its words. */
export interface VerdictFacts {
  node: string;
  pool?: string;
  state: VerdictState;
  code: VerdictCode;
  reason?: DisruptionReason;
  blockedBy?: VerdictBlocker;
  /** For Drifted (and a drifted node held back by a blocker): what drifted. */
  drift?: string;
  /** For ManagedNodeGroup: the group. */
  nodeGroup?: string;
  /** Workload pods on the node (DaemonSet pods not counted). */
  pods?: number;
  /** For Receiving: the node being consolidated whose pods come here. */
  receivingFrom?: string;
  /** For Receiving: that node is still waiting out consolidateAfter (its pods come later). */
  receivingLater?: boolean;
  /** For DoesNotFit. */
  misfit?: VerdictMisfit;
  /** For `waiting`: the pool's consolidateAfter, as written. */
  consolidateAfter?: string;
  /** For `waiting`: when the stabilization period ends. */
  eligibleAt?: string;
  /** For `consolidate` (underutilized): where each pod would go (pod key → node). */
  destinations?: Record<string, string>;
  /**
   * For a node that is not going (kept, blocked, unmanaged, being removed): where each workload
   * pod would go if the node went now, on the nodes that stay after this pass (pod key → node;
   * null where it fits on none of them).
   */
  placement?: Record<string, string | null>;
  /** For Replace: the cheaper node launched instead. */
  replacement?: Replacement;
  /** What removing (or, for Replace, replacing) the node saves per hour. */
  hourlySavings?: number;
}

export interface Verdict extends VerdictFacts {
  /** One sentence for Events and API clients, rendered from the facts (verdictMessage). */
  message: string;
}
