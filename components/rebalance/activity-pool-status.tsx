// For an action that made or changed a NodePool: the pool as the cluster has it now, whether its
// NodeClass is Ready, how many nodes it has, and the way to move workloads to it.
import Link from 'next/link';
import type { TopologySnapshot } from '@/lib/domain/model';
import { Badge } from '@/components/ui/badge';

export function ActivityPoolStatus({ cluster, name, data }: { cluster: string; name: string; data: TopologySnapshot }) {
  const pool = data.nodePools.find((p) => p.name === name);
  const nodeClass = pool && data.nodeClasses.find((c) => c.name === pool.nodeClassRef.name);
  const nodes = data.nodes.filter((n) => n.labels['karpenter.sh/nodepool'] === name).length;
  return (
    <section aria-label={`NodePool ${name}`} data-testid="pool-status" className="rounded-lg border border-slate-200 p-3 text-sm dark:border-slate-700">
      {!pool ? (
        <p>NodePool {name} is gone from the cluster.</p>
      ) : (
        <>
          <p>
            NodePool <strong>{name}</strong> uses NodeClass <strong>{pool.nodeClassRef.name}</strong>:{' '}
            {nodeClass?.ready ? (
              <Badge tone="green">Ready</Badge>
            ) : (
              <Badge tone="amber">{nodeClass ? `not Ready${nodeClass.notReady ? ` — ${nodeClass.notReady.reason}: ${nodeClass.notReady.message}` : ''}` : 'NodeClass missing'}</Badge>
            )}{' '}
            · {nodes} node{nodes === 1 ? '' : 's'}
          </p>
          <p className="mt-1 text-slate-600 dark:text-slate-300">
            Auto Mode launches nodes here when pods need them.{' '}
            <Link className="text-sky-700 underline dark:text-sky-300" href={`/clusters/${encodeURIComponent(cluster)}/move?target=${encodeURIComponent(`eks.amazonaws.com/nodeclass=${pool.nodeClassRef.name}`)}`}>
              Move workloads to it
            </Link>
          </p>
        </>
      )}
    </section>
  );
}
