import Link from 'next/link';
import { Suspense } from 'react';
import { headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { listClusters } from '@/lib/server/clusters';
import { authMode, currentUserFromHeaders } from '@/lib/server/auth';
import { UserMenu } from '@/components/auth/user-menu';
import { ClusterNav } from '@/components/ui/cluster-nav';
import { ClusterPicker } from '@/components/ui/cluster-picker';
import { ClusterUnreachableNotice } from '@/components/ui/cluster-health';

export const dynamic = 'force-dynamic';

/** Every page of a cluster: who you are, which cluster, where you can go. */
export default async function ClusterLayout({ children, params }: { children: React.ReactNode; params: Promise<{ cluster: string }> }) {
  const { cluster } = await params;
  const id = decodeURIComponent(cluster);
  const mode = authMode();
  const user = await currentUserFromHeaders(await headers());
  // proxy.ts redirects first; this holds even if its matcher ever misses a page.
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(`/clusters/${encodeURIComponent(id)}/lanes`)}`);
  const clusters = listClusters();
  const current = clusters.find((c) => c.id === id);
  if (!current) notFound();
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white px-6 py-3 dark:border-slate-800 dark:bg-slate-900">
        <div className="flex flex-wrap items-center gap-4">
          <Link href="/" className="text-lg font-bold tracking-tight text-slate-900 dark:text-white">
            node<span className="text-sky-600">lanes</span>
          </Link>
          {/* useSearchParams (the picker keeps the view's filters) wants a boundary of its own. */}
          <Suspense fallback={<span className="text-sm font-medium">{current.name}</span>}>
            <ClusterPicker clusters={clusters.map(({ id: cid, name, source, server }) => ({ id: cid, name, source, server }))} current={id} />
          </Suspense>
          <ClusterNav cluster={id} />
          <span className="ml-auto hidden text-xs text-slate-500 2xl:inline">{current.source === 'sandbox' ? 'Embedded sandbox cluster (simulated EKS Auto Mode)' : current.server}</span>
          <span className="ml-auto 2xl:ml-0">
            <UserMenu mode={mode} user={{ name: user.name, groups: user.groups, ...(user.email ? { email: user.email } : {}) }} />
          </span>
        </div>
      </header>
      <ClusterUnreachableNotice cluster={id} name={current.name} />
      <main className="mx-auto max-w-[1600px] px-6 py-6">{children}</main>
    </div>
  );
}
