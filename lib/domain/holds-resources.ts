// Which pods take room on a node, as the scheduler's NodeResourcesFit counts them: every pod
// assigned to the node (spec.nodeName set) that is not terminal. Succeeded and Failed pods hold
// nothing; a terminating pod still does, its requests stay reserved until it is gone. The lanes,
// consolidation, the what-if, the sandbox's scheduler and a drain all ask this one question.

/** The two fields the answer depends on, as the model and raw pods both provide them. */
export interface PodPlacementState {
  nodeName?: string | null;
  phase?: string | null;
}

/** A pod as the API writes it (the client's V1Pod, the sandbox's stored object). */
interface RawPod {
  metadata?: unknown;
  spec?: { nodeName?: string | null } | null;
  status?: { phase?: string | null } | null;
}

/** Whether the pod holds resources on its node: bound and not finished. */
export function holdsResources<P extends PodPlacementState>(pod: P): pod is P & { nodeName: string } {
  return Boolean(pod.nodeName) && pod.phase !== 'Succeeded' && pod.phase !== 'Failed';
}

/** The same question of a pod as the API writes it (spec.nodeName, status.phase). */
export function rawPodHoldsResources(pod: RawPod): boolean {
  return holdsResources({ nodeName: pod.spec?.nodeName, phase: pod.status?.phase });
}
