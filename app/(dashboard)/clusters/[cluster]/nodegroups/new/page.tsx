import { NodegroupForm } from '@/components/actions/nodegroup-form';

export const dynamic = 'force-dynamic';

export default async function NewNodegroupPage({ params }: { params: Promise<{ cluster: string }> }) {
  const { cluster } = await params;
  return (
    <>
      <h1 className="mb-1 text-2xl font-semibold">New managed node group</h1>
      <p className="mb-6 text-sm text-slate-600 dark:text-slate-300">
        An EKS managed node group (what <span className="font-mono">eksctl create nodegroup --managed</span> makes): EC2 instances of the types you pick, kept between the minimum and the
        maximum. Existing nodes never move into it; its new nodes are labelled with its name.
      </p>
      <NodegroupForm cluster={decodeURIComponent(cluster)} />
    </>
  );
}
