'use client';
import { useEffect, useMemo } from 'react';
import { buildLanes, nodeSelectorWarnings } from '@/lib/domain/lanes';
import { hourlyPrice } from '@/lib/domain/instance-types';
import type { NodeInfo, PodInfo } from '@/lib/domain/model';
import { formatHourlyCost } from '@/lib/domain/format';
import { useTopology, type LiveState, type SyncProgress } from '@/lib/client/use-topology';
import { ApiRequestError } from '@/lib/client/query-client';
import { useAccess, type ClusterAccess } from '@/lib/client/use-access';
import { LaneRow } from './lane-row';
import { PodChip } from './pod-chip';
import { LiveIndicator } from './live-indicator';

const priceOf = (n: NodeInfo) => hourlyPrice(n.instanceType, { autoMode: n.labels['eks.amazonaws.com/compute-type'] === 'auto' });

export function LanesView({ cluster }: { cluster: string }) {
  const { data, error, isPending, refetch, live, stale, progress } = useTopology(cluster);
  const accessQuery = useAccess(cluster);
  const access = accessQuery.data;
  const { refetch: recheckAccess } = accessQuery;
  // An EventSource cannot tell why it lost the stream; asking /me can: a 401 means the session
  // ended, anything else is the cluster or the network.
  useEffect(() => {
    if (live === 'reconnecting') void recheckAccess();
  }, [live, recheckAccess]);
  const sessionEnded = [error, accessQuery.error].some((e) => e instanceof ApiRequestError && e.status === 401);
  const layout = useMemo(() => (data ? buildLanes(data, { priceOf }) : undefined), [data]);
  const warnings = useMemo(
    () => (data?.deployments ?? []).flatMap((d) => nodeSelectorWarnings(d.nodeSelector).map((w) => ({ deployment: `${d.namespace}/${d.name}`, ...w }))),
    [data],
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
  if (!layout || !data) return null;
  // No nodes may mean "none visible to you": wait for the answer rather than flash "no nodes".
  if (data.nodes.length === 0 && accessQuery.isPending) return <LanesSkeleton />;
  if (access?.scope.empty) return <NothingVisible access={access} cluster={cluster} />;
  if (access && !access.scope.nodes) return <PodsOnly access={access} pods={data.pods} live={live} stale={stale} />;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-4 text-sm text-slate-600 dark:text-slate-300">
        <LiveIndicator live={live} stale={stale} />
        <span>
          <strong className="tabular-nums">{layout.totals.nodes}</strong> nodes · <strong className="tabular-nums">{layout.totals.pods}</strong> pods ·{' '}
          <strong className="tabular-nums">{layout.lanes.length}</strong> pools
        </span>
        {layout.totals.hourlyCost !== undefined && (
          <span title="Estimated from on-demand list prices (us-east-1)">≈ {formatHourlyCost(layout.totals.hourlyCost)} (estimate)</span>
        )}
      </div>

      {warnings.length > 0 && (
        <div role="status" className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          {warnings.map((w) => (
            <p key={`${w.deployment}-${w.key}`}>
              <strong>{w.deployment}</strong>: {w.message}
            </p>
          ))}
        </div>
      )}

      {layout.unscheduled.length > 0 && (
        <section aria-labelledby="pending-heading" data-testid="pending" className="rounded-xl border border-amber-300 bg-amber-50/60 p-4 dark:border-amber-800 dark:bg-amber-950/40">
          <h3 id="pending-heading" className="mb-2 text-sm font-semibold text-amber-900 dark:text-amber-100">
            Pending — not on any node yet ({layout.unscheduled.length})
          </h3>
          <ul className="flex flex-wrap gap-1">
            {layout.unscheduled.map((p) => (
              <PodChip key={`${p.namespace}/${p.name}`} pod={p} />
            ))}
          </ul>
        </section>
      )}

      {layout.lanes.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-500">This cluster has no nodes.</p>
      ) : (
        layout.lanes.map((lane) => <LaneRow key={lane.id} lane={lane} />)
      )}
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
            <li key={k} data-kind={k} className="flex justify-between gap-2 tabular-nums">
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
