'use client';
// Cluster health as the picker and the cluster list show it: a dot whose colour repeats the words
// beside it (never colour alone), and the query both share, asked again every 15 s.
import { useQuery } from '@tanstack/react-query';
import type { ClusterHealth } from '@/lib/domain/cluster-health';
import { getJson } from '@/lib/client/query-client';

export interface PickerCluster {
  id: string;
  name: string;
  source: string;
  server: string;
}

const DOT: Record<ClusterHealth['state'] | 'unknown', string> = {
  unreachable: 'bg-red-500',
  reachable: 'bg-slate-400',
  syncing: 'bg-amber-400',
  synced: 'bg-emerald-500',
  unknown: 'bg-slate-300 dark:bg-slate-600',
};

export function HealthDot({ health }: { health: ClusterHealth | undefined }) {
  const state = health ? (health.stale ? 'syncing' : health.state) : 'unknown';
  return <span aria-hidden className={`inline-block h-2 w-2 shrink-0 rounded-full ${DOT[state]}`} />;
}

/** Where a cluster is, for a tooltip or a second line. */
export const clusterWhere = (c: PickerCluster) => (c.source === 'sandbox' ? 'Embedded sandbox cluster (simulated EKS Auto Mode)' : c.server || c.source);

/** Health of every cluster, by id (undefined until the first answer). */
export function useClusterHealth(): (id: string) => ClusterHealth | undefined {
  const { data } = useQuery({
    queryKey: ['clusters', 'health'],
    queryFn: ({ signal }) => getJson<{ clusters: Array<PickerCluster & { health: ClusterHealth }> }>('/api/clusters?health=1', signal),
    refetchInterval: 15_000,
  });
  return (id) => data?.clusters.find((c) => c.id === id)?.health;
}

/**
 * Under the header while the current cluster does not answer: its pages would otherwise wait for a
 * first sync that cannot come (the informers keep retrying), with no word of why.
 */
export function ClusterUnreachableNotice({ cluster, name }: { cluster: string; name: string }) {
  const health = useClusterHealth()(cluster);
  if (health?.state !== 'unreachable') return null;
  return (
    <div role="status" data-testid="cluster-unreachable" className="border-b border-red-200 bg-red-50 px-6 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
      <strong>{name}</strong> is unreachable: {health.reason ?? 'no answer'}. Its pages stay empty until it answers; asked again every 15 s.
    </div>
  );
}
