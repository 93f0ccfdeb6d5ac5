'use client';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { buildLanes, createLaneCache, nodeSelectorWarnings, type Lane } from '@/lib/domain/lanes';
import { BUILT_IN_PRICES, nodeHourly, priceTableLabel, type PriceTable } from '@/lib/domain/pricing';
import type { NodeClaimInfo, NodeInfo, PodInfo } from '@/lib/domain/model';
import { formatHourlyCost } from '@/lib/domain/format';
import { filterTopology, ghostClaimsByLane, groupingOf, pendingReasons, workloadOf, type Panel } from '@/lib/domain/lane-view';
import { useTopology, type LiveState, type SyncProgress } from '@/lib/client/use-topology';
import { useLaneView } from '@/lib/client/use-lane-view';
import { ApiRequestError } from '@/lib/client/query-client';
import { useAccess, type ClusterAccess } from '@/lib/client/use-access';
import { useUsage } from '@/lib/client/use-usage';
import { LaneRow } from './lane-row';
import { LaneToolbar } from './lane-toolbar';
import { DetailsPanel } from './details-panel';
import { PodChip } from './pod-chip';
import { LiveIndicator } from './live-indicator';
import { CaughtUpNotice, StaleBanner } from './sync-banners';
import type { TileHandlers } from './node-tile';

const NO_GHOSTS: NodeClaimInfo[] = [];

/** Above this many nodes, `auto` density draws nodes as cells: tiles with every pod do not scale. */
const DENSE_FROM_NODES = 150;

