import { workloadOf, type PendingReason } from '@/lib/domain/lane-view';
import type { PodInfo } from '@/lib/domain/model';
import { PodChip } from '../pod-chip';

/** The first pods drawn; the rest are counted. */
const SHOWN = 50;

interface PendingProps {
  /** Pods bound to no node yet. */
  pods: PodInfo[];
  /** The newest scheduling Event per pod (`namespace/name`). */
  reasons: Map<string, PendingReason>;
  /** `namespace/name` of the highlighted workload. */
  highlight?: string;
  onOpenPod: (pod: PodInfo) => void;
}

/** Pods not on any node yet, each with why: the scheduler's or Auto Mode's latest word on it. */
export function PendingPods({ pods, reasons, highlight, onOpenPod }: PendingProps) {
  if (pods.length === 0) return null;
  return (
    <section aria-labelledby="pending-heading" data-testid="pending" className="rounded-xl border border-amber-300 bg-amber-50/60 p-4 dark:border-amber-800 dark:bg-amber-950/40">
      <h3 id="pending-heading" className="mb-2 text-sm font-semibold text-amber-900 dark:text-amber-100">
        Pending — not on any node yet ({pods.length})
      </h3>
      <ul className="space-y-1">
        {pods.slice(0, SHOWN).map((p) => (
          <PendingPod key={`${p.namespace}/${p.name}`} pod={p} why={reasons.get(`${p.namespace}/${p.name}`)} highlight={highlight} onOpenPod={onOpenPod} />
        ))}
      </ul>
      {pods.length > SHOWN && <p className="mt-1 text-xs">…and {pods.length - SHOWN} more</p>}
    </section>
  );
}

function PendingPod({ pod: p, why, highlight, onOpenPod }: { pod: PodInfo; why?: PendingReason; highlight?: string; onOpenPod: (pod: PodInfo) => void }) {
  return (
    <li className="flex flex-wrap items-center gap-2 text-xs">
      <ul>
        <PodChip pod={p} onOpen={onOpenPod} highlight={highlight ? (workloadOf(p) === highlight ? 'on' : 'off') : undefined} />
      </ul>
      <span data-testid="pending-reason" data-pod={`${p.namespace}/${p.name}`} className="text-amber-900 dark:text-amber-100">
        {why ? (
          <>
            <strong>{why.reason}</strong>: {why.message}
          </>
        ) : (
          'waiting for the scheduler'
        )}
      </span>
    </li>
  );
}
