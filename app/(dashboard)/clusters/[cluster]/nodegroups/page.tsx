import { NodegroupList } from '@/components/actions/nodegroup-list';

export const dynamic = 'force-dynamic';

export default async function NodegroupsPage({ params, searchParams }: { params: Promise<{ cluster: string }>; searchParams: Promise<{ created?: string }> }) {
  const { cluster } = await params;
  const { created } = await searchParams;
  return (
    <>
      <h1 className="mb-1 text-2xl font-semibold">Managed node groups</h1>
      <p className="mb-6 text-sm text-slate-600 dark:text-slate-300">EKS managed node groups, from the EKS API, with the nodes that have joined the cluster from each.</p>
      <NodegroupList cluster={decodeURIComponent(cluster)} created={typeof created === 'string' && created ? created : undefined} />
    </>
  );
}
