import { workloadOf, type PendingReason } from '@/lib/domain/lane-view';
import type { PodInfo } from '@/lib/domain/model';
import { Pager, usePage } from '@/components/ui/pager';
import { PodChip } from '../pod-chip';

/** Pods drawn per page of the list. */
const PAGE = 50;

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
  const { shown, page, pages, setPage } = usePage(pods, PAGE);
  if (pods.length === 0) return null;
  return (
    <section aria-labelledby="pending-heading" data-testid="pending" className="rounded-xl border border-amber-300 bg-amber-50/60 p-4 dark:border-amber-800 dark:bg-amber-950/40">
      <h3 id="pending-heading" className="mb-2 text-sm font-semibold text-amber-900 dark:text-amber-100">
        Pending — not on any node yet ({pods.length})
      </h3>
      <ul className="space-y-1">
        {shown.map((p) => (
          <PendingPod key={`${p.namespace}/${p.name}`} pod={p} why={reasons.get(`${p.namespace}/${p.name}`)} highlight={highlight} onOpenPod={onOpenPod} />
        ))}
      </ul>
      <Pager page={page} pages={pages} size={PAGE} total={pods.length} setPage={setPage} label="Pages of pending pods" testId="pending-pager" />
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
