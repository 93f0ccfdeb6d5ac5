import type { SyncProgress } from '@/lib/client/use-topology';

const KIND_LABELS: Record<string, string> = {
  nodes: 'nodes',
  pods: 'pods',
  deployments: 'deployments',
  replicasets: 'replica sets',
  nodepools: 'NodePools',
  nodeclasses: 'NodeClasses',
  nodeclaims: 'NodeClaims',
  poddisruptionbudgets: 'PDBs',
  events: 'events',
};

/** The server's first sync, kind by kind: on a large cluster it takes a while, and should be seen to move. */
export function SyncProgressView({ progress }: { progress: SyncProgress }) {
  const order = ['nodes', 'pods', ...Object.keys(progress.kinds).filter((k) => k !== 'nodes' && k !== 'pods')];
  return (
    <div role="status" data-testid="sync-progress" className="rounded-lg border border-slate-200 bg-white p-4 text-sm dark:border-slate-800 dark:bg-slate-900">
      <p className="font-medium">Reading the cluster for the first time…</p>
      <ul className="mt-2 grid grid-cols-2 gap-x-6 gap-y-1 sm:grid-cols-3">
        {order
          .filter((k) => progress.kinds[k])
          .map((k) => (
            <li key={k} data-kind={k} data-listed={progress.kinds[k].listed} data-done={progress.kinds[k].done} className="flex justify-between gap-2 tabular-nums">
              <span className="text-slate-500">{KIND_LABELS[k] ?? k}</span>
              <span>
                {progress.kinds[k].listed.toLocaleString('en-US')} {progress.kinds[k].done ? '✓' : 'listed so far'}
              </span>
            </li>
          ))}
      </ul>
    </div>
  );
}
