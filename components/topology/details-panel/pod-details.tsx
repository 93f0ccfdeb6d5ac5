import Link from 'next/link';
import type { HpaInfo, PodInfo } from '@/lib/domain/model';
import { formatAge, formatCpu, formatMemory } from '@/lib/domain/format';
import { usageWords } from '@/lib/domain/usage';
import { allows } from '@/lib/client/use-access';
import { Badge } from '@/components/ui/badge';
import { CodeBlock } from '@/components/ui/copy-button';
import { ObjectEvents } from './object-events';
import { KeyValues, Section, type PanelProps } from './parts';

/** One pod as `kubectl describe pod` tells it, with why it is pending and, for those who may, a way to move its Deployment. */
export function PodDetails({ snapshot, namespace, name, onOpen, cluster, access, stale, pending, podUsage }: PanelProps & { namespace: string; name: string }) {
  const pod: PodInfo | undefined = snapshot.pods.find((p) => p.namespace === namespace && p.name === name);
  if (!pod) return <p data-testid="details-missing">Pod {namespace}/{name} is not in the cluster (any more).</p>;
  const reason = pending.get(`${namespace}/${name}`);
  const deployment = pod.owner?.kind === 'Deployment' ? pod.owner.name : undefined;
  const mayMove = Boolean(deployment) && allows(access?.capabilities.patchDeployments, namespace);
  return (
    <>
      <PodStatusLine pod={pod} />
      {reason && (
        <Section title="Why it is pending" testId="pending-reason">
          <p>
            <strong>{reason.reason}</strong>
            {reason.source ? <span className="text-slate-500"> ({reason.source})</span> : null}: {reason.message}
          </p>
        </Section>
      )}
      <PodPriority pod={pod} onOpen={onOpen} />
      <Section title="Owner">
        <p>{pod.owner ? `${pod.owner.kind} ${namespace}/${pod.owner.name}` : 'none (a bare pod)'}</p>
        {pod.owner?.kind === 'DaemonSet' && (
          <p data-testid="daemonset-note" className="text-slate-600 dark:text-slate-300">
            DaemonSet pod — not moved by drains or consolidation: it runs on every node its DaemonSet selects and goes with the node.
          </p>
        )}
        {deployment && <HpaLine hpa={snapshot.deployments.find((d) => d.namespace === namespace && d.name === deployment)?.hpa} />}
      </Section>
      <Section title="Node">
        {pod.nodeName ? (
          <button type="button" onClick={() => onOpen({ kind: 'node', name: pod.nodeName! })} className="font-mono text-sky-700 hover:underline focus-visible:outline-2 dark:text-sky-300">
            {pod.nodeName}
          </button>
        ) : (
          <p className="text-slate-500">not scheduled</p>
        )}
      </Section>
      <Section title="Requests and usage">
        <p className="tabular-nums">
          requested: {formatCpu(pod.requests.cpuMillis)} CPU · {formatMemory(pod.requests.memoryBytes)} memory
        </p>
        <PodUsageLine pod={pod} podUsage={podUsage} />
      </Section>
      <PodPlacement pod={pod} />
      <Section title="Labels">
        <KeyValues values={pod.labels} />
      </Section>
      <ObjectEvents cluster={cluster} target={{ kind: 'Pod', namespace, name }} />
      {deployment && mayMove && <MoveLink cluster={cluster} namespace={namespace} deployment={deployment} stale={stale} />}
      <CodeBlock
        label="kubectl"
        text={[
          `kubectl describe pod ${name} -n ${namespace}`,
          `kubectl get pod ${name} -n ${namespace} -o yaml`,
          `kubectl get events -n ${namespace} --field-selector involvedObject.kind=Pod,involvedObject.name=${name}`,
          ...(deployment ? [`kubectl rollout restart deployment/${deployment} -n ${namespace}`] : []),
        ].join('\n')}
      />
    </>
  );
}

/** Priority decides who waits and who is preempted when the cluster is full. */
function PodPriority({ pod, onOpen }: { pod: PodInfo; onOpen: PanelProps['onOpen'] }) {
  if (pod.priority === undefined && !pod.priorityClassName && !pod.nominatedNodeName) return null;
  return (
    <Section title="Priority" testId="pod-priority">
      <p className="tabular-nums">
        {pod.priority ?? 0}
        {pod.priorityClassName ? <span className="text-slate-500"> (PriorityClass {pod.priorityClassName})</span> : null}
      </p>
      {pod.nominatedNodeName && (
        <p>
          preempted lower-priority pods on{' '}
          <button type="button" onClick={() => onOpen({ kind: 'node', name: pod.nominatedNodeName! })} className="font-mono text-sky-700 hover:underline focus-visible:outline-2 dark:text-sky-300">
            {pod.nominatedNodeName}
          </button>{' '}
          and waits for them to leave
        </p>
      )}
    </Section>
  );
}

