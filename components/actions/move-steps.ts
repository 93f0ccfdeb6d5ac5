// The move-workloads page's calls and the rows it lists: deployments with the pools their pods
// run on; the what-if plan for a batch; pinning the batch one deployment at a time under one
// activity.
import type { DeploymentInfo, TopologySnapshot } from '@/lib/domain/model';
import type { PodPlacement } from '@/lib/domain/pin';
import type { WhatIfPlan } from '@/lib/domain/what-if';
import { ApiRequestError, postJson } from '@/lib/client/query-client';

export interface PlanResponse {
  plan: WhatIfPlan;
  deployments: Array<{ namespace: string; name: string; generation: number; replicas: number; before: PodPlacement; kubectl: string }>;
}

export interface PinTarget {
  key: string;
  value: string;
}

export interface DeploymentRow {
  /** `namespace/name`. */
  id: string;
  d: DeploymentInfo;
  /** The pools its pods run on now, sorted. */
  pools: string[];
}

/** The cluster's deployments whose id holds the filter, sorted, each with the pools its pods are on. */
export function deploymentRows(data: TopologySnapshot, filter: string): DeploymentRow[] {
  const poolOfNode = new Map(data.nodes.map((n) => [n.name, n.pool.name || '(no pool)']));
  const pools = new Map<string, Set<string>>();
  for (const p of data.pods) {
    if (p.owner?.kind !== 'Deployment' || !p.nodeName) continue;
    const key = `${p.namespace}/${p.owner.name}`;
    const set = pools.get(key) ?? new Set<string>();
    set.add(poolOfNode.get(p.nodeName) ?? '?');
    pools.set(key, set);
  }
  const q = filter.trim().toLowerCase();
  return data.deployments
    .map((d) => ({ id: `${d.namespace}/${d.name}`, d, pools: [...(pools.get(`${d.namespace}/${d.name}`) ?? [])].sort() }))
    .filter((r) => !q || r.id.toLowerCase().includes(q))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** The what-if for moving `chosen` (ids `namespace/name`): asked of the first, the others as also moving. */
export function requestPlan(base: string, chosen: string[], target: PinTarget): Promise<PlanResponse> {
  const [first, ...rest] = chosen;
  const [namespace, name] = first.split('/');
  return postJson<PlanResponse>(`${base}/deployments/${namespace}/${name}/plan`, {
    target,
    ...(rest.length ? { alsoMoving: rest.map((id) => ({ namespace: id.split('/')[0], name: id.split('/')[1] })) } : {}),
  });
}

/** Why pinning stopped, and how many were pinned before it did (they stay pinned). */
export class PinBatchError extends Error {
  constructor(
    message: string,
    readonly pinned: number,
  ) {
    super(message);
  }
}

/**
 * Pins the planned deployments one after another, all under `activityId`; `progress` hears of each
 * before it is sent. A refusal stops the batch (PinBatchError, its message in the user's words).
 */
export async function pinBatch(
  base: string,
  plan: PlanResponse,
  pin: { target: PinTarget; restart: boolean; activityId: string },
  progress: (message: string) => void,
): Promise<void> {
  const batch = plan.deployments.map((d) => `${d.namespace}/${d.name}`);
  let done = 0;
  try {
    for (const d of plan.deployments) {
      progress(`Pinning ${d.namespace}/${d.name} (${done + 1} of ${plan.deployments.length})…`);
      await postJson(`${base}/deployments/${d.namespace}/${d.name}/pin`, { target: pin.target, restart: pin.restart, generation: d.generation, activityId: pin.activityId, batch });
      done++;
    }
  } catch (err) {
    const message = err instanceof ApiRequestError && err.status === 409 ? `${err.message} Plan again to see the current state.` : err instanceof Error ? err.message : String(err);
    throw new PinBatchError(message, done);
  }
}
