import { useEffect, useRef } from 'react';
import { useWindowVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import type { Lane } from '@/lib/domain/lanes';
import { useScrollMargin } from './use-scroll-margin';
import { OffscreenCounts, type OffscreenMark } from './offscreen-counts';

/**
 * Lanes drawn only near the viewport (window scrolling, heights measured as they render), with
 * arrow keys across tiles: left/right within a lane, up/down to the lane above or below, Enter
 * opens a node's details.
 */
export function VirtualLanes({ lanes, render, jumpTo, offscreen = [] }: { lanes: Lane[]; render: (lane: Lane) => React.ReactNode; jumpTo?: JumpTarget; offscreen?: readonly OffscreenMark[] }) {
  const { list, margin } = useScrollMargin<HTMLDivElement>();
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
  useJump(jumpTo, lanes, virtualizer, list);
  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => moveAcrossTiles(e, { list, lanes: lanes.length, virtualizer });
  const items = virtualizer.getVirtualItems();
  // The lanes in the window (without the overscan drawn beyond it).
  const range = virtualizer.range;
  return (
    <div ref={list} onKeyDown={onKeyDown} style={{ height: virtualizer.getTotalSize(), position: 'relative' }} data-testid="lanes">
      {range && <OffscreenCounts marks={offscreen} first={range.startIndex} last={range.endIndex} />}
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

/**
 * A node to scroll to and flash; `seq` tells two jumps to the same node apart. `focus` moves the
 * keyboard there too: to the node itself, or to one of its pods (`namespace/name`) where pods are
 * drawn (tiles; a dense cell takes the focus for its pods).
 */
export interface JumpTarget {
  node: string;
  seq: number;
  focus?: 'node' | { pod: string };
}

/** The element a jump leaves the focus on: the pod's chip when the tile draws it, else the node. */
function focusTarget(tile: HTMLElement, focus: JumpTarget['focus']): HTMLElement | undefined {
  if (!focus) return undefined;
  if (focus !== 'node') {
    const chip = tile.querySelector<HTMLElement>(`[data-testid="pod"][data-pod="${CSS.escape(focus.pod)}"] [data-testid="pod-open"]`);
    if (chip) return chip;
  }
  return tile;
}

/** Scrolls the lane holding the node into view (it may not be drawn yet), then the tile itself. */
function useJump(jumpTo: JumpTarget | undefined, lanes: Lane[], virtualizer: Virtualizer<Window, Element>, list: React.RefObject<HTMLDivElement | null>) {
  const lanesRef = useRef(lanes);
  lanesRef.current = lanes;
  useEffect(() => {
    if (!jumpTo) return;
    const index = lanesRef.current.findIndex((l) => l.nodes.some((n) => n.node.name === jumpTo.node));
    if (index < 0) return;
    virtualizer.scrollToIndex(index, { align: 'start' });
    let tries = 0;
    let frame = requestAnimationFrame(function toTile() {
      const tile = list.current?.querySelector<HTMLElement>(`[data-node="${CSS.escape(jumpTo.node)}"]`);
      if (tile) {
        tile.scrollIntoView({ block: 'center', inline: 'nearest' });
        focusTarget(tile, jumpTo.focus)?.focus({ preventScroll: true });
      } else if (++tries < 120) frame = requestAnimationFrame(toTile);
    });
    return () => cancelAnimationFrame(frame);
  }, [jumpTo, virtualizer, list]);
}

interface LaneList {
  list: React.RefObject<HTMLDivElement | null>;
  lanes: number;
  virtualizer: Virtualizer<Window, Element>;
}

/** A key pressed on a node tile: Enter or Space opens it, arrows move to the next tile or lane. */
function moveAcrossTiles(e: React.KeyboardEvent<HTMLDivElement>, { list, lanes, virtualizer }: LaneList) {
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
    if (index < 0 || index >= lanes) return;
    virtualizer.scrollToIndex(index, { align: 'auto' });
    e.preventDefault();
    requestAnimationFrame(() => list.current?.querySelector<HTMLElement>(`[data-lane-index="${index}"] [data-testid="node"]`)?.focus());
    return;
  } else return;
  e.preventDefault();
  next?.focus();
  next?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
}