function PodStatusLine({ pod }: { pod: PodInfo }) {
  return (
    <p className="flex flex-wrap items-center gap-2">
      <Badge tone={pod.phase === 'Running' && pod.ready ? 'green' : pod.phase === 'Pending' ? 'amber' : pod.trouble ? 'red' : 'neutral'}>{pod.status}</Badge>
      {pod.trouble && pod.trouble !== pod.status && <Badge tone="red">{pod.trouble}</Badge>}
      {!pod.ready && pod.phase === 'Running' && <Badge tone="amber">not ready</Badge>}
      <span className="text-slate-600 dark:text-slate-300">
        phase {pod.phase} · age {formatAge(pod.createdAt)}
        {pod.restarts ? ` · ${pod.restarts} restarts${pod.lastTermination ? `, last stopped: ${pod.lastTermination}` : ''}` : ''}
      </span>
    </p>
  );
}

/** What decides where the pod may run: its nodeSelector, required node affinity and tolerations. */
function PodPlacement({ pod }: { pod: PodInfo }) {
  return (
    <Section title="Placement">
      <p className="text-xs text-slate-500">nodeSelector</p>
      <KeyValues values={pod.nodeSelector} />
      {pod.affinity && (
        <>
          <p className="mt-1 text-xs text-slate-500">required node affinity (terms ORed)</p>
          <ul className="font-mono text-xs">
            {pod.affinity.map((term, i) => (
              <li key={i}>{term.length ? term.map((r) => `${r.key} ${r.operator}${r.values?.length ? ` (${r.values.join(',')})` : ''}`).join(', ') : '(empty term: selects no node)'}</li>
            ))}
          </ul>
        </>
      )}
      <p className="mt-1 text-xs text-slate-500">tolerations</p>
      {pod.tolerations?.length ? (
        <ul className="font-mono text-xs">
          {pod.tolerations.map((t, i) => (
            <li key={i}>
              {t.key ?? '*'} {t.operator ?? 'Equal'} {t.value ?? ''} {t.effect ?? '(all effects)'}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-slate-500">defaults only</p>
      )}
    </Section>
  );
}

/** Move… for the pod's Deployment: a link to plan it, held back while the data is stale. */
function MoveLink({ cluster, namespace, deployment, stale }: { cluster: string; namespace: string; deployment: string; stale: boolean }) {
  return (
    <div className="flex items-center gap-2">
      {stale ? (
        <span aria-disabled="true" data-testid="move-link" className="cursor-not-allowed rounded bg-slate-300 px-3 py-1.5 text-slate-600 dark:bg-slate-700 dark:text-slate-300" title="The data is stale; acting waits until it is fresh">
          Move…
        </span>
      ) : (
        <Link
          data-testid="move-link"
          href={`/clusters/${encodeURIComponent(cluster)}/move?deployments=${encodeURIComponent(`${namespace}/${deployment}`)}`}
          className="rounded bg-sky-600 px-3 py-1.5 font-medium text-white hover:bg-sky-700 focus-visible:outline-2"
        >
          Move…
        </Link>
      )}
      <span className="text-xs text-slate-500">to another lane (plan, then pin)</span>
    </div>
  );
}

/** What the pod uses (metrics.k8s.io) beside its requests, or why there is no number. */
function PodUsageLine({ pod, podUsage }: { pod: PodInfo; podUsage: PanelProps['podUsage'] }) {
  const covers = podUsage && (podUsage.scope === 'all' || podUsage.scope === pod.namespace);
  const used = covers ? podUsage.usage[`${pod.namespace}/${pod.name}`] : undefined;
  const words = !podUsage || !covers
    ? 'used: asking metrics.k8s.io…'
    : !podUsage.available
      ? 'used: metrics unavailable (no metrics API, or not yours to read); requests only.'
      : used
        ? `used: ${usageWords(used, pod.requests)}`
        : pod.phase === 'Running'
          ? 'used: no sample for this pod yet.'
          : 'used: none (not running).';
  return (
    <p className="mt-0.5 tabular-nums text-slate-600 dark:text-slate-300" data-testid="pod-usage-detail" data-available={podUsage?.available}>
      {words}
    </p>
  );
}

/** The HorizontalPodAutoscaler scaling the pod's Deployment: its targets and current/desired replicas. */
function HpaLine({ hpa }: { hpa: HpaInfo | undefined }) {
  if (!hpa) return null;
  return (
    <p data-testid="deployment-hpa" className="tabular-nums">
      autoscaled by HPA {hpa.name}: {hpa.targets} · {hpa.currentReplicas} current / {hpa.desiredReplicas} desired replicas ({hpa.minReplicas}–{hpa.maxReplicas})
    </p>
  );
}
