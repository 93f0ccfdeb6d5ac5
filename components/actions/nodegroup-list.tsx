'use client';
// The cluster's managed node groups as EKS reports them (polled: the EKS API has no watch) next
// to the nodes that have joined from each (the live topology: nodes labelled
// eks.amazonaws.com/nodegroup=<name>). After a create, the new group is followed until all the
// nodes it wants are Ready — all from the cluster and EKS, so a reload picks it up again.
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { NodeInfo, NodegroupInfo } from '@/lib/domain/model';
import { NODEGROUP_LABEL } from '@/lib/domain/nodegroup';
import { getJson } from '@/lib/client/query-client';
import { useTopology } from '@/lib/client/use-topology';
import { useAccess } from '@/lib/client/use-access';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { ERROR_BOX_CLASS } from '@/components/ui/form';

interface NodegroupsResponse {
  eks: boolean;
  clusterName?: string;
  nodegroups: NodegroupInfo[];
}

const STATUS_TONE: Record<string, BadgeTone> = { ACTIVE: 'green', CREATING: 'blue', UPDATING: 'blue', DELETING: 'amber', CREATE_FAILED: 'red', DEGRADED: 'red' };
const POLL_MS = 3000;

export function NodegroupList({ cluster, created }: { cluster: string; created?: string }) {
  const base = `/clusters/${encodeURIComponent(cluster)}`;
  const groups = useQuery({
    queryKey: ['nodegroups', cluster],
    queryFn: ({ signal }) => getJson<NodegroupsResponse>(`/api/clusters/${encodeURIComponent(cluster)}/nodegroups`, signal),
    refetchInterval: POLL_MS,
  });
  const { data } = useTopology(cluster);
  const access = useAccess(cluster).data;
  const mayCreate = !access || access.capabilities.createNodePools;

  if (groups.isPending) return <p aria-busy="true">Asking EKS for the node groups…</p>;
  if (groups.error) {
    return (
      <p role="alert" className={ERROR_BOX_CLASS}>
        {groups.error.message}
      </p>
    );
  }
  if (!groups.data.eks) {
    return <p className="text-sm text-slate-600 dark:text-slate-300">This server has no EKS API configured for the cluster (EKS_CLUSTER_NAME and AWS credentials), so managed node groups are not shown.</p>;
  }
  const nodesOf = (name: string) => (data?.nodes ?? []).filter((n) => n.labels[NODEGROUP_LABEL] === name || (n.pool.source === 'eks-nodegroup' && n.pool.name === name));
  const createdGroup = created ? groups.data.nodegroups.find((g) => g.name === created) : undefined;

  return (
    <div className="space-y-6">
      <div className="flex items-center gap-3">
        <p className="text-sm text-slate-600 dark:text-slate-300">
          EKS cluster <span className="font-mono">{groups.data.clusterName}</span> · {groups.data.nodegroups.length} managed node group{groups.data.nodegroups.length === 1 ? '' : 's'}
        </p>
        {mayCreate && (
          <Link href={`${base}/nodegroups/new`} className="ml-auto rounded bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800 focus-visible:outline-2">
            New node group
          </Link>
        )}
      </div>

      {created && <CreatedNodegroup cluster={cluster} name={created} group={createdGroup} nodes={nodesOf(created)} />}

      <NodegroupTable nodegroups={groups.data.nodegroups} nodesOf={nodesOf} />
    </div>
  );
}

