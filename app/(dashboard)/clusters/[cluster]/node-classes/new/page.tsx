import { NodeClassForm } from '@/components/actions/node-class-form';

export const dynamic = 'force-dynamic';

export default async function NewNodeClassPage({ params }: { params: Promise<{ cluster: string }> }) {
  const { cluster } = await params;
  return (
    <>
      <h1 className="mb-1 text-2xl font-semibold">New node class</h1>
      <p className="mb-6 text-sm text-slate-600 dark:text-slate-300">
        An EKS Auto Mode NodeClass and the NodePool that uses it. Instance types belong to the NodePool; the NodeClass says how nodes launch (role, network,
        storage).
      </p>
      <NodeClassForm cluster={decodeURIComponent(cluster)} />
    </>
  );
}
