import { NodePoolList } from '@/components/actions/node-pool-list';

export const dynamic = 'force-dynamic';

export default async function NodePoolsPage({ params }: { params: Promise<{ cluster: string }> }) {
  const { cluster } = await params;
  return (
    <>
      <h1 className="mb-1 text-2xl font-semibold">Node pools</h1>
      <p className="mb-6 text-sm text-slate-600 dark:text-slate-300">
        EKS Auto Mode / Karpenter NodePools. Auto Mode&apos;s built-in pools can only be enabled or disabled; the ones your team made can be edited here.
      </p>
      <NodePoolList cluster={decodeURIComponent(cluster)} />
    </>
  );
}