const emptyLane = (id: string, key: string, name: string): Lane => ({
  id,
  key,
  name,
  source: key === 'karpenter.sh/nodepool' ? 'karpenter-nodepool' : 'custom-label',
  system: false,
  instanceTypes: [],
  capacityTypes: [],
  zones: [],
  nodes: [],
  totals: {
    nodes: 0,
    pods: 0,
    allocatable: { cpuMillis: 0, memoryBytes: 0, pods: 0 },
    requested: { cpuMillis: 0, memoryBytes: 0, pods: 0 },
    utilization: { cpu: 0, memory: 0, pods: 0 },
    unpricedNodes: 0,
  },
});

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
  const grouping = groupingOf(view.group);
  const filtered = useMemo(() => (data ? filterTopology(data, view) : undefined), [data, view]);
  // Kept across batches of deltas: only nodes whose objects changed are laid out again, and lanes
  // that did not change keep their identity, so their rows are not drawn again (LaneRow is memo).
  const laneCache = useRef(createLaneCache());
  const priceOf = useCallback((node: NodeInfo) => nodeHourly(node, prices), [prices]);
  const layout = useMemo(() => {
    if (!data || !filtered) return undefined;
    const groupBy = grouping.nameOf ? { key: grouping.key, nameOf: grouping.nameOf } : 'pool';
    const built = buildLanes({ nodes: filtered.nodes, pods: filtered.pods }, { priceOf, groupBy, cache: laneCache.current });
    // NodeClaims on their way show in the lane their node will join, even one with no node yet.
    const ghosts = filtered.podFilter || view.node ? new Map() : ghostClaimsByLane(data.nodeClaims ?? [], data.nodes, grouping);
    const lanes = [...built.lanes];
    for (const id of ghosts.keys()) {
      if (lanes.some((l) => l.id === id)) continue;
      const eq = id.indexOf('=');
      lanes.unshift(emptyLane(id, id.slice(0, eq), id.slice(eq + 1)));
    }
    return { ...built, lanes, ghosts: ghosts as Map<string, NonNullable<typeof data>['nodeClaims']> };
  }, [data, filtered, grouping, view.node, priceOf]);
  const pending = useMemo(() => pendingReasons(data?.events ?? []), [data?.events]);
  const warnings = useMemo(
    () => (data?.deployments ?? []).flatMap((d) => nodeSelectorWarnings(d.nodeSelector).map((w) => ({ deployment: `${d.namespace}/${d.name}`, ...w }))),
    [data?.deployments],
  );
  // From the deployments, which change far less often than pods: recomputing these from 150,000
  // pods on every batch of deltas cost more than drawing the frame.
  const namespaces = useMemo(() => [...new Set((data?.deployments ?? []).map((d) => d.namespace))].sort(), [data?.deployments]);
  const workloads = useMemo(() => (data?.deployments ?? []).map((d) => `${d.namespace}/${d.name}`).sort(), [data?.deployments]);
  const nodePools = useMemo(() => new Map((data?.nodePools ?? []).map((p) => [p.name, p])), [data?.nodePools]);
  const dense = view.density === 'dense' || (view.density === 'auto' && (data?.nodes.length ?? 0) > DENSE_FROM_NODES);
  // Pod usage only for pods on screen: every pod's when chips are drawn, else the open pod's namespace.
  // Not before the topology is in: until then `dense` cannot be known, and asking every pod's
  // usage of a 30,000-pod cluster on each page load held up the server while the page loaded.
  const podScope = !data ? undefined : !dense ? 'all' : view.panel?.kind === 'pod' ? view.panel.namespace : undefined;
  const usageQuery = useUsage(cluster, podScope);
  const usage = usageQuery.data?.available ? usageQuery.data.nodes : undefined;
  const podUsage = usageQuery.data?.pods;

  const openPanel = useCallback((panel: Panel) => update({ panel }), [update]);
  const closePanel = useCallback(() => update({ panel: undefined }), [update]);
  const handlers: TileHandlers = useMemo(
    () => ({
      onOpenNode: (name) => openPanel({ kind: 'node', name }),
      onOpenPod: (pod: PodInfo) => openPanel({ kind: 'pod', namespace: pod.namespace, name: pod.name }),
      highlight: view.highlight,
      selectedNode: view.panel?.kind === 'node' ? view.panel.name : undefined,
      usage,
      podUsage: podUsage?.available ? podUsage.usage : undefined,
    }),
    [openPanel, view.highlight, view.panel, usage, podUsage],
  );

  if (isPending) return <LanesSkeleton progress={progress} />;
  if (sessionEnded) return <SignedOut />;
  if (error) {
    const unavailable = error instanceof ApiRequestError && error.status === 503;
    return (
      <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-6 text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100">
        <p className="font-semibold">{unavailable ? `Cluster “${cluster}” is unreachable` : 'Could not load the cluster'}</p>
        <p className="mt-1">{error.message}</p>
        <button type="button" onClick={() => refetch()} className="mt-3 rounded bg-red-700 px-3 py-1.5 text-white hover:bg-red-800 focus-visible:outline-2">
          Try again
        </button>
      </div>
    );
  }
  if (!layout || !data || !filtered) return null;
  // No nodes may mean "none visible to you": wait for the answer rather than flash "no nodes".
  if (data.nodes.length === 0 && accessQuery.isPending) return <LanesSkeleton />;
  if (access?.scope.empty) return <NothingVisible access={access} cluster={cluster} />;
  if (access && !access.scope.nodes) return <PodsOnly access={access} pods={data.pods} live={live} stale={stale} />;
  const unscheduled = layout.unscheduled;
  const filtering = filtered.podFilter || Boolean(view.node);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-4 text-sm text-slate-600 dark:text-slate-300">
        <LiveIndicator live={live} stale={stale} />
        <span data-testid="summary">
          <strong className="tabular-nums">{layout.totals.nodes}</strong>
          {filtering && <> of {data.nodes.length}</>} nodes · <strong className="tabular-nums">{layout.totals.pods + unscheduled.length}</strong>
          {filtering && <> of {data.pods.length}</>} pods · <strong className="tabular-nums">{layout.lanes.length}</strong> lanes
        </span>
        {layout.totals.hourlyCost !== undefined && (
          <span>
            ≈ {formatHourlyCost(layout.totals.hourlyCost)} (estimate){' '}
            <span data-testid="price-table" className="text-xs text-slate-500">
              · {priceTableLabel(prices)}
            </span>
          </span>
        )}
        {usageQuery.data && (
          <span data-testid="metrics-state" data-available={usageQuery.data.available}>
            {usageQuery.data.available ? 'usage from metrics.k8s.io beside requests' : 'metrics unavailable: requests only'}
          </span>
        )}
      </div>

      {stale ? <StaleBanner freshAt={freshAt} live={live} notes={data.sync} /> : <CaughtUpNotice notes={data.sync} />}

      <LaneToolbar state={view} update={update} namespaces={namespaces} workloads={workloads} selectorError={filtered.selectorError} dense={dense} />

      {warnings.length > 0 && (
        <div role="status" className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          {warnings.map((w) => (
            <p key={`${w.deployment}-${w.key}`}>
              <strong>{w.deployment}</strong>: {w.message}
            </p>
          ))}
        </div>
      )}

      {unscheduled.length > 0 && (
        <section aria-labelledby="pending-heading" data-testid="pending" className="rounded-xl border border-amber-300 bg-amber-50/60 p-4 dark:border-amber-800 dark:bg-amber-950/40">
          <h3 id="pending-heading" className="mb-2 text-sm font-semibold text-amber-900 dark:text-amber-100">
            Pending — not on any node yet ({unscheduled.length})
          </h3>
          <ul className="space-y-1">
            {unscheduled.slice(0, 50).map((p) => {
              const why = pending.get(`${p.namespace}/${p.name}`);
              return (
                <li key={`${p.namespace}/${p.name}`} className="flex flex-wrap items-center gap-2 text-xs">
                  <ul>
                    <PodChip pod={p} onOpen={handlers.onOpenPod} highlight={view.highlight ? (workloadOf(p) === view.highlight ? 'on' : 'off') : undefined} />
                  </ul>
                  <span data-testid="pending-reason" data-pod={`${p.namespace}/${p.name}`} className="text-amber-900 dark:text-amber-100">
                    {why ? (
                      <>
                        <strong>{why.reason}</strong>: {why.message}
                      </>
                    ) : (
                      'waiting for the scheduler'
                    )}
                  </span>
                </li>
              );
            })}
          </ul>
          {unscheduled.length > 50 && <p className="mt-1 text-xs">…and {unscheduled.length - 50} more</p>}
        </section>
      )}

      {layout.lanes.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-500">{filtering ? 'No nodes match these filters.' : 'This cluster has no nodes.'}</p>
      ) : (
        <VirtualLanes
          lanes={layout.lanes}
          render={(lane) => (
            <LaneRow
              lane={lane}
              groupLabel={grouping.id === 'pool' ? undefined : grouping.label}
              nodePool={lane.key === 'karpenter.sh/nodepool' ? nodePools.get(lane.name) : undefined}
              ghosts={layout.ghosts.get(lane.id) ?? NO_GHOSTS}
              dense={dense}
              handlers={handlers}
            />
          )}
        />
      )}

      {view.panel && <DetailsPanel cluster={cluster} panel={view.panel} snapshot={data} access={access} stale={stale} pending={pending} onClose={closePanel} onOpen={openPanel} usage={usage} podUsage={podUsage} />}
    </div>
  );
}

