'use client';
// The details of one node or pod, beside the lanes: what `kubectl describe` would tell, in the
// dashboard's words, with the kubectl commands that show the same thing to copy. What acts
// (Move…) is offered only to users the cluster lets act, and only while the data is fresh.
import { useEffect, useRef } from 'react';
import { NodeDetails } from './node-details';
import { PodDetails } from './pod-details';
import type { PanelProps } from './parts';

export function DetailsPanel(props: PanelProps) {
  const { panel, onClose } = props;
  const heading = useRef<HTMLHeadingElement>(null);
  const key = panel.kind === 'node' ? panel.name : `${panel.namespace}/${panel.name}`;
  // Closing gives the keyboard back where it was when the panel opened (the tile or pod chip),
  // if that is still on the page. (Before the heading takes focus, below.)
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : undefined;
    return () => {
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  useEffect(() => {
    heading.current?.focus();
  }, [key]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  const title = panel.kind === 'node' ? `Node ${panel.name}` : `Pod ${panel.namespace}/${panel.name}`;
  return (
    <aside
      role="dialog"
      aria-modal="false"
      aria-labelledby="details-title"
      data-testid="details-panel"
      data-kind={panel.kind}
      className="fixed inset-y-0 right-0 z-30 flex w-full max-w-md flex-col border-l border-slate-200 bg-white shadow-2xl dark:border-slate-800 dark:bg-slate-900"
    >
      <header className="flex items-start gap-2 border-b border-slate-200 p-4 dark:border-slate-800">
        <h2 id="details-title" ref={heading} tabIndex={-1} className="mr-auto break-all font-mono text-sm font-semibold outline-none">
          {title}
        </h2>
        <button type="button" onClick={onClose} aria-label="Close details" className="rounded px-2 py-1 text-sm hover:bg-slate-100 focus-visible:outline-2 dark:hover:bg-slate-800">
          ✕
        </button>
      </header>
      <div className="flex-1 space-y-5 overflow-y-auto p-4 text-sm">{panel.kind === 'node' ? <NodeDetails {...props} name={panel.name} /> : <PodDetails {...props} namespace={panel.namespace} name={panel.name} />}</div>
    </aside>
  );
}
