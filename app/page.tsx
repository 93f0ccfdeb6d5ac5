import { listClusters } from '@/lib/server/clusters';
import { redirect } from 'next/navigation';
import { ClusterList } from '@/components/ui/cluster-list';

export const dynamic = 'force-dynamic';

/** One cluster: straight to its lanes. Several (a kubeconfig or a clusters file): choose, seeing each one's health. */
export default function Home() {
  const clusters = listClusters();
  if (clusters.length === 0) {
    return (
      <main className="mx-auto max-w-xl p-10">
        <h1 className="text-xl font-semibold">No cluster configured</h1>
        <p className="mt-2 text-slate-600">
          Set <code>NODELANES_CLUSTER</code> to <code>sandbox</code>, <code>kubeconfig</code> or <code>in-cluster</code>, or list clusters in{' '}
          <code>NODELANES_CLUSTERS_FILE</code> (see docs/clusters.md).
        </p>
      </main>
    );
  }
  if (clusters.length === 1) redirect(`/clusters/${encodeURIComponent(clusters[0].id)}/lanes`);
  return (
    <main className="mx-auto max-w-2xl p-10">
      <h1 className="text-xl font-semibold">
        node<span className="text-sky-600">lanes</span>: clusters
      </h1>
      <ClusterList clusters={clusters.map(({ id, name, source, server }) => ({ id, name, source, server }))} />
    </main>
  );
}
