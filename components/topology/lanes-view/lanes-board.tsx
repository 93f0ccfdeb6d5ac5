import { useMemo } from 'react';
import type { NodeClaimInfo, TopologySnapshot } from '@/lib/domain/model';
import type { PriceTable } from '@/lib/domain/pricing';
import type { LaneViewState } from '@/lib/domain/lane-view';
import type { LiveState } from '@/lib/client/use-topology';
import type { ClusterAccess } from '@/lib/client/use-access';
import { LaneRow } from '../lane-row';
import { LaneToolbar } from '../lane-toolbar';
import { CaughtUpNotice, StaleBanner } from '../sync-banners';
import { LanesSummary } from './lanes-summary';
import { SelectorWarnings } from './selector-warnings';
import { PendingPods } from './pending-pods';
import { NoLanes } from './no-lanes';
import { VirtualLanes } from './virtual-lanes';
import { useFoundJump } from './use-found-jump';
import { useTrouble } from './use-trouble';
import { TroubleBar } from './trouble-bar';
import { useOffscreenMarks } from './use-offscreen-marks';
import { DetailsPanel, usePreloadedDetailsPanel } from './lazy-details-panel';
import type { LanesBoardData, LanesLayout, UpdateView } from './use-lanes-board';

const NO_GHOSTS: NodeClaimInfo[] = [];

interface BoardProps {
  cluster: string;
  prices: PriceTable;
  data: TopologySnapshot;
  view: LaneViewState;
  update: UpdateView;
  access?: ClusterAccess;
  live: LiveState;
  stale: boolean;
  freshAt?: number;
  layout: LanesLayout;
  board: LanesBoardData;
}

/** The lanes page proper: the summary, the toolbar, what waits to be scheduled, the lanes, and the open details. */
export function LanesBoard({ cluster, prices, data, view, update, access, live, stale, freshAt, layout, board }: BoardProps) {
  const { grouping, dense } = board;
  const filtering = layout.filtered.podFilter || Boolean(view.node);
  const [jumpTo, onFound, flashNode, jump] = useFoundJump(data, update);
  const trouble = useTrouble(layout, jump, update);
  const offscreen = useOffscreenMarks(layout, trouble, view.highlight, jump);
  const handlers = useMemo(() => (flashNode ? { ...board.handlers, flashNode, jumpTo } : board.handlers), [board.handlers, flashNode, jumpTo]);
  usePreloadedDetailsPanel();
  return (
    <div className="space-y-4">
      <LanesSummary data={data} layout={layout} filtering={filtering} prices={prices} usageAnswer={board.usageAnswer} live={live} stale={stale} />

      {stale ? <StaleBanner freshAt={freshAt} live={live} notes={data.sync} /> : <CaughtUpNotice notes={data.sync} />}

      <LaneToolbar state={view} update={update} namespaces={board.namespaces} find={board.find} labelKeys={board.labelKeys} onFound={onFound} selectorError={layout.filtered.selectorError} dense={dense} />

      <SelectorWarnings warnings={board.warnings} />

      {/* Only when there is trouble to step through or the filter is on: the lanes keep their place otherwise. */}
      {(trouble.spots.length > 0 || view.trouble) && <TroubleBar trouble={trouble} only={Boolean(view.trouble)} onOnly={(only) => update({ trouble: only || undefined })} />}

      <PendingPods pods={layout.unscheduled} reasons={board.pending} highlight={view.highlight} onOpenPod={handlers.onOpenPod} />

      {layout.lanes.length === 0 ? (
        <NoLanes filtering={filtering} />
      ) : (
        <VirtualLanes
          lanes={layout.lanes}
          jumpTo={jumpTo}
          offscreen={offscreen}
          render={(lane) => (
            <LaneRow
              lane={lane}
              groupLabel={grouping.id === 'pool' ? undefined : grouping.label}
              nodePool={lane.key === 'karpenter.sh/nodepool' ? board.nodePools.get(lane.name) : undefined}
              ghosts={layout.ghosts.get(lane.id) ?? NO_GHOSTS}
              dense={dense}
              handlers={handlers}
            />
          )}
        />
      )}

      {view.panel && (
        <DetailsPanel
          cluster={cluster}
          panel={view.panel}
          snapshot={data}
          access={access}
          stale={stale}
          pending={board.pending}
          onClose={board.closePanel}
          onOpen={board.openPanel}
          usage={board.usage}
          podUsage={board.podUsage}
        />
      )}
    </div>
  );
}
