// The taint Karpenter (and EKS Auto Mode) puts on a node it has decided to remove, before it
// drains it: nothing new may land there. The dashboard reads it as "being removed", the sandbox's
// consolidator sets it, and its provisioner does not count a tainted node as room.

export const DISRUPTED_TAINT = Object.freeze({ key: 'karpenter.sh/disrupted', effect: 'NoSchedule' as const });

/** Whether any of the taints is the disrupted taint (whatever its effect). */
export const hasDisruptedTaint = (taints: ReadonlyArray<{ key: string }> | undefined): boolean => (taints ?? []).some((t) => t.key === DISRUPTED_TAINT.key);
