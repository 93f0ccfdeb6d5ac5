import type { LiveState } from '@/lib/client/use-topology';

export function LiveIndicator({ live, stale }: { live: LiveState; stale: boolean }) {
  // Stale with the stream up means the dashboard's own watches on the API server are down.
  const [dot, text] = stale
    ? ['bg-amber-500', live === 'reconnecting' ? 'Stale — reconnecting' : 'Stale — API server not answering']
    : live === 'live'
      ? ['bg-emerald-500 animate-pulse', 'Live']
      : ['bg-slate-400', 'Connecting'];
  return (
    <span role="status" data-testid="live" data-state={stale ? 'stale' : live} className="inline-flex items-center gap-1.5 font-medium">
      <span className={`h-2 w-2 rounded-full ${dot}`} aria-hidden />
      {text}
    </span>
  );
}