/**
 * Lanes drawn only near the viewport (window scrolling, heights measured as they render), with
 * arrow keys across tiles: left/right within a lane, up/down to the lane above or below, Enter
 * opens a node's details.
 */
function VirtualLanes({ lanes, render }: { lanes: Lane[]; render: (lane: Lane) => React.ReactNode }) {
  const list = useRef<HTMLDivElement>(null);
  const [margin, setMargin] = useState(0);
  useEffect(() => setMargin(list.current?.offsetTop ?? 0), []);
  const virtualizer = useWindowVirtualizer({
    count: lanes.length,
    estimateSize: () => 320,
    // One lane drawn beyond each edge of the window, not four: at 30,000 pods the four cost 1,000
    // more DOM elements on the first render (first lanes 0.69–0.75 s median, against 0.74–1.02 s),
    // and a scroll draws the next lane before it is seen.
    overscan: 1,
    scrollMargin: margin,
    getItemKey: (i) => lanes[i].id,
  });
  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    const tile = (e.target as HTMLElement).closest<HTMLElement>('[data-testid="node"]');
    if (!tile) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      tile.click();
      return;
    }
    const lane = tile.closest<HTMLElement>('[data-lane-index]');
    if (!lane) return;
    const tiles = [...lane.querySelectorAll<HTMLElement>('[data-testid="node"]')];
    const at = tiles.indexOf(tile);
    let next: HTMLElement | undefined;
    if (e.key === 'ArrowRight') next = tiles[at + 1];
    else if (e.key === 'ArrowLeft') next = tiles[at - 1];
    else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const index = Number(lane.dataset.laneIndex) + (e.key === 'ArrowDown' ? 1 : -1);
      if (index < 0 || index >= lanes.length) return;
      virtualizer.scrollToIndex(index, { align: 'auto' });
      e.preventDefault();
      requestAnimationFrame(() => list.current?.querySelector<HTMLElement>(`[data-lane-index="${index}"] [data-testid="node"]`)?.focus());
      return;
    } else return;
    e.preventDefault();
    next?.focus();
    next?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  };
  const items = virtualizer.getVirtualItems();
  return (
    <div ref={list} onKeyDown={onKeyDown} style={{ height: virtualizer.getTotalSize(), position: 'relative' }} data-testid="lanes">
      {items.map((item) => (
        <div
          key={item.key}
          data-index={item.index}
          data-lane-index={item.index}
          ref={virtualizer.measureElement}
          className="absolute inset-x-0 top-0 pb-4"
          style={{ transform: `translateY(${item.start - virtualizer.options.scrollMargin}px)` }}
        >
          {render(lanes[item.index])}
        </div>
      ))}
    </div>
  );
}

