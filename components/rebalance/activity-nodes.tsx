// What the nodes are doing for the action: the ones Auto Mode is launching (each with its launch
// stage), the empty ones consolidation will remove, the ones draining, and the pods still waiting
// for a node with the reason.
import type { ActivityProgress } from '@/lib/domain/activity';

const STAGES = ['Pending', 'Launched', 'Registered', 'Initialized'] as const;

export function ActivityNodes({ progress }: { progress: ActivityProgress }) {
  return (
    <>
      {progress.claimsInFlight.length > 0 && <LaunchingNodes claims={progress.claimsInFlight} />}

      {progress.nodesEmpty.length > 0 && (
        <p className="text-sm">
          Empty, to be removed after the pool&apos;s consolidateAfter: <span className="font-mono">{progress.nodesEmpty.join(', ')}</span>
        </p>
      )}

      {progress.nodesTerminating.length > 0 && (
        <p className="text-sm">
          Draining and removing: <span className="font-mono">{progress.nodesTerminating.join(', ')}</span>
        </p>
      )}

      {progress.pendingReasons.length > 0 && (
        <section aria-labelledby="pending-why" className="rounded border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950">
          <h2 id="pending-why" className="font-semibold">
            Waiting for a node
          </h2>
          <ul className="mt-1 list-disc pl-5">
            {progress.pendingReasons.map((p) => (
              <li key={p.pod}>
                <span className="font-mono">{p.pod}</span>: {p.reason}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

function LaunchingNodes({ claims }: { claims: ActivityProgress['claimsInFlight'] }) {
  return (
    <section aria-labelledby="claims-heading">
      <h2 id="claims-heading" className="mb-2 text-sm font-semibold">
        Nodes Auto Mode is launching
      </h2>
      <ul className="flex flex-wrap gap-2">
        {claims.map((c) => (
          <li key={c.name} data-testid="ghost-node" className="w-64 rounded-lg border-2 border-dashed border-violet-400 p-2 text-xs dark:border-violet-600">
            <p className="font-mono">{c.name}</p>
            <p>
              {c.instanceType ?? 'choosing a type'} · {c.nodePool}
            </p>
            <ol className="mt-1 flex gap-1" aria-label="Launch stages">
              {STAGES.slice(1).map((s) => (
                <li key={s} className={`rounded px-1 ${STAGES.indexOf(c.stage) >= STAGES.indexOf(s) ? 'bg-violet-600 text-white' : 'bg-slate-200 text-slate-500 dark:bg-slate-800'}`}>
                  {s}
                </li>
              ))}
            </ol>
            {c.terminating && <p className="mt-1 text-red-700">being removed</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}
