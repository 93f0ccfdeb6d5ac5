import { DISRUPTED_TAINT } from '@/lib/domain/disrupted-taint';
import type { NodeCondition, NodeInfo } from '@/lib/domain/model';
import { formatAge } from '@/lib/domain/format';
import { Badge } from '@/components/ui/badge';
import { Section } from './parts';

/**
 * Ready is the one condition that is good when True; every other node condition (MemoryPressure,
 * DiskPressure, PIDPressure, NetworkUnavailable, a problem detector's KernelDeadlock…) names a
 * problem and is good when False. Unknown means the kubelet stopped reporting.
 */
function healthy(c: NodeCondition): boolean {
  return c.type === 'Ready' ? c.status === 'True' : c.status === 'False';
}

/** status.conditions as `kubectl describe node` lists them, then the facts from spec and taints. */
export function NodeConditions({ node }: { node: NodeInfo }) {
  const conditions = node.conditions ?? [];
  return (
    <>
      <Section title="Conditions" testId="node-conditions">
        {conditions.length === 0 ? (
          <p className="text-slate-500">The node reports no conditions.</p>
        ) : (
          <table className="w-full text-xs">
            <thead className="text-left text-slate-500">
              <tr>
                <th className="font-medium">type</th>
                <th className="font-medium">status</th>
                <th className="font-medium">reason · message</th>
              </tr>
            </thead>
            <tbody>
              {conditions.map((c) => (
                <tr key={c.type} className="align-top" data-condition={c.type} data-status={c.status}>
                  <th className="py-0.5 pr-2 text-left font-medium">{c.type}</th>
                  <td className="py-0.5 pr-2">
                    <Badge tone={healthy(c) ? 'green' : 'amber'}>{c.status}</Badge>
                  </td>
                  <td className="py-0.5">
                    {c.reason && <span className="font-mono">{c.reason}</span>}
                    {c.lastTransitionTime && <span className="text-slate-500"> · for {formatAge(c.lastTransitionTime)}</span>}
                    {c.message && <p className="break-words text-slate-600 dark:text-slate-300">{c.message}</p>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <NodeState node={node} />
    </>
  );
}

/** Cordoned, being removed, do-not-disrupt: facts from spec.unschedulable, the disrupted taint and an annotation, not conditions. */
function NodeState({ node }: { node: NodeInfo }) {
  const facts: Array<[string, string, 'amber' | 'violet']> = [];
  if (node.unschedulable) facts.push(['cordoned', 'spec.unschedulable: new pods are not scheduled here', 'amber']);
  if (node.terminating) facts.push(['being removed', `deleted, or tainted ${DISRUPTED_TAINT.key}`, 'amber']);
  if (node.doNotDisrupt) facts.push(['do-not-disrupt', 'karpenter.sh/do-not-disrupt: Auto Mode does not remove it voluntarily', 'violet']);
  return (
    <Section title="Scheduling" testId="node-state">
      {facts.length === 0 ? (
        <p className="text-slate-500">Schedulable, not being removed.</p>
      ) : (
        <ul className="flex flex-wrap gap-1">
          {facts.map(([label, detail, tone]) => (
            <li key={label} title={detail}>
              <Badge tone={tone}>{label}</Badge>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