/** The session ended (expired, or signed out in another tab): say so rather than show an error. */
function SignedOut() {
  const here = typeof window === 'undefined' ? '/' : `${window.location.pathname}${window.location.search}`;
  return (
    <div role="alert" data-testid="signed-out" className="rounded-lg border border-slate-200 bg-slate-50 p-6 text-sm dark:border-slate-800 dark:bg-slate-900">
      <p className="font-semibold">Your session has ended</p>
      <p className="mt-1 text-slate-600 dark:text-slate-300">Sign in again to keep following the cluster.</p>
      <a href={`/signin?callbackUrl=${encodeURIComponent(here)}`} className="mt-3 inline-block rounded bg-sky-600 px-3 py-1.5 font-medium text-white hover:bg-sky-700 focus-visible:outline-2">
        Sign in
      </a>
    </div>
  );
}

/** Whose rights these are, in words: the groups decide what the cluster's RBAC allows. */
function Identity({ access }: { access: ClusterAccess }) {
  return (
    <>
      <strong>{access.user.name}</strong>
      {access.user.groups.length > 0 && <> (groups {access.user.groups.join(', ')})</>}
    </>
  );
}

function NothingVisible({ access, cluster }: { access: ClusterAccess; cluster: string }) {
  return (
    <div data-testid="nothing-visible" className="rounded-xl border border-dashed border-slate-300 p-8 text-center dark:border-slate-700">
      <p className="font-semibold">Nothing in “{cluster}” is visible to you</p>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-300">
        The cluster&apos;s RBAC lets <Identity access={access} /> list neither nodes nor pods in any namespace. Ask a cluster administrator for a
        RoleBinding if you need to see workloads here.
      </p>
    </div>
  );
}

