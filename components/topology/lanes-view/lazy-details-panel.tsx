'use client';
// The details panel's code (node and pod details, drain, events, the kubectl commands to copy) is
// not needed to draw the lanes, so it is not in the page's first script: it is fetched once the
// lanes are on screen and the page is idle, and in any case when a node or pod is first opened.
import { useEffect } from 'react';
import dynamic from 'next/dynamic';

const loadDetailsPanel = () => import('../details-panel').then((m) => m.DetailsPanel);

export const DetailsPanel = dynamic(loadDetailsPanel);

/** Fetches the panel's code while the page is idle, so the first click does not wait for it. */
export function usePreloadedDetailsPanel() {
  useEffect(() => {
    // Not every browser has requestIdleCallback (Safari long had it only behind a flag).
    if (typeof window.requestIdleCallback !== 'function') {
      const timer = setTimeout(() => void loadDetailsPanel(), 1_000);
      return () => clearTimeout(timer);
    }
    const idle = window.requestIdleCallback(() => void loadDetailsPanel(), { timeout: 5_000 });
    return () => window.cancelIdleCallback(idle);
  }, []);
}
