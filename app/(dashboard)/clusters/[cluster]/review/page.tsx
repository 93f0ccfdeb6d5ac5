import { ReviewView } from '@/components/review/review-view';

export const dynamic = 'force-dynamic';

export default async function ReviewPage({ params }: { params: Promise<{ cluster: string }> }) {
  const { cluster } = await params;
  return (
    <>
      <h1 className="mb-1 text-2xl font-semibold">Review before scale-down</h1>
      <p className="mb-4 text-sm text-slate-600 dark:text-slate-300">
        Every node&apos;s consolidation verdict, as Auto Mode judges it: what goes, why, what it saves, and what blocks the rest.
      </p>
      <ReviewView cluster={decodeURIComponent(cluster)} />
    </>
  );
}
