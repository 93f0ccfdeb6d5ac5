'use client';
import { memo, useEffect, useMemo, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Lane } from '@/lib/domain/lanes';
import type { NodeClaimInfo, NodePoolInfo, PoolSource } from '@/lib/domain/model';
import { formatCpu, formatHourlyCost, formatMemory } from '@/lib/domain/format';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { UtilizationBar } from '@/components/ui/utilization-bar';
import { laneTrouble } from '@/lib/domain/lane-trouble';
import { GhostTile, NodeCell, NodeTile, type TileHandlers } from './node-tile';
import { TroubleCountBadges } from './trouble-marks';

const SOURCES: Record<PoolSource, { label: string; tone: BadgeTone }> = {
  'karpenter-nodepool': { label: 'Auto Mode NodePool', tone: 'violet' },
  'eks-nodegroup': { label: 'Managed node group', tone: 'blue' },
  'eksctl-nodegroup': { label: 'eksctl node group', tone: 'blue' },
  'gke-nodepool': { label: 'GKE node pool', tone: 'green' },
  'aks-agentpool': { label: 'AKS agent pool', tone: 'green' },
  'custom-label': { label: 'Label', tone: 'neutral' },
  none: { label: 'No pool', tone: 'neutral' },
};

/** Tile width plus the gap between tiles (w-72 + gap-3). */
const TILE_STRIDE = 288 + 12;

export interface LaneRowProps {
  lane: Lane;
  /** What the lanes are grouped by, in words, when it is not pools (`Zone`, `Label workload`). */
  groupLabel?: string;
  nodePool?: NodePoolInfo;
  ghosts: NodeClaimInfo[];
  dense: boolean;
  handlers: TileHandlers;
}

function Fact({ label, children, title }: { label: string; children: React.ReactNode; title?: string }) {
  return (
    <div title={title}>
      <dt className="inline text-slate-500 dark:text-slate-400">{label} </dt>
      <dd className="inline font-medium tabular-nums">{children}</dd>
    </div>
  );
}

/** Used of limit, e.g. `12 / 64`; `unlimited` when the pool sets none. */
const ofLimit = (used: string, limit: number | undefined, format: (n: number) => string) => (limit === undefined ? `${used} / unlimited` : `${used} / ${format(limit)}`);

/** Memo: a lane whose Lane object (kept by buildLanes' cache), ghosts and handlers are unchanged is not drawn again. */
export const LaneRow = memo(function LaneRow({ lane, groupLabel, nodePool, ghosts, dense, handlers }: LaneRowProps) {
  const source = groupLabel ? { label: groupLabel, tone: 'neutral' as BadgeTone } : SOURCES[lane.source];
  const { totals } = lane;
  // Kept per laid-out node: a lane a batch changed counts only the nodes it changed.
  const trouble = useMemo(() => laneTrouble([lane]).counts, [lane]);
  const title = lane.name || (groupLabel ? `Nodes without ${groupLabel.startsWith('Label ') ? `label ${lane.key}` : groupLabel.toLowerCase()}` : 'Nodes in no pool');
  return (
    <section
      aria-labelledby={`lane-${lane.id}`}
      data-testid="lane"
      data-lane={lane.name}
      className="rounded-xl border border-slate-200 bg-slate-50/80 p-4 dark:border-slate-800 dark:bg-slate-950/60"
    >
      <header className="mb-3 flex flex-wrap items-center gap-x-6 gap-y-2">
        <div className="flex min-w-56 items-center gap-2">
          <h3 id={`lane-${lane.id}`} className="text-base font-semibold text-slate-900 dark:text-slate-50">
            {title}
          </h3>
          <Badge tone={source.tone}>{source.label}</Badge>
          {lane.system && <Badge tone="neutral">system</Badge>}
          {ghosts.length > 0 && <Badge tone="violet">{ghosts.length} launching</Badge>}
        </div>
        <TroubleCountBadges counts={trouble} testId="lane-trouble" />
        <dl className="flex flex-wrap gap-x-5 gap-y-1 text-xs text-slate-700 dark:text-slate-300">
          {lane.nodeClass && <Fact label="NodeClass">{lane.nodeClass}</Fact>}
          <Fact label="Nodes">{totals.nodes}</Fact>
          <Fact label="Pods">{totals.pods}</Fact>
          <Fact label="Types">{lane.instanceTypes.join(', ') || '—'}</Fact>
          <Fact label="CPU">
            {formatCpu(totals.requested.cpuMillis)} / {formatCpu(totals.allocatable.cpuMillis)}
          </Fact>
          <Fact label="Memory">
            {formatMemory(totals.requested.memoryBytes)} / {formatMemory(totals.allocatable.memoryBytes)}
          </Fact>
          {totals.hourlyCost !== undefined && (
            <Fact label="Est." title="Estimated with the price table named above the lanes, Auto Mode fee included">
              {formatHourlyCost(totals.hourlyCost)}
            </Fact>
          )}
        </dl>
        <div className="ml-auto w-56 space-y-1">
          <UtilizationBar label="cpu" ratio={totals.utilization.cpu} />
          <UtilizationBar label="mem" ratio={totals.utilization.memory} />
        </div>
        {nodePool && (
          <dl data-testid="nodepool-facts" className="flex w-full flex-wrap gap-x-5 gap-y-1 text-xs text-slate-700 dark:text-slate-300">
            <Fact label="Limits CPU" title="The NodePool's nodes (status.resources) against spec.limits">
              {ofLimit(formatCpu(nodePool.resources.cpuMillis), nodePool.limits?.cpuMillis, formatCpu)}
            </Fact>
            <Fact label="Memory">{ofLimit(formatMemory(nodePool.resources.memoryBytes), nodePool.limits?.memoryBytes, formatMemory)}</Fact>
            <Fact label="Consolidation">{nodePool.disruption.consolidationPolicy}</Fact>
            <Fact label="after">{nodePool.disruption.consolidateAfter}</Fact>
            {nodePool.builtIn && <Badge tone="neutral">built-in</Badge>}
          </dl>
        )}
      </header>
      {dense ? <DenseNodes lane={lane} ghosts={ghosts} handlers={handlers} /> : <TileStrip lane={lane} ghosts={ghosts} handlers={handlers} />}
    </section>
  );
});