/** The group just created, followed until EKS has it ACTIVE and all the nodes it wants are Ready. */
function CreatedNodegroup({ cluster, name, group, nodes }: { cluster: string; name: string; group: NodegroupInfo | undefined; nodes: NodeInfo[] }) {
  const base = `/clusters/${encodeURIComponent(cluster)}`;
  if (!group) {
    return (
      <CreatedSection name={name}>
        <p>Node group {name} is not (or no longer) in EKS.</p>
      </CreatedSection>
    );
  }
  const ready = nodes.filter((n) => n.ready).length;
  const want = group.scaling.desiredSize;
  const done = group.status === 'ACTIVE' && ready >= want;
  return (
    <CreatedSection name={name}>
      <p className="font-medium" role="status" data-testid="created-state">
        {done ? `Node group ${name} is ACTIVE: ${ready} of ${want} nodes Ready.` : `Node group ${name} is ${group.status}: ${ready} of ${want} nodes Ready so far…`}
      </p>
      <div className="mt-2 h-2 w-full overflow-hidden rounded bg-slate-200 dark:bg-slate-800" role="progressbar" aria-label="Nodes Ready" aria-valuemin={0} aria-valuemax={want} aria-valuenow={ready}>
        <div className="h-full bg-emerald-600 transition-all" style={{ width: `${(100 * Math.min(ready, want)) / Math.max(1, want)}%` }} />
      </div>
      {done && (
        <p className="mt-2">
          Its nodes carry <span className="font-mono">{NODEGROUP_LABEL}={name}</span>.{' '}
          <Link className="text-sky-700 underline dark:text-sky-300" href={`${base}/move?target=${encodeURIComponent(`${NODEGROUP_LABEL}=${name}`)}`}>
            Move workloads to it
          </Link>{' '}
          or see it as a lane in{' '}
          <Link className="text-sky-700 underline dark:text-sky-300" href={`${base}/lanes`}>
            the lanes view
          </Link>
          .
        </p>
      )}
    </CreatedSection>
  );
}

function CreatedSection({ name, children }: { name: string; children: ReactNode }) {
  return (
    <section aria-label={`Node group ${name}`} data-testid="created-nodegroup" className="rounded-lg border border-sky-200 bg-sky-50 p-4 text-sm dark:border-sky-900 dark:bg-sky-950">
      {children}
    </section>
  );
}

function NodegroupTable({ nodegroups, nodesOf }: { nodegroups: NodegroupInfo[]; nodesOf: (name: string) => NodeInfo[] }) {
  return (
    <table className="w-full text-left text-sm">
      <thead className="border-b border-slate-200 text-xs uppercase text-slate-500 dark:border-slate-700">
        <tr>
          <th className="py-2 pr-4 font-medium">Name</th>
          <th className="py-2 pr-4 font-medium">Status</th>
          <th className="py-2 pr-4 font-medium">Instance types</th>
          <th className="py-2 pr-4 font-medium">Capacity</th>
          <th className="py-2 pr-4 font-medium">Min / desired / max</th>
          <th className="py-2 pr-4 font-medium">Nodes Ready</th>
          <th className="py-2 pr-4 font-medium">Labels and taints</th>
        </tr>
      </thead>
      <tbody>
        {nodegroups.map((g) => {
          const nodes = nodesOf(g.name);
          return (
            <tr key={g.name} className="border-b border-slate-100 align-top dark:border-slate-800" data-testid={`nodegroup-${g.name}`}>
              <td className="py-2 pr-4 font-mono">{g.name}</td>
              <td className="py-2 pr-4">
                <Badge tone={STATUS_TONE[g.status] ?? 'neutral'}>{g.status}</Badge>
              </td>
              <td className="py-2 pr-4 font-mono">{g.instanceTypes.join(', ')}</td>
              <td className="py-2 pr-4">{g.capacityType ?? 'ON_DEMAND'}</td>
              <td className="py-2 pr-4 tabular-nums">
                {g.scaling.minSize} / {g.scaling.desiredSize} / {g.scaling.maxSize}
              </td>
              <td className="py-2 pr-4 tabular-nums">
                {nodes.filter((n) => n.ready).length} of {nodes.length}
              </td>
              <td className="py-2 pr-4 font-mono text-xs">
                {Object.entries(g.labels).map(([k, v]) => (
                  <div key={k}>
                    {k}={v}
                  </div>
                ))}
                {g.taints.map((t) => (
                  <div key={`${t.key}:${t.effect}`} className="text-amber-800 dark:text-amber-200">
                    {t.key}
                    {t.value ? `=${t.value}` : ''}:{t.effect}
                  </div>
                ))}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
