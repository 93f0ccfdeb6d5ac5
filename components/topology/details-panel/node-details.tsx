import { podTroubleReason } from '@/lib/domain/trouble';
import { TroubleIcon } from '../trouble-marks';
import { holdsResources } from '@/lib/domain/holds-resources';
import { utilizationOf } from '@/lib/domain/lanes';
import type { NodeClaimInfo, NodeInfo, PodInfo, Resources } from '@/lib/domain/model';
import { formatAge, formatCpu, formatMemory } from '@/lib/domain/format';
import { CodeBlock } from '@/components/ui/copy-button';
import { NodeConditions } from './node-conditions';
import { NodeDrain } from './node-drain';
import { ObjectEvents } from './object-events';
import { KeyValues, ResourceTable, Section, type PanelProps } from './parts';

/** One node as `kubectl describe node` tells it: conditions, resources, labels, taints, its NodeClaim, pods and events. */
export function NodeDetails({ cluster, snapshot, name, onOpen, usage }: PanelProps & { name: string }) {
  const node = snapshot.nodes.find((n) => n.name === name);
  if (!node) return <p data-testid="details-missing">Node {name} is not in the cluster (any more).</p>;
  const pods = snapshot.pods.filter((p) => p.nodeName === name).sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
  const claim = snapshot.nodeClaims.find((c) => c.nodeName === name);
  return (
    <>
      <p className="text-slate-600 dark:text-slate-300">
        {[node.instanceType, node.capacityType, node.zone].filter(Boolean).join(' · ')} · pool <strong>{node.pool.name || 'none'}</strong>
        {node.nodeClass && <> · NodeClass {node.nodeClass}</>} · age {formatAge(node.createdAt)}
      </p>
      <NodeConditions node={node} />
      <NodeDrain cluster={cluster} node={node} />
      <NodeResources node={node} pods={pods} usage={usage} />
      <Section title="Labels">
        <KeyValues values={node.labels} />
      </Section>
      {node.annotations && (
        <Section title="Annotations">
          <KeyValues values={node.annotations} />
        </Section>
      )}
      <NodeTaints taints={node.taints} />
      <NodeClaimLine claim={claim} />
      <Section title={`Pods (${pods.length})`}>
        <ul className="space-y-0.5 text-xs">
          {pods.map((p) => {
            const trouble = podTroubleReason(p);
            return (
              <li key={`${p.namespace}/${p.name}`} data-pod={`${p.namespace}/${p.name}`}>
                <button type="button" onClick={() => onOpen({ kind: 'pod', namespace: p.namespace, name: p.name })} className="text-left font-mono text-sky-700 hover:underline focus-visible:outline-2 dark:text-sky-300">
                  {p.namespace}/{p.name}
                </button>{' '}
                {trouble ? (
                  <strong className="text-red-700 dark:text-red-300">
                    <TroubleIcon /> {trouble}
                  </strong>
                ) : (
                  <span className="text-slate-500">{p.status}</span>
                )}
              </li>
            );
          })}
        </ul>
      </Section>
      <ObjectEvents cluster={cluster} target={{ kind: 'Node', name }} />
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

/** What the node's pods request; finished pods hold nothing. */
function requestedOn(pods: PodInfo[]): Resources {
  const requested = { cpuMillis: 0, memoryBytes: 0, pods: 0 };
  for (const p of pods)
    if (holdsResources(p)) {
      requested.cpuMillis += p.requests.cpuMillis;
      requested.memoryBytes += p.requests.memoryBytes;
      requested.pods += p.requests.pods;
    }
  return requested;
}

function NodeResources({ node, pods, usage }: { node: NodeInfo; pods: PodInfo[]; usage: PanelProps['usage'] }) {
  const requested = requestedOn(pods);
  const u = utilizationOf(requested, node.allocatable);
  const used = usage?.[node.name];
  return (
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
  );
}

function NodeTaints({ taints }: { taints: NodeInfo['taints'] }) {
  return (
    <Section title="Taints">
      {taints.length === 0 ? (
        <p className="text-slate-500">none</p>
      ) : (
        <ul className="font-mono text-xs">
          {taints.map((t) => (
            <li key={`${t.key}:${t.effect}`}>
              {t.key}
              {t.value ? `=${t.value}` : ''}:{t.effect}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function NodeClaimLine({ claim }: { claim?: NodeClaimInfo }) {
  return (
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
  );
}
