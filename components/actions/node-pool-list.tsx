'use client';
// The cluster's NodePools from the live topology, each with what a platform team tunes (types,
// limits, consolidation, budgets) and its nodes; the ones the team made link to their edit page,
// Auto Mode's built-in pools say why they have none.
import Link from 'next/link';
import { formatCpu, formatMemory } from '@/lib/domain/format';
import { INSTANCE_TYPE_KEY } from '@/lib/domain/node-pool-edit';
import { describe } from '@/lib/domain/requirements';
import { useTopology } from '@/lib/client/use-topology';
import { useAccess } from '@/lib/client/use-access';
import { Badge } from '@/components/ui/badge';
import type { NodePoolInfo } from '@/lib/domain/model';

export function NodePoolList({ cluster }: { cluster: string }) {
  const base = `/clusters/${encodeURIComponent(cluster)}`;
  const { data, isPending, error } = useTopology(cluster);
  const access = useAccess(cluster).data;
  // Editing needs `patch nodepools`; the create capability is the closest question /me answers, and the API server decides anyway.
  const mayEdit = !access || access.capabilities.createNodePools;

  if (isPending) return <p aria-busy="true">Reading the cluster…</p>;
  if (error || !data) return <p role="alert">{error?.message ?? 'No data.'}</p>;
  if (data.nodePools.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-300">This cluster has no NodePools (no EKS Auto Mode or Karpenter, or you may not list them).</p>;

  return (
    <div className="space-y-4">
      <p className="text-sm">
        <Link href={`${base}/node-classes/new`} className="text-sky-700 underline dark:text-sky-300">
          New node class and pool
        </Link>
      </p>
      <table className="w-full text-left text-sm">
        <thead className="border-b border-slate-200 text-xs uppercase text-slate-500 dark:border-slate-700">
          <tr>
            <th className="py-2 pr-4 font-medium">NodePool</th>
            <th className="py-2 pr-4 font-medium">NodeClass</th>
            <th className="py-2 pr-4 font-medium">Instance types</th>
            <th className="py-2 pr-4 font-medium">Limits</th>
            <th className="py-2 pr-4 font-medium">Consolidation</th>
            <th className="py-2 pr-4 font-medium">Budgets</th>
            <th className="py-2 pr-4 font-medium">Nodes</th>
            <th className="py-2 font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {data.nodePools.map((p) => (
            <NodePoolRow key={p.name} pool={p} nodes={data.nodes.filter((n) => n.pool.source === 'karpenter-nodepool' && n.pool.name === p.name).length} editHref={mayEdit ? `${base}/node-pools/${encodeURIComponent(p.name)}/edit` : undefined} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One pool: what a platform team tunes on it, its node count, and its edit link (undefined: none for this user). */
function NodePoolRow({ pool: p, nodes, editHref }: { pool: NodePoolInfo; nodes: number; editHref: string | undefined }) {
  const types = p.requirements.find((r) => r.key === INSTANCE_TYPE_KEY);
  return (
    <tr className="border-b border-slate-100 align-top dark:border-slate-800" data-testid={`nodepool-${p.name}`}>
      <td className="py-2 pr-4 font-mono">
        {p.name} {p.builtIn && <Badge>built-in</Badge>}
      </td>
      <td className="py-2 pr-4 font-mono">{p.nodeClassRef.name}</td>
      <td className="py-2 pr-4 font-mono text-xs">{types ? (types.operator === 'In' ? (types.values ?? []).join(', ') : describe(types)) : <span className="font-sans text-slate-500">any</span>}</td>
      <td className="py-2 pr-4 tabular-nums">
        {p.limits?.cpuMillis !== undefined || p.limits?.memoryBytes !== undefined ? (
          <>
            {p.limits?.cpuMillis !== undefined && <div>{formatCpu(p.limits.cpuMillis)} CPU</div>}
            {p.limits?.memoryBytes !== undefined && <div>{formatMemory(p.limits.memoryBytes)}</div>}
          </>
        ) : (
          <span className="text-slate-500">none</span>
        )}
      </td>
      <td className="py-2 pr-4">
        {p.disruption.consolidationPolicy}
        <div className="text-xs text-slate-500">after {p.disruption.consolidateAfter}</div>
      </td>
      <td className="py-2 pr-4 font-mono text-xs">
        {p.disruption.budgets.map((b, i) => (
          <div key={i}>
            {b.nodes}
            {b.schedule ? ` · ${b.schedule} for ${b.duration}` : ''}
            {b.reasons?.length ? ` · ${b.reasons.join(', ')}` : ''}
          </div>
        ))}
      </td>
      <td className="py-2 pr-4 tabular-nums">{nodes}</td>
      <td className="py-2">
        {p.builtIn ? (
          <span className="text-xs text-slate-500" title="Auto Mode's built-in pools can be enabled or disabled, never edited">
            not editable
          </span>
        ) : editHref ? (
          <Link href={editHref} className="rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100 focus-visible:outline-2 dark:border-slate-600 dark:hover:bg-slate-800">
            Edit
          </Link>
        ) : null}
      </td>
    </tr>
  );
}
