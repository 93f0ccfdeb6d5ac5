// "Next trouble": the troubled nodes and pods in the order the lanes draw them, the one the user
// is at, and the T / Shift+T keys that step through them (scrolling there and moving the focus).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { stepSpot, type TroubleSpot } from '@/lib/domain/trouble';
import { laneTrouble } from '@/lib/domain/lane-trouble';
import type { Jump } from './use-found-jump';
import type { LanesLayout, UpdateView } from './use-lanes-board';

/** Keys typed into a field are the field's, not the lanes'. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function useTrouble(layout: LanesLayout, jump: Jump, update: UpdateView) {
  // Kept per lane: a batch of deltas counts only the lanes it changed.
  const { spots, counts, perLane } = useMemo(() => laneTrouble(layout.lanes, layout.unscheduled), [layout.lanes, layout.unscheduled]);
  const [current, setCurrent] = useState<string>();
  const go = useCallback(
    (spot: TroubleSpot) => {
      setCurrent(spot.id);
      if (spot.node) jump({ node: spot.node, focus: spot.pod ? { pod: `${spot.pod.namespace}/${spot.pod.name}` } : 'node' });
      // A pod bound to no node is in the pending list, not in a lane: its details say the rest.
      else if (spot.pod) update({ panel: { kind: 'pod', ...spot.pod } });
    },
    [jump, update],
  );
  const spotsRef = useRef(spots);
  spotsRef.current = spots;
  const currentRef = useRef(current);
  currentRef.current = current;
  const step = useCallback(
    (dir: 1 | -1) => {
      const next = stepSpot(spotsRef.current, currentRef.current, dir);
      if (next) go(next);
    },
    [go],
  );
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key.toLowerCase() !== 't' || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      e.preventDefault();
      step(e.shiftKey ? -1 : 1);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [step]);
  const at = current === undefined ? -1 : spots.findIndex((s) => s.id === current);
  return { spots, counts, perLane, current: at >= 0 ? spots[at] : undefined, index: at, go, step };
}

export type TroubleState = ReturnType<typeof useTrouble>;