/** A user who may list pods in some namespaces but not nodes: their pods by namespace, no lanes. */
function PodsOnly({ access, pods, live, stale }: { access: ClusterAccess; pods: PodInfo[]; live: LiveState; stale: boolean }) {
  const byNamespace = new Map<string, typeof pods>();
  for (const pod of pods) {
    const list = byNamespace.get(pod.namespace) ?? [];
    list.push(pod);
    byNamespace.set(pod.namespace, list);
  }
  const namespaces = access.scope.namespaces === 'all' ? [...byNamespace.keys()].sort() : [...access.scope.namespaces].sort();
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-4 text-sm text-slate-600 dark:text-slate-300">
        <LiveIndicator live={live} stale={stale} />
        <span>
          <strong className="tabular-nums">{pods.length}</strong> pods in {namespaces.length} {namespaces.length === 1 ? 'namespace' : 'namespaces'}
        </span>
      </div>
      <p role="status" data-testid="nodes-hidden" className="rounded-lg border border-sky-200 bg-sky-50 p-3 text-sm text-sky-900 dark:border-sky-900 dark:bg-sky-950 dark:text-sky-100">
        Nodes and node pools are hidden: the cluster&apos;s RBAC does not let <Identity access={access} /> list nodes. Showing the pods you may
        see.
      </p>
      {namespaces.map((ns) => {
        const list = (byNamespace.get(ns) ?? []).sort((a, b) => a.name.localeCompare(b.name));
        return (
          <section key={ns} data-testid="namespace" data-namespace={ns} aria-labelledby={`ns-${ns}`} className="rounded-xl border border-slate-200 p-4 dark:border-slate-800">
            <h2 id={`ns-${ns}`} className="mb-2 text-sm font-semibold">
              Namespace <span className="font-mono">{ns}</span> <span className="font-normal text-slate-500">({list.length} pods)</span>
            </h2>
            {list.length ? (
              <ul className="flex flex-wrap gap-1">
                {list.map((p) => (
                  <PodChip key={`${p.namespace}/${p.name}`} pod={p} />
                ))}
              </ul>
            ) : (
              <p className="text-sm text-slate-500">No pods.</p>
            )}
          </section>
        );
      })}
    </div>
  );
}

const KIND_LABELS: Record<string, string> = {
  nodes: 'nodes',
  pods: 'pods',
  deployments: 'deployments',
  replicasets: 'replica sets',
  nodepools: 'NodePools',
  nodeclasses: 'NodeClasses',
  nodeclaims: 'NodeClaims',
  poddisruptionbudgets: 'PDBs',
  events: 'events',
};

/** The server's first sync, kind by kind: on a large cluster it takes a while, and should be seen to move. */
function SyncProgressView({ progress }: { progress: SyncProgress }) {
  const order = ['nodes', 'pods', ...Object.keys(progress.kinds).filter((k) => k !== 'nodes' && k !== 'pods')];
  return (
    <div role="status" data-testid="sync-progress" className="rounded-lg border border-slate-200 bg-white p-4 text-sm dark:border-slate-800 dark:bg-slate-900">
      <p className="font-medium">Reading the cluster for the first time…</p>
      <ul className="mt-2 grid grid-cols-2 gap-x-6 gap-y-1 sm:grid-cols-3">
        {order
          .filter((k) => progress.kinds[k])
          .map((k) => (
            <li key={k} data-kind={k} data-listed={progress.kinds[k].listed} data-done={progress.kinds[k].done} className="flex justify-between gap-2 tabular-nums">
              <span className="text-slate-500">{KIND_LABELS[k] ?? k}</span>
              <span>
                {progress.kinds[k].listed.toLocaleString('en-US')} {progress.kinds[k].done ? '✓' : 'listed so far'}
              </span>
            </li>
          ))}
      </ul>
    </div>
  );
}

function LanesSkeleton({ progress }: { progress?: SyncProgress }) {
  return (
    <div className="space-y-4" aria-busy="true" aria-label="Loading the cluster">
      {progress && !progress.synced && <SyncProgressView progress={progress} />}
      {[0, 1, 2].map((i) => (
        <div key={i} className="h-48 animate-pulse rounded-xl bg-slate-100 dark:bg-slate-800" />
      ))}
    </div>
  );
}
