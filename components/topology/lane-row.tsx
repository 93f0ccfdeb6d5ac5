import type { Lane } from '@/lib/domain/lanes';
import type { PoolSource } from '@/lib/domain/model';
import { formatCpu, formatHourlyCost, formatMemory } from '@/lib/domain/format';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { UtilizationBar } from '@/components/ui/utilization-bar';
import { NodeTile } from './node-tile';

const SOURCES: Record<PoolSource, { label: string; tone: BadgeTone }> = {
  'karpenter-nodepool': { label: 'Auto Mode NodePool', tone: 'violet' },
  'eks-nodegroup': { label: 'Managed node group', tone: 'blue' },
  'eksctl-nodegroup': { label: 'eksctl node group', tone: 'blue' },
  'gke-nodepool': { label: 'GKE node pool', tone: 'green' },
  'aks-agentpool': { label: 'AKS agent pool', tone: 'green' },
  'custom-label': { label: 'Label', tone: 'neutral' },
  none: { label: 'No pool', tone: 'neutral' },
};

export function LaneRow({ lane }: { lane: Lane }) {
  const source = SOURCES[lane.source];
  const { totals } = lane;
  const title = lane.name || 'Nodes in no pool';
  return (
    <section
      aria-labelledby={`lane-${lane.id}`}
      data-testid="lane"
      data-lane={lane.name}
      className="rounded-xl border border-slate-200 bg-slate-50/80 p-4 dark:border-slate-800 dark:bg-slate-950/60"
    >
      <header className="mb-3 flex flex-wrap items-center gap-x-6 gap-y-2">
        <div className="flex min-w-56 items-center gap-2">
          <h3 id={`lane-${lane.id}`} className="text-base font-semibold text-slate-900 dark:text-slate-50">
            {title}
          </h3>
          <Badge tone={source.tone}>{source.label}</Badge>
          {lane.system && <Badge tone="neutral">system</Badge>}
        </div>
        <dl className="flex flex-wrap gap-x-5 gap-y-1 text-xs text-slate-600 dark:text-slate-300">
          {lane.nodeClass && (
            <div>
              <dt className="inline text-slate-400">NodeClass </dt>
              <dd className="inline font-medium">{lane.nodeClass}</dd>
            </div>
          )}
          <div>
            <dt className="inline text-slate-400">Nodes </dt>
            <dd className="inline font-medium tabular-nums">{totals.nodes}</dd>
          </div>
          <div>
            <dt className="inline text-slate-400">Pods </dt>
            <dd className="inline font-medium tabular-nums">{totals.pods}</dd>
          </div>
          <div>
            <dt className="inline text-slate-400">Types </dt>
            <dd className="inline font-medium">{lane.instanceTypes.join(', ') || '—'}</dd>
          </div>
          <div>
            <dt className="inline text-slate-400">CPU </dt>
            <dd className="inline font-medium tabular-nums">
              {formatCpu(totals.requested.cpuMillis)} / {formatCpu(totals.allocatable.cpuMillis)}
            </dd>
          </div>
          <div>
            <dt className="inline text-slate-400">Memory </dt>
            <dd className="inline font-medium tabular-nums">
              {formatMemory(totals.requested.memoryBytes)} / {formatMemory(totals.allocatable.memoryBytes)}
            </dd>
          </div>
          {totals.hourlyCost !== undefined && (
            <div title="Estimated from on-demand list prices (us-east-1), Auto Mode fee included">
              <dt className="inline text-slate-400">Est. </dt>
              <dd className="inline font-medium tabular-nums">{formatHourlyCost(totals.hourlyCost)}</dd>
            </div>
          )}
        </dl>
        <div className="ml-auto w-56 space-y-1">
          <UtilizationBar label="cpu" ratio={totals.utilization.cpu} />
          <UtilizationBar label="mem" ratio={totals.utilization.memory} />
        </div>
      </header>
      <div className="flex gap-3 overflow-x-auto pb-1">
        {lane.nodes.map((n) => (
          <NodeTile key={n.node.name} entry={n} />
        ))}
      </div>
    </section>
  );
}
