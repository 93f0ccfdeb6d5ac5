'use client';
// A node's drain as its state on the node tells it (nodelanes.io/drain), with what a user who may
// patch nodes can do about it: cancel a running or paused drain (uncordoning or not), and resume a
// paused one — a drain whose server stopped and that no replica may continue as its user — with
// their own request, so their own credential.
import { useState } from 'react';
import { drainStateOf, drainStateWords } from '@/lib/domain/drain-state';
import type { NodeInfo } from '@/lib/domain/model';
import { postJson } from '@/lib/client/query-client';
import { useAccess } from '@/lib/client/use-access';
import { ActionError } from '@/components/ui/form';
import { Section } from './parts';

const BUTTON = 'rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 disabled:opacity-50 dark:border-slate-600 dark:hover:bg-slate-800';

export function NodeDrain({ cluster, node }: { cluster: string; node: NodeInfo }) {
  const access = useAccess(cluster);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const state = drainStateOf(node.annotations);
  if (!state) return null;
  const live = state.state === 'running' || state.state === 'paused';
  const may = access.data?.capabilities?.patchNodes === true;
  const base = `/api/clusters/${encodeURIComponent(cluster)}/nodes/${encodeURIComponent(node.name)}/drain`;

  async function act(path: string, body: Record<string, unknown>) {
    setBusy(true);
    setFailure(undefined);
    try {
      await postJson(`${base}/${path}`, body);
    } catch (err) {
      setFailure(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Section title="Drain" testId="node-drain">
      <p className={state.state === 'failed' || state.state === 'paused' ? 'text-amber-800 dark:text-amber-200' : undefined}>{drainStateWords(state)}</p>
      {live && may && (
        <div className="mt-1.5 flex flex-wrap gap-2">
          {state.state === 'paused' && (
            <button type="button" disabled={busy} onClick={() => void act('resume', {})} className={BUTTON} data-testid="drain-resume">
              Resume as me
            </button>
          )}
          <button type="button" disabled={busy} onClick={() => void act('cancel', {})} className={BUTTON} data-testid="drain-cancel">
            Cancel drain
          </button>
          <button type="button" disabled={busy} onClick={() => void act('cancel', { uncordon: true })} className={BUTTON} data-testid="drain-cancel-uncordon">
            Cancel and uncordon
          </button>
        </div>
      )}
      {failure && <ActionError message={failure} />}
    </Section>
  );
}
