// A node action's plan as the confirm dialog shows it: the refusals (why it cannot run), the pods
// that leave in order and where each lands, the PDBs that hold them, the new capacity Auto Mode
// would launch, and the notes. Words come from lib/domain/node-action-words.
import type { NodeActionPlan, PlannedPod } from '@/lib/domain/node-action-plan';
import { noteWords, podLineWords, refusalWords } from '@/lib/domain/node-action-words';
import { formatMonthlyCost } from '@/lib/domain/format';

const STEP_WORDS: Record<NodeActionPlan['steps'][number]['step'], string> = {
  cordon: 'Cordon the node',
  uncordon: 'Uncordon the node',
  annotate: 'Annotate the node',
  surge: 'Patch to RollingUpdate maxSurge 1, maxUnavailable 0 (set back after the rollout)',
  restart: 'Restart deployments and wait for their new pods to be ready elsewhere',
  evict: 'Evict pods through the Eviction API (PodDisruptionBudgets apply)',
  delete: 'Delete pods no controller recreates',
};

function PodList({ title, pods, testId }: { title: string; pods: PlannedPod[]; testId: string }) {
  if (pods.length === 0) return null;
  return (
    <section data-testid={testId}>
      <h3 className="text-sm font-semibold">{title}</h3>
      <ul className="mt-1 max-h-48 space-y-0.5 overflow-auto font-mono text-xs">
        {pods.map((p) => (
          <li key={p.pod} className={p.landing?.kind === 'cannot-land' || p.exit.startsWith('refused') ? 'text-red-700 dark:text-red-300' : undefined}>
            {podLineWords(p)}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function NodePlanView({ plan }: { plan: NodeActionPlan }) {
  const leaving = plan.pods.filter((p) => p.order !== undefined).sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
  const refused = plan.pods.filter((p) => p.exit === 'refused-bare' || p.exit === 'refused-emptydir');
  const staying = plan.pods.filter((p) => p.order === undefined && !refused.includes(p));
  return (
    <div className="space-y-3 text-sm" data-testid="node-plan">
      {plan.refusals.length > 0 && (
        <div role="alert" data-testid="node-plan-refusals" className="rounded border border-red-300 bg-red-50 p-2 text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100">
          <p className="font-semibold">This cannot run as asked; nothing will change:</p>
          <ul className="mt-1 list-disc space-y-1 pl-5">
            {plan.refusals.map((r, i) => (
              <li key={i}>{refusalWords(r)}</li>
            ))}
          </ul>
        </div>
      )}
      <section>
        <h3 className="text-sm font-semibold">Steps</h3>
        <ol className="mt-1 list-decimal pl-5" data-testid="node-plan-steps">
          {plan.steps.map((s, i) => (
            <li key={i}>{s.step === 'restart' || s.step === 'surge' ? `${STEP_WORDS[s.step]}: ${s.deployments.join(', ')}` : s.step === 'annotate' ? (s.value ? 'Mark karpenter.sh/do-not-disrupt' : 'Clear karpenter.sh/do-not-disrupt') : STEP_WORDS[s.step]}</li>
          ))}
        </ol>
      </section>
      <PodList title={`Pods that leave (${leaving.length})`} pods={leaving} testId="node-plan-leaving" />
      <PodList title="Pods that block the drain" pods={refused} testId="node-plan-refused" />
      <PodList title={`Pods that stay (${staying.length})`} pods={staying} testId="node-plan-staying" />
      {plan.newCapacity.length > 0 && (
        <section data-testid="node-plan-capacity">
          <h3 className="text-sm font-semibold">New capacity Auto Mode would launch</h3>
          <ul className="mt-1 list-disc pl-5">
            {plan.newCapacity.map((c) => (
              <li key={`${c.pool}/${c.instanceType}/${c.capacityType}`}>
                {c.count} × {c.instanceType} ({c.capacityType}, NodePool {c.pool}): {formatMonthlyCost(c.hourly)}
              </li>
            ))}
          </ul>
        </section>
      )}
      {plan.notes.length > 0 && (
        <ul className="list-disc pl-5 text-slate-700 dark:text-slate-300" data-testid="node-plan-notes">
          {plan.notes.map((n, i) => (
            <li key={i}>{noteWords(n)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
