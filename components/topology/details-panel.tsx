'use client';
// The details of one node or pod, beside the lanes: what `kubectl describe` would tell, in the
// dashboard's words, with the kubectl commands that show the same thing to copy. What acts
// (Move…) is offered only to users the cluster lets act, and only while the data is fresh.
import Link from 'next/link';
import { useEffect, useRef } from 'react';
import { eventsAbout, type PendingReason } from '@/lib/domain/lane-view';
import { DISRUPTED_TAINT } from '@/lib/domain/disrupted-taint';
import { holdsResources } from '@/lib/domain/holds-resources';
import { utilizationOf } from '@/lib/domain/lanes';
import type { EventInfo, PodInfo, TopologySnapshot } from '@/lib/domain/model';
import { formatAge, formatCpu, formatMemory, formatPercent } from '@/lib/domain/format';
import { allows, type ClusterAccess } from '@/lib/client/use-access';
import { usageWords, type UsedResources } from '@/lib/domain/usage';
import type { Panel } from '@/lib/domain/lane-view';
import { Badge } from '@/components/ui/badge';
import { CodeBlock } from '@/components/ui/copy-button';

interface PanelProps {
  cluster: string;
  panel: Panel;
  snapshot: TopologySnapshot;
  access?: ClusterAccess;
  stale: boolean;
  pending: Map<string, PendingReason>;
  onClose: () => void;
  onOpen: (panel: Panel) => void;
  /** Node usage from metrics.k8s.io; undefined when the metrics API does not answer. */
  usage?: Record<string, { cpuMillis: number; memoryBytes: number }>;
  /** Pod usage as last asked for (`scope`: all, or a namespace); undefined until it answers. */
  podUsage?: { scope: string; available: boolean; usage: Record<string, UsedResources> };
}

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

function Section({ title, children, testId }: { title: string; children: React.ReactNode; testId?: string }) {
  return (
    <section data-testid={testId}>
      <h3 className="mb-1.5 text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">{title}</h3>
      {children}
    </section>
  );
}

function KeyValues({ values, empty = 'none' }: { values: Record<string, string> | undefined; empty?: string }) {
  const entries = Object.entries(values ?? {});
  if (entries.length === 0) return <p className="text-slate-500">{empty}</p>;
  return (
    <ul className="space-y-0.5 font-mono text-xs">
      {entries.map(([k, v]) => (
        <li key={k} className="break-all">
          {k}
          {v !== '' && <span className="text-slate-500">=</span>}
          {v}
        </li>
      ))}
    </ul>
  );
}

function Events({ events }: { events: EventInfo[] }) {
  if (events.length === 0) return <p className="text-slate-500">No recent events.</p>;
  return (
    <ul className="space-y-1.5 text-xs" data-testid="events">
      {events.slice(0, 10).map((e) => (
        <li key={`${e.namespace}/${e.name}`} className="rounded border border-slate-200 p-2 dark:border-slate-700">
          <span className={`font-semibold ${e.type === 'Warning' ? 'text-amber-700 dark:text-amber-300' : ''}`}>{e.reason}</span>{' '}
          <span className="text-slate-500">
            {formatAge(e.lastTimestamp)} ago{e.count > 1 ? ` (×${e.count})` : ''}
            {e.source ? ` · ${e.source}` : ''}
          </span>
          <p className="mt-0.5 break-words">{e.message}</p>
        </li>
      ))}
    </ul>
  );
}

