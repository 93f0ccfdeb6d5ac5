import type { SyncProgress } from '@/lib/client/use-topology';
import { SyncProgressView } from './sync-progress';

/** Placeholder lanes while the topology (or who may see it) is on its way, with the first sync's progress. */
export function LanesSkeleton({ progress }: { progress?: SyncProgress }) {
  return (
    <div className="space-y-4" aria-busy="true" aria-label="Loading the cluster">
      {progress && !progress.synced && <SyncProgressView progress={progress} />}
      {[0, 1, 2].map((i) => (
        <div key={i} className="h-48 animate-pulse rounded-xl bg-slate-100 dark:bg-slate-800" />
      ))}
    </div>
  );
}
