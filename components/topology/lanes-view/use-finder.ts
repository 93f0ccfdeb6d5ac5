// The toolbar's suggestions over the whole cluster. The prefix index is built only when someone
// types (at 150,000 pods it takes 0.5–0.9 s on a busy machine, too much for every batch of deltas),
// and rebuilt on a later keystroke once the snapshot has changed and the index is a few seconds old.
import { useCallback, useMemo, useRef } from 'react';
import { buildFindIndex, findByPrefix, nodeLabelKeys, type FindIndex, type Found, type FoundKind } from '@/lib/domain/find-index';
import type { TopologySnapshot } from '@/lib/domain/model';
import { createNamespaceTally, tallyNamespaces } from '@/lib/domain/namespace-tally';

const REBUILD_AFTER_MS = 5_000;

export type Finder = (query: string, limit: number, kinds?: readonly FoundKind[]) => Found[];

export function useFinder(data: TopologySnapshot | undefined) {
  const built = useRef<{ data: TopologySnapshot; index: FindIndex; at: number } | undefined>(undefined);
  const latest = useRef(data);
  latest.current = data;
  const find: Finder = useCallback((query, limit, kinds) => {
    const now = latest.current;
    if (!now || !query.trim()) return [];
    const b = built.current;
    if (!b || (b.data !== now && Date.now() - b.at > REBUILD_AFTER_MS)) {
      built.current = { data: now, index: buildFindIndex(now.nodes, now.pods), at: Date.now() };
    }
    return findByPrefix(built.current!.index, query, limit, kinds);
  }, []);
  // Nodes are few: their label keys are counted again whenever they change.
  const labelKeys = useMemo(() => nodeLabelKeys(data?.nodes ?? []), [data?.nodes]);
  return { find, labelKeys };
}

/** Namespaces of every pod and Deployment; the pods' kept up to date by what each batch changed. */
export function useNamespaces(data: TopologySnapshot | undefined): string[] {
  const tally = useRef(createNamespaceTally());
  const podNamespaces = useMemo(() => (tally.current = tallyNamespaces(tally.current, data?.pods ?? [])).list, [data?.pods]);
  return useMemo(() => {
    const deployments = (data?.deployments ?? []).map((d) => d.namespace).filter((ns) => ns && !podNamespaces.includes(ns));
    return deployments.length ? [...new Set([...podNamespaces, ...deployments])].sort() : podNamespaces;
  }, [podNamespaces, data?.deployments]);
}