function ResourceTable({ rows }: { rows: Array<{ label: string; allocatable: string; requested: string; ratio: number; used?: string }> }) {
  return (
    <table className="w-full text-xs tabular-nums">
      <thead className="text-left text-slate-500">
        <tr>
          <th className="font-medium" />
          <th className="font-medium">allocatable</th>
          <th className="font-medium">requested</th>
          <th className="font-medium">used</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.label}>
            <th className="text-left font-medium">{r.label}</th>
            <td>{r.allocatable}</td>
            <td>
              {r.requested} ({formatPercent(r.ratio)})
            </td>
            <td className="text-slate-500">{r.used ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function NodeDetails({ snapshot, name, onOpen, usage }: PanelProps & { name: string }) {
  const node = snapshot.nodes.find((n) => n.name === name);
  if (!node) return <p data-testid="details-missing">Node {name} is not in the cluster (any more).</p>;
  const pods = snapshot.pods.filter((p) => p.nodeName === name).sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
  const requested = { cpuMillis: 0, memoryBytes: 0, pods: 0 };
  for (const p of pods)
    if (holdsResources(p)) {
      requested.cpuMillis += p.requests.cpuMillis;
      requested.memoryBytes += p.requests.memoryBytes;
      requested.pods += p.requests.pods;
    }
  const u = utilizationOf(requested, node.allocatable);
  const claim = snapshot.nodeClaims.find((c) => c.nodeName === name);
  const used = usage?.[name];
  const conditions: Array<[string, boolean, string]> = [
    ['Ready', node.ready, node.ready ? 'kubelet is posting ready status' : 'not ready'],
    ['Schedulable', !node.unschedulable, node.unschedulable ? 'cordoned (spec.unschedulable)' : 'accepts new pods'],
    ['Staying', !node.terminating, node.terminating ? `being removed (${DISRUPTED_TAINT.key})` : 'not being disrupted'],
  ];
  return (
    <>
      <p className="text-slate-600 dark:text-slate-300">
        {[node.instanceType, node.capacityType, node.zone].filter(Boolean).join(' · ')} · pool <strong>{node.pool.name || 'none'}</strong>
        {node.nodeClass && <> · NodeClass {node.nodeClass}</>} · age {formatAge(node.createdAt)}
      </p>
      <Section title="Conditions">
        <ul className="flex flex-wrap gap-1">
          {conditions.map(([label, ok, detail]) => (
            <li key={label} title={detail}>
              <Badge tone={ok ? 'green' : 'amber'}>
                {label}: {ok ? 'yes' : 'no'}
              </Badge>
            </li>
          ))}
          {node.doNotDisrupt && (
            <li>
              <Badge tone="violet">do-not-disrupt</Badge>
            </li>
          )}
        </ul>
      </Section>
      <Section title="Resources">
        <ResourceTable
          rows={[
            { label: 'CPU', allocatable: formatCpu(node.allocatable.cpuMillis), requested: formatCpu(requested.cpuMillis), ratio: u.cpu, used: used && formatCpu(used.cpuMillis) },
            { label: 'Memory', allocatable: formatMemory(node.allocatable.memoryBytes), requested: formatMemory(requested.memoryBytes), ratio: u.memory, used: used && formatMemory(used.memoryBytes) },
            { label: 'Pods', allocatable: String(node.allocatable.pods), requested: String(requested.pods), ratio: u.pods },
          ]}
        />
        <p className="mt-1 text-xs text-slate-500" data-testid="usage-note">
          {usage ? (used ? 'Used: metrics.k8s.io, the latest sample.' : 'Used: no sample for this node yet.') : 'Used: metrics unavailable (no metrics API, or not yours to read); requests only.'}
        </p>
      </Section>
      <Section title="Labels">
        <KeyValues values={node.labels} />
      </Section>
      <Section title="Taints">
        {node.taints.length === 0 ? (
          <p className="text-slate-500">none</p>
        ) : (
          <ul className="font-mono text-xs">
            {node.taints.map((t) => (
              <li key={`${t.key}:${t.effect}`}>
                {t.key}
                {t.value ? `=${t.value}` : ''}:{t.effect}
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title="NodeClaim" testId="node-claim">
        {claim ? (
          <p>
            <span className="font-mono">{claim.name}</span> · {claim.stage}
            {claim.drifted && ' · drifted'}
            {claim.empty && ' · empty'} · NodePool {claim.nodePool ?? '—'}
          </p>
        ) : (
          <p className="text-slate-500">none (not launched by Auto Mode)</p>
        )}
      </Section>
      <Section title={`Pods (${pods.length})`}>
        <ul className="space-y-0.5 text-xs">
          {pods.map((p) => (
            <li key={`${p.namespace}/${p.name}`}>
              <button type="button" onClick={() => onOpen({ kind: 'pod', namespace: p.namespace, name: p.name })} className="text-left font-mono text-sky-700 hover:underline focus-visible:outline-2 dark:text-sky-300">
                {p.namespace}/{p.name}
              </button>{' '}
              <span className="text-slate-500">{p.status}</span>
            </li>
          ))}
        </ul>
      </Section>
      <Section title="Recent events">
        <Events events={eventsAbout(snapshot.events, 'Node', name)} />
      </Section>
      <CodeBlock
        label="kubectl"
        text={[
          `kubectl describe node ${name}`,
          `kubectl get pods -A -o wide --field-selector spec.nodeName=${name}`,
          ...(claim ? [`kubectl get nodeclaim ${claim.name} -o yaml`] : []),
          `kubectl get events -A --field-selector involvedObject.kind=Node,involvedObject.name=${name}`,
        ].join('\n')}
      />
    </>
  );
}

function PodDetails({ snapshot, namespace, name, onOpen, cluster, access, stale, pending, podUsage }: PanelProps & { namespace: string; name: string }) {
  const pod: PodInfo | undefined = snapshot.pods.find((p) => p.namespace === namespace && p.name === name);
  if (!pod) return <p data-testid="details-missing">Pod {namespace}/{name} is not in the cluster (any more).</p>;
  const reason = pending.get(`${namespace}/${name}`);
  const deployment = pod.owner?.kind === 'Deployment' ? pod.owner.name : undefined;
  const mayMove = Boolean(deployment) && allows(access?.capabilities.patchDeployments, namespace);
  return (
    <>
      <p className="flex flex-wrap items-center gap-2">
        <Badge tone={pod.phase === 'Running' && pod.ready ? 'green' : pod.phase === 'Pending' ? 'amber' : pod.trouble ? 'red' : 'neutral'}>{pod.status}</Badge>
        {pod.trouble && pod.trouble !== pod.status && <Badge tone="red">{pod.trouble}</Badge>}
        {!pod.ready && pod.phase === 'Running' && <Badge tone="amber">not ready</Badge>}
        <span className="text-slate-600 dark:text-slate-300">
          phase {pod.phase} · age {formatAge(pod.createdAt)}
        </span>
      </p>
      {reason && (
        <Section title="Why it is pending" testId="pending-reason">
          <p>
            <strong>{reason.reason}</strong>
            {reason.source ? <span className="text-slate-500"> ({reason.source})</span> : null}: {reason.message}
          </p>
        </Section>
      )}
      <Section title="Owner">
        <p>{pod.owner ? `${pod.owner.kind} ${namespace}/${pod.owner.name}` : 'none (a bare pod)'}</p>
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
      <Section title="Labels">
        <KeyValues values={pod.labels} />
      </Section>
      <Section title="Recent events">
        <Events events={eventsAbout(snapshot.events, 'Pod', name, namespace)} />
      </Section>
      {deployment && mayMove && (
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
      )}
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
