'use client';
// Rollout restart with a look first: the server's dry run answers with the strategy that paces
// the rollout and the PodDisruptionBudgets covering its pods; confirming restarts as the user
// and opens the live view. A paused or stuck rollout is refused with the way out.
import { useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { postJson } from '@/lib/client/query-client';
import { CodeBlock } from '@/components/ui/copy-button';

interface RestartAnswer {
  deployment: { namespace: string; name: string; generation: number; replicas: number };
  kubectl: string;
  strategy: { type: string; maxSurge?: string | number; maxUnavailable?: string | number };
  pdbs: Array<{ name: string; disruptionsAllowed: number; minAvailable?: number | string; maxUnavailable?: number | string }>;
  activityId: string;
}

export function RestartButton({ cluster, namespace, name, disabled, disabledReason }: { cluster: string; namespace: string; name: string; disabled?: boolean; disabledReason?: string }) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const [preview, setPreview] = useState<RestartAnswer | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const url = `/api/clusters/${encodeURIComponent(cluster)}/deployments/${namespace}/${name}/restart`;

  async function open() {
    setPreview(undefined);
    setFailure(undefined);
    dialog.current?.showModal();
    try {
      setPreview(await postJson<RestartAnswer>(url, { dryRun: true }));
    } catch (err) {
      setFailure(err instanceof Error ? err.message : String(err));
    }
  }

  async function confirm() {
    if (!preview) return;
    setBusy(true);
    setFailure(undefined);
    try {
      const done = await postJson<RestartAnswer>(url, { generation: preview.deployment.generation, activityId: crypto.randomUUID() });
      dialog.current?.close();
      router.push(`/clusters/${encodeURIComponent(cluster)}/activity/${done.activityId}`);
    } catch (err) {
      setFailure(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  }

  return (
    <>
      <button
        type="button"
        onClick={open}
        disabled={disabled}
        title={disabled ? disabledReason : `Rollout restart ${namespace}/${name}`}
        data-testid={`restart-${namespace}/${name}`}
        className="rounded border border-slate-300 px-2 py-0.5 text-xs text-slate-700 hover:bg-slate-100 focus-visible:outline-2 disabled:cursor-not-allowed disabled:opacity-40 dark:border-slate-600 dark:text-slate-200 dark:hover:bg-slate-800"
      >
        Restart…
      </button>
      <dialog ref={dialog} aria-labelledby={`restart-title-${namespace}-${name}`} className="m-auto w-full max-w-xl rounded-xl p-0 backdrop:bg-slate-900/40 dark:bg-slate-900 dark:text-slate-100">
        <div className="space-y-3 p-5" data-testid="restart-dialog">
          <h2 id={`restart-title-${namespace}-${name}`} className="text-lg font-semibold">
            Restart {namespace}/{name}
          </h2>
          {!preview && !failure && <p aria-busy="true">Asking the cluster (dry run)…</p>}
          {preview && <RestartPreview answer={preview} />}
          {failure && (
            <p role="alert" data-testid="restart-error" className="rounded border border-red-300 bg-red-50 p-2 text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100">
              {failure}
            </p>
          )}
          <div className="flex justify-end gap-2">
            <button type="button" onClick={() => dialog.current?.close()} className="rounded px-3 py-1.5 text-sm hover:bg-slate-100 focus-visible:outline-2 dark:hover:bg-slate-800">
              Cancel
            </button>
            <button
              type="button"
              onClick={confirm}
              disabled={!preview || busy}
              data-testid="restart-confirm"
              className="rounded bg-emerald-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-emerald-800 focus-visible:outline-2 disabled:opacity-50"
            >
              {busy ? 'Restarting…' : 'Restart'}
            </button>
          </div>
        </div>
      </dialog>
    </>
  );
}

/** What the dry run answered: how the rollout is paced, and the PodDisruptionBudgets over its pods. */
function RestartPreview({ answer }: { answer: RestartAnswer }) {
  return (
    <>
      <p className="text-sm">
        Replaces all {answer.deployment.replicas} pod{answer.deployment.replicas === 1 ? '' : 's'}, paced by the {answer.strategy.type} strategy
        {answer.strategy.type === 'RollingUpdate' && (
          <>
            {' '}
            (maxSurge {String(answer.strategy.maxSurge ?? '25%')}, maxUnavailable {String(answer.strategy.maxUnavailable ?? '25%')})
          </>
        )}
        .
      </p>
      {answer.pdbs.length > 0 ? (
        <p className="text-sm" data-testid="restart-pdbs">
          PodDisruptionBudgets covering its pods: {answer.pdbs.map((p) => `${p.name} (${p.disruptionsAllowed} disruption${p.disruptionsAllowed === 1 ? '' : 's'} allowed now)`).join(', ')}. They limit
          evictions — drains and consolidation — while the rollout runs; the rollout itself is paced by the strategy.
        </p>
      ) : (
        <p className="text-sm text-slate-600 dark:text-slate-300">No PodDisruptionBudget covers its pods.</p>
      )}
      <CodeBlock label="kubectl equivalent" text={answer.kubectl} />
    </>
  );
}
