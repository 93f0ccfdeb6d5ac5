import { redirect } from 'next/navigation';
import { defaultClusterId } from '@/lib/server/clusters';

export const dynamic = 'force-dynamic';

export default function Home() {
  const cluster = defaultClusterId();
  if (!cluster) {
    return (
      <main className="mx-auto max-w-xl p-10">
        <h1 className="text-xl font-semibold">No cluster configured</h1>
        <p className="mt-2 text-slate-600">
          Set <code>NODELANES_CLUSTER</code> to <code>sandbox</code>, <code>kubeconfig</code> or <code>in-cluster</code> (see the README).
        </p>
      </main>
    );
  }
  redirect(`/clusters/${encodeURIComponent(cluster)}/lanes`);
}
