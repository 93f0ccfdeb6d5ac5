'use client';
// The lanes page's state lives in the URL (lib/domain/lane-view.ts reads and writes it): choices
// that change what the page is about (grouping, an opened panel) push a history entry, so the back
// button undoes them; typing in a filter replaces the entry, so back does not replay keystrokes.
import { useCallback, useMemo } from 'react';
import { usePathname, useSearchParams } from 'next/navigation';
import { parseViewState, viewSearch, type LaneViewState } from '@/lib/domain/lane-view';

export function useLaneView(): [LaneViewState, (patch: Partial<LaneViewState>, mode?: 'push' | 'replace') => void] {
  const params = useSearchParams();
  const pathname = usePathname();
  const state = useMemo(() => parseViewState(params), [params]);
  const update = useCallback(
    (patch: Partial<LaneViewState>, mode: 'push' | 'replace' = 'push') => {
      const next = { ...parseViewState(new URLSearchParams(window.location.search)), ...patch };
      for (const key of Object.keys(patch) as (keyof LaneViewState)[]) if (patch[key] === undefined) delete next[key];
      const url = `${pathname}${viewSearch(next)}`;
      // Next keeps useSearchParams in step with the History API, without a server round trip.
      if (mode === 'push') window.history.pushState(null, '', url);
      else window.history.replaceState(null, '', url);
    },
    [pathname],
  );
  return [state, update];
}
