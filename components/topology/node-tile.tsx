import type { LaneNode } from '@/lib/domain/lanes';
import { formatCpu, formatHourlyCost, formatMemory } from '@/lib/domain/format';
import { Badge } from '@/components/ui/badge';
import { UtilizationBar } from '@/components/ui/utilization-bar';
import { PodChip } from './pod-chip';

export function NodeTile({ entry }: { entry: LaneNode }) {
  const { node, pods, requested, utilization } = entry;
  const label = `Node ${node.name}, ${node.instanceType ?? 'unknown type'}, ${pods.length} pods`;
  return (
    <article
      tabIndex={0}
      aria-label={label}
      data-testid="node"
      data-node={node.name}
      className="flex w-72 shrink-0 flex-col gap-2 rounded-lg border border-slate-200 bg-white p-3 shadow-sm outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:border-slate-700 dark:bg-slate-900"
    >
      <header className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <h4 className="truncate font-mono text-xs font-semibold text-slate-900 dark:text-slate-100" title={node.name}>
            {node.name}
          </h4>
          <p className="text-[11px] text-slate-500">
            {[node.instanceType, node.zone, node.capacityType].filter(Boolean).join(' · ') || 'no instance details'}
          </p>
        </div>
        {entry.hourlyCost !== undefined && (
          <span className="shrink-0 text-[11px] tabular-nums text-slate-500" title="Estimated on-demand price (us-east-1)">
            ~{formatHourlyCost(entry.hourlyCost)}
          </span>
        )}
      </header>
      <div className="flex flex-wrap gap-1">
        {!node.ready && <Badge tone="red">NotReady</Badge>}
        {node.unschedulable && <Badge tone="amber">Cordoned</Badge>}
        {node.terminating && <Badge tone="violet" title="Being removed by Auto Mode consolidation">Disrupting</Badge>}
      </div>
      <div className="space-y-1">
        <UtilizationBar label="cpu" ratio={utilization.cpu} detail={`${formatCpu(requested.cpuMillis)} of ${formatCpu(node.allocatable.cpuMillis)} requested`} />
        <UtilizationBar label="mem" ratio={utilization.memory} detail={`${formatMemory(requested.memoryBytes)} of ${formatMemory(node.allocatable.memoryBytes)} requested`} />
        <UtilizationBar label="pods" ratio={utilization.pods} detail={`${requested.pods} of ${node.allocatable.pods} pods`} />
      </div>
      {pods.length === 0 ? (
        <p className="text-[11px] italic text-slate-400">No pods</p>
      ) : (
        <ul className="flex flex-wrap gap-1" aria-label={`Pods on ${node.name}`}>
          {pods.map((p) => (
            <PodChip key={`${p.namespace}/${p.name}`} pod={p} />
          ))}
        </ul>
      )}
    </article>
  );
}
