'use client';
// The confirm dialog every node action opens: the server's dry run answers with the action's plan
// (which pods leave, where they land, which PDBs hold them, what Auto Mode would launch, what
// cannot happen), and only Confirm runs it, as the signed-in user. A drain's kubectl options
// (force, emptyDir data) change the plan, so they ask again; grace period and timeout go with it.
import { useEffect, useRef, useState } from 'react';
import type { NodeActionPlan } from '@/lib/domain/node-action-plan';
import { postJson } from '@/lib/client/query-client';
import { CodeBlock } from '@/components/ui/copy-button';
import { ActionError, COMMIT_BUTTON_CLASS, INPUT_CLASS } from '@/components/ui/form';
import { NodePlanView } from './node-plan-view';
import { surgeOfferWords } from '@/lib/domain/node-action-words';

export interface NodeActionChoice {
  path: 'cordon' | 'uncordon' | 'drain' | 'do-not-disrupt';
  body: Record<string, unknown>;
  label: string;
  follow: boolean;
}

interface PlannedAnswer {
  plan: NodeActionPlan;
  kubectl: string;
  activityId: string;
}

interface DrainOptions {
  force: boolean;
  deleteEmptyDirData: boolean;
  gracePeriodSeconds: string;
  timeoutSeconds: string;
  /** Drain by restart: give Recreate / maxSurge-0 deployments a surge for the drain (the plan's offer). */
  surge: boolean;
}

const NO_OPTIONS: DrainOptions = { force: false, deleteEmptyDirData: false, gracePeriodSeconds: '', timeoutSeconds: '', surge: false };

function drainBody(o: DrainOptions): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (o.force) body.force = true;
  if (o.deleteEmptyDirData) body.deleteEmptyDirData = true;
  if (o.gracePeriodSeconds.trim()) body.gracePeriodSeconds = Number(o.gracePeriodSeconds);
  if (o.timeoutSeconds.trim()) body.timeoutSeconds = Number(o.timeoutSeconds);
  if (o.surge) body.surge = true;
  return body;
}

export function NodeActionDialog({ url, node, choice, onClose, onDone }: { url: string; node: string; choice: NodeActionChoice; onClose: () => void; onDone: (activityId: string) => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [answer, setAnswer] = useState<PlannedAnswer>();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [options, setOptions] = useState<DrainOptions>(NO_OPTIONS);
  const isDrain = choice.path === 'drain';
  const body = { ...choice.body, ...(isDrain ? drainBody(options) : {}) };
  const planKey = JSON.stringify([choice.path, choice.body, options.force, options.deleteEmptyDirData, options.surge]);

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);

  useEffect(() => {
    let live = true;
    setAnswer(undefined);
    setFailure(undefined);
    postJson<PlannedAnswer>(url, { ...body, dryRun: true }).then(
      (a) => live && setAnswer(a),
      (err) => live && setFailure(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
    };
    // The plan depends on the action and the options that change it, not on grace period or timeout.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [planKey, url]);

  async function confirm() {
    setBusy(true);
    setFailure(undefined);
    try {
      const done = await postJson<PlannedAnswer>(url, { ...body, activityId: crypto.randomUUID() });
      dialog.current?.close();
      onDone(done.activityId);
    } catch (err) {
      setFailure(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  }

  const titleId = `node-action-title-${node}`;
  return (
    <dialog ref={dialog} onClose={onClose} aria-labelledby={titleId} className="m-auto max-h-[90vh] w-full max-w-2xl overflow-y-auto rounded-xl p-0 backdrop:bg-slate-900/40 dark:bg-slate-900 dark:text-slate-100">
      <div className="space-y-3 p-5" data-testid="node-action-dialog">
        <h2 id={titleId} className="text-lg font-semibold">
          {choice.label}: {node}
        </h2>
        {isDrain && <DrainOptionsForm options={options} onChange={setOptions} />}
        {!answer && !failure && <p aria-busy="true">Planning (dry run; nothing changes yet)…</p>}
        {answer && answer.plan.surge.length > 0 && <SurgeOffer plan={answer.plan} checked={options.surge} onChange={(surge) => setOptions({ ...options, surge })} />}
        {answer && <NodePlanView plan={answer.plan} />}
        {answer && <CodeBlock label="kubectl equivalent" text={answer.kubectl} />}
        {failure && <ActionError message={failure} />}
        <div className="flex justify-end gap-2">
          <button type="button" onClick={() => dialog.current?.close()} className="rounded px-3 py-1.5 text-sm hover:bg-slate-100 focus-visible:outline-2 dark:hover:bg-slate-800">
            Cancel
          </button>
          <button type="button" onClick={confirm} disabled={!answer?.plan.canProceed || busy} data-testid="node-action-confirm" className={COMMIT_BUTTON_CLASS}>
            {busy ? 'Working…' : `Confirm: ${choice.label}`}
          </button>
        </div>
      </div>
    </dialog>
  );
}

/** The plan's offer for a drain by restart it refuses for want of a surge: ticked, the plan is asked again with it. */
function SurgeOffer({ plan, checked, onChange }: { plan: NodeActionPlan; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <label className="flex items-start gap-2 rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100" data-testid="surge-offer">
      <input type="checkbox" className="mt-1" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <span>{surgeOfferWords(plan.surge)}</span>
    </label>
  );
}

function DrainOptionsForm({ options, onChange }: { options: DrainOptions; onChange: (o: DrainOptions) => void }) {
  const set = <K extends keyof DrainOptions>(k: K, v: DrainOptions[K]) => onChange({ ...options, [k]: v });
  return (
    <fieldset className="grid grid-cols-2 gap-2 rounded border border-slate-200 p-2 text-sm dark:border-slate-700">
      <legend className="px-1 text-xs text-slate-600 dark:text-slate-300">kubectl drain options</legend>
      <label className="flex items-center gap-2">
        <input type="checkbox" checked={options.force} onChange={(e) => set('force', e.target.checked)} />
        Force: delete pods no controller recreates
      </label>
      <label className="flex items-center gap-2">
        <input type="checkbox" checked={options.deleteEmptyDirData} onChange={(e) => set('deleteEmptyDirData', e.target.checked)} />
        Delete emptyDir data
      </label>
      <label>
        Grace period (s)
        <input type="number" min={0} max={3600} placeholder="each pod's own" className={INPUT_CLASS} value={options.gracePeriodSeconds} onChange={(e) => set('gracePeriodSeconds', e.target.value)} />
      </label>
      <label>
        Timeout (s)
        <input type="number" min={1} max={3600} placeholder="600" className={INPUT_CLASS} value={options.timeoutSeconds} onChange={(e) => set('timeoutSeconds', e.target.value)} />
      </label>
    </fieldset>
  );
}