/**
 * The lane's tiles, virtualized sideways: only the tiles in view (and a few beside) are drawn.
 * Spacers stand in for the rest, so the strip keeps its scroll width and the tallest drawn tile
 * sets its height.
 */
function TileStrip({ lane, ghosts, handlers }: { lane: Lane; ghosts: NodeClaimInfo[]; handlers: TileHandlers }) {
  const scroller = useRef<HTMLDivElement>(null);
  const count = ghosts.length + lane.nodes.length;
  const virtualizer = useVirtualizer({
    horizontal: true,
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => TILE_STRIDE,
    overscan: 4,
    // Before the strip is measured (first paint, tests), draw as many as a wide screen shows.
    initialRect: { width: 1600, height: 400 },
  });
  // A jump to a node of this lane: its tile may be far to the right, not drawn yet.
  const jumpTo = handlers.jumpTo;
  useEffect(() => {
    if (!jumpTo) return;
    const at = lane.nodes.findIndex((n) => n.node.name === jumpTo.node);
    if (at >= 0) virtualizer.scrollToIndex(ghosts.length + at, { align: 'center' });
  }, [jumpTo, lane.nodes, ghosts.length, virtualizer]);
  const items = virtualizer.getVirtualItems();
  const before = items.length ? items[0].start : 0;
  const after = items.length ? virtualizer.getTotalSize() - items[items.length - 1].end : 0;
  if (count === 0) return <p className="text-xs italic text-slate-500">No nodes match.</p>;
  return (
    <div ref={scroller} className="flex gap-3 overflow-x-auto pb-1" data-testid="lane-tiles">
      {before > 0 && <div aria-hidden style={{ width: before - 12, flex: 'none' }} />}
      {items.map((item) =>
        item.index < ghosts.length ? (
          <GhostTile key={ghosts[item.index].name} claim={ghosts[item.index]} dense={false} />
        ) : (
          <NodeTile key={lane.nodes[item.index - ghosts.length].node.name} entry={lane.nodes[item.index - ghosts.length]} handlers={handlers} />
        ),
      )}
      {after > 0 && <div aria-hidden style={{ width: after, flex: 'none' }} />}
    </div>
  );
}

/** Every node as a small cell (a few thousand buttons are cheap; tiles with pods are not). */
function DenseNodes({ lane, ghosts, handlers }: { lane: Lane; ghosts: NodeClaimInfo[]; handlers: TileHandlers }) {
  return (
    <div className="flex flex-wrap gap-1" data-testid="lane-tiles">
      {ghosts.map((c) => (
        <GhostTile key={c.name} claim={c} dense />
      ))}
      {lane.nodes.map((n) => (
        <NodeCell key={n.node.name} entry={n} handlers={handlers} />
      ))}
    </div>
  );
}
