import { NodePoolEditForm } from '@/components/actions/node-pool-edit-form';

export const dynamic = 'force-dynamic';

export default async function EditNodePoolPage({ params }: { params: Promise<{ cluster: string; name: string }> }) {
  const { cluster, name } = await params;
  const pool = decodeURIComponent(name);
  return (
    <>
      <h1 className="mb-1 text-2xl font-semibold">
        Edit NodePool <span className="font-mono">{pool}</span>
      </h1>
      <p className="mb-6 text-sm text-slate-600 dark:text-slate-300">
        Plan shows the change as a diff and the nodes it would drift; the API server then checks it in a dry run. Apply writes it only if nobody changed the pool since you planned.
      </p>
      <NodePoolEditForm cluster={decodeURIComponent(cluster)} name={pool} />
    </>
  );
}
