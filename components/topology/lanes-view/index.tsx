'use client';
// The lanes page. Which view it draws depends on how far it got and on what the user may see:
// loading, signed out, an error, nothing visible, pods without nodes, or the lanes board.
import { useEffect } from 'react';
import { BUILT_IN_PRICES, type PriceTable } from '@/lib/domain/pricing';
import { useTopology } from '@/lib/client/use-topology';
import { useLaneView } from '@/lib/client/use-lane-view';
import { ApiRequestError } from '@/lib/client/query-client';
import { useAccess } from '@/lib/client/use-access';
import { useLanesBoard } from './use-lanes-board';
import { LanesBoard } from './lanes-board';
import { LanesSkeleton } from './lanes-skeleton';
import { SignedOut } from './signed-out';
import { LoadError } from './load-error';
import { NothingVisible } from './nothing-visible';
import { PodsOnly } from './pods-only';

/** `prices`: the server's price table (the page passes it in; costs are estimated with it). */
export function LanesView({ cluster, prices = BUILT_IN_PRICES }: { cluster: string; prices?: PriceTable }) {
  const { data, error, isPending, refetch, live, stale, progress, freshAt } = useTopology(cluster);
  const accessQuery = useAccess(cluster);
  const access = accessQuery.data;
  const { refetch: recheckAccess } = accessQuery;
  const [view, update] = useLaneView();
  // An EventSource cannot tell why it lost the stream; asking /me can: a 401 means the session
  // ended, anything else is the cluster or the network.
  useEffect(() => {
    if (live === 'reconnecting') void recheckAccess();
  }, [live, recheckAccess]);
  const sessionEnded = [error, accessQuery.error].some((e) => e instanceof ApiRequestError && e.status === 401);
  const board = useLanesBoard(cluster, data, view, update, prices);

  if (isPending) return <LanesSkeleton progress={progress} />;
  if (sessionEnded) return <SignedOut />;
  if (error) return <LoadError cluster={cluster} error={error} onRetry={() => refetch()} />;
  const { layout } = board;
  if (!layout || !data) return null;
  // No nodes may mean "none visible to you": wait for the answer rather than flash "no nodes".
  if (data.nodes.length === 0 && accessQuery.isPending) return <LanesSkeleton />;
  if (access?.scope.empty) return <NothingVisible access={access} cluster={cluster} />;
  if (access && !access.scope.nodes) return <PodsOnly access={access} pods={data.pods} live={live} stale={stale} />;
  return <LanesBoard cluster={cluster} prices={prices} data={data} view={view} update={update} access={access} live={live} stale={stale} freshAt={freshAt} layout={layout} board={board} />;
}
