// What the "above / below the window" counts under the lanes count: troubled nodes and pods, and
// the highlighted workload's pods, per lane; and where a click on one goes (the nearest one in
// that lane: its last going up, its first going down).
import { useMemo } from 'react';
import { workloadOf } from '@/lib/domain/lane-view';
import type { Jump } from './use-found-jump';
import type { LanesLayout } from './use-lanes-board';
import type { TroubleState } from './use-trouble';
import type { OffscreenMark } from './offscreen-counts';

export function useOffscreenMarks(layout: LanesLayout, trouble: TroubleState, highlight: string | undefined, jump: Jump): OffscreenMark[] {
  const { perLane: byLane, go } = trouble;
  const troubleMark = useMemo((): OffscreenMark => {
    return {
      id: 'trouble',
      label: 'in trouble',
      perLane: byLane.map((l) => l.length),
      goTo: (lane, dir) => {
        const list = byLane[lane];
        const spot = dir === 1 ? list[0] : list[list.length - 1];
        if (spot) go(spot);
      },
    };
  }, [byLane, go]);
  const highlightMark = useMemo((): OffscreenMark | undefined => {
    if (!highlight) return undefined;
    const byLane = layout.lanes.map((l) => l.nodes.filter((n) => n.pods.some((p) => workloadOf(p) === highlight)));
    return {
      id: 'highlight',
      label: `of ${highlight}`,
      perLane: byLane.map((nodes) => nodes.reduce((sum, n) => sum + n.pods.filter((p) => workloadOf(p) === highlight).length, 0)),
      goTo: (lane, dir) => {
        const nodes = byLane[lane];
        const node = dir === 1 ? nodes[0] : nodes[nodes.length - 1];
        if (node) jump({ node: node.node.name, focus: 'node' });
      },
    };
  }, [layout.lanes, highlight, jump]);
  return useMemo(() => (highlightMark ? [troubleMark, highlightMark] : [troubleMark]), [troubleMark, highlightMark]);
}
