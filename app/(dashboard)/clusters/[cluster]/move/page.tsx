import { MoveWorkloads } from '@/components/actions/move-workloads';

export const dynamic = 'force-dynamic';

/** `?deployments=apps/a,apps/b` preselects workloads (deep links from the lanes). */
export default async function MovePage({ params, searchParams }: { params: Promise<{ cluster: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { cluster } = await params;
  const query = await searchParams;
  const raw = typeof query.deployments === 'string' ? query.deployments : '';
  const initial = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => /^[a-z0-9-]{1,63}\/[a-z0-9.-]{1,253}$/.test(s))
    .slice(0, 20);
  const target = typeof query.target === 'string' && /^[^=]{1,317}=[^=]{1,63}$/.test(query.target) ? query.target : undefined;
  return (
    <>
      <h1 className="mb-1 text-2xl font-semibold">Move workloads to a pool</h1>
      <p className="mb-6 text-sm text-slate-600 dark:text-slate-300">
        Pins deployments to a pool with a nodeSelector on its node label and tolerations for its taints — planned first, applied as you, dry run before every
        change.
      </p>
      <MoveWorkloads cluster={decodeURIComponent(cluster)} initial={initial} initialTarget={target} />
    </>
  );
}
