import { useMemo } from 'react';
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import type { PodInfo } from '@/lib/domain/model';
import type { LiveState } from '@/lib/client/use-topology';
import type { ClusterAccess } from '@/lib/client/use-access';
import { LiveIndicator } from '../live-indicator';
import { PodChip } from '../pod-chip';
import { UserIdentity } from './user-identity';
import { useScrollMargin } from './use-scroll-margin';

/**
 * Pods per drawn block: a namespace is cut into blocks and only the blocks near the window are
 * drawn, as the lanes are (a namespace can hold tens of thousands of pods; drawing every chip of a
 * 30,000-pod cluster took seconds and kept 30,000 elements alive).
 */
const BLOCK = 200;

interface Block {
  namespace: string;
  /** The namespace's pod count, on its first block only (which shows the heading). */
  total?: number;
  pods: PodInfo[];
  /** The namespace's last block (which closes its border). */
  last?: boolean;
}

/** A user who may list pods in some namespaces but not nodes: their pods by namespace, no lanes. */
export function PodsOnly({ access, pods, live, stale }: { access: ClusterAccess; pods: PodInfo[]; live: LiveState; stale: boolean }) {
  const { blocks, namespaces } = useMemo(() => blocksOf(pods, access), [pods, access]);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-4 text-sm text-slate-600 dark:text-slate-300">
        <LiveIndicator live={live} stale={stale} />
        <span>
          <strong className="tabular-nums">{pods.length}</strong> pods in {namespaces} {namespaces === 1 ? 'namespace' : 'namespaces'}
        </span>
      </div>
      <p role="status" data-testid="nodes-hidden" className="rounded-lg border border-sky-200 bg-sky-50 p-3 text-sm text-sky-900 dark:border-sky-900 dark:bg-sky-950 dark:text-sky-100">
        Nodes and node pools are hidden: the cluster&apos;s RBAC does not let <UserIdentity access={access} /> list nodes. Showing the pods you may
        see.
      </p>
      <VirtualBlocks blocks={blocks} />
    </div>
  );
}

function blocksOf(pods: PodInfo[], access: ClusterAccess): { blocks: Block[]; namespaces: number } {
  const byNamespace = new Map<string, PodInfo[]>();
  for (const pod of pods) {
    const list = byNamespace.get(pod.namespace) ?? [];
    list.push(pod);
    byNamespace.set(pod.namespace, list);
  }
  const namespaces = access.scope.namespaces === 'all' ? [...byNamespace.keys()].sort() : [...access.scope.namespaces].sort();
  const blocks: Block[] = [];
  for (const namespace of namespaces) {
    const list = [...(byNamespace.get(namespace) ?? [])].sort((a, b) => a.name.localeCompare(b.name));
    blocks.push({ namespace, total: list.length, pods: list.slice(0, BLOCK) });
    for (let i = BLOCK; i < list.length; i += BLOCK) blocks.push({ namespace, pods: list.slice(i, i + BLOCK) });
    blocks[blocks.length - 1].last = true;
  }
  return { blocks, namespaces: namespaces.length };
}

function VirtualBlocks({ blocks }: { blocks: Block[] }) {
  const { list, margin } = useScrollMargin<HTMLDivElement>();
  const virtualizer = useWindowVirtualizer({
    count: blocks.length,
    estimateSize: (i) => (blocks[i].total !== undefined ? 48 : 0) + Math.ceil(blocks[i].pods.length / 8) * 28 + 16,
    overscan: 2,
    scrollMargin: margin,
    getItemKey: (i) => `${blocks[i].namespace}/${blocks[i].pods[0]?.name ?? ''}`,
  });
  return (
    <div ref={list} style={{ height: virtualizer.getTotalSize(), position: 'relative' }} data-testid="pods-only">
      {virtualizer.getVirtualItems().map((item) => (
        <div
          key={item.key}
          data-index={item.index}
          ref={virtualizer.measureElement}
          className="absolute inset-x-0 top-0"
          style={{ transform: `translateY(${item.start - virtualizer.options.scrollMargin}px)` }}
        >
          <NamespaceBlock block={blocks[item.index]} />
        </div>
      ))}
    </div>
  );
}

function NamespaceBlock({ block }: { block: Block }) {
  const { namespace: ns, total, pods, last } = block;
  const first = total !== undefined;
  return (
    <section
      data-testid="namespace"
      data-namespace={ns}
      aria-labelledby={first ? `ns-${ns}` : undefined}
      aria-label={first ? undefined : `Namespace ${ns}, continued`}
      className={`border-x border-slate-200 px-4 dark:border-slate-800 ${first ? 'mt-4 rounded-t-xl border-t pt-4' : ''} ${last ? 'rounded-b-xl border-b pb-4' : 'pb-1'}`}
    >
      {first && (
        <h2 id={`ns-${ns}`} className="mb-2 text-sm font-semibold">
          Namespace <span className="font-mono">{ns}</span> <span className="font-normal text-slate-500">({total} pods)</span>
        </h2>
      )}
      {pods.length ? (
        <ul className="flex flex-wrap gap-1">
          {pods.map((p) => (
            <PodChip key={`${p.namespace}/${p.name}`} pod={p} />
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-500">No pods.</p>
      )}
    </section>
  );
}
