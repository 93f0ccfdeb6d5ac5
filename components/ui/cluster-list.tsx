'use client';
// The front page when a server shows several clusters: each with its health, one link each.
import Link from 'next/link';
import { healthLabel } from '@/lib/domain/cluster-health';
import { HealthDot, clusterWhere, useClusterHealth, type PickerCluster } from './cluster-health';

export function ClusterList({ clusters }: { clusters: PickerCluster[] }) {
  const healthOf = useClusterHealth();
  return (
    <ul aria-label="Clusters" className="mt-4 divide-y divide-slate-200 rounded border border-slate-200 dark:divide-slate-700 dark:border-slate-700">
      {clusters.map((c) => {
        const health = healthOf(c.id);
        return (
          <li key={c.id} data-cluster={c.id} data-health={health?.state ?? 'unknown'}>
            <Link href={`/clusters/${encodeURIComponent(c.id)}/lanes`} className="flex items-start gap-3 px-4 py-3 hover:bg-slate-50 focus-visible:outline-2 dark:hover:bg-slate-800">
              <span className="mt-2">
                <HealthDot health={health} />
              </span>
              <span>
                <span className="block font-medium">{c.name}</span>
                <span data-testid="cluster-health" className={`block text-sm ${health?.state === 'unreachable' ? 'text-red-700 dark:text-red-300' : 'text-slate-600 dark:text-slate-300'}`}>
                  {healthLabel(health)}
                  {health?.version && health.state !== 'unreachable' ? ` · ${health.version}` : ''}
                </span>
                <span className="block text-xs text-slate-500">{clusterWhere(c)}</span>
              </span>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
