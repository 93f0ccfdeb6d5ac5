// Editing a NodePool as the signed-in user: read it, build the edited spec (lib/domain/
// node-pool-edit), plan (diff, drifted nodes), dry-run the merge patch, apply, record.
//
// The user's premise is the object they planned against. With its generation, only a spec
// change by someone else is a conflict (Karpenter rewrites status, and with it resourceVersion,
// all the time; a 409 caused by that alone is retried against a fresh read). With only a
// resourceVersion the API server's own precondition decides. Either way a conflict answers 409
// with what happened, never a blind overwrite.

import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import {
  driftedNodes,
  editableOf,
  editedSpec,
  nodePoolPatch,
  patchCommand,
  preflightNodePoolEdit,
  specChanges,
  yamlDiff,
  type NodePoolEdit,
  type NodePoolPlan,
  type RawNodePoolSpec,
} from '@/lib/domain/node-pool-edit';
import type { NodeInfo } from '@/lib/domain/model';
import { LAST_ACTION } from '@/lib/domain/rollout';
import { AppError } from '../../errors';
import type { UserApis } from '../impersonation';

export type { NodePoolPlan };
import { actionRecord, type ActionContext } from './deployments';
import { recordActionEvent } from './record-event';

const NODEPOOL = { group: 'karpenter.sh', version: 'v1', plural: 'nodepools' } as const;
const mergePatch = () => setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const MAX_ATTEMPTS = 3;

interface RawNodePool {
  metadata?: { name?: string; uid?: string; resourceVersion?: string; generation?: number; annotations?: Record<string, string> };
  spec?: RawNodePoolSpec;
}


export interface NodePoolApplyResult extends NodePoolPlan {
  dryRun: boolean;
  activityId: string;
}

export async function readNodePool(apis: Pick<UserApis, 'custom'>, name: string): Promise<RawNodePool> {
  return (await apis.custom.getClusterCustomObject({ ...NODEPOOL, name })) as RawNodePool;
}

export function planOf(pool: RawNodePool, edit: NodePoolEdit, nodes: readonly NodeInfo[], resourceVersion?: string): NodePoolPlan {
  const name = pool.metadata?.name ?? '';
  const before = pool.spec ?? {};
  const after = editedSpec(before, edit);
  const patch = nodePoolPatch(before, after, { resourceVersion: resourceVersion ?? pool.metadata?.resourceVersion });
  return {
    name,
    resourceVersion: pool.metadata?.resourceVersion ?? '',
    generation: pool.metadata?.generation ?? 0,
    current: editableOf(before),
    changes: specChanges(before, after),
    diff: yamlDiff(before, after),
    drifted: driftedNodes(name, before, after, nodes),
    findings: preflightNodePoolEdit(name, before, after, edit),
    patch,
    kubectl: patchCommand(name, patch),
  };
}

function refuseOnErrors(plan: NodePoolPlan) {
  const errors = plan.findings.filter((f) => f.level === 'error');
  if (errors.length) throw new AppError(422, 'preflight_failed', errors.map((e) => e.message).join(' '), { findings: plan.findings });
}

export async function planNodePoolEdit(apis: Pick<UserApis, 'custom'>, name: string, edit: NodePoolEdit, nodes: readonly NodeInfo[]): Promise<NodePoolPlan> {
  return planOf(await readNodePool(apis, name), edit, nodes);
}

const conflict = (name: string, detail: string) =>
  new AppError(409, 'conflict', `NodePool "${name}" was changed by someone else since you opened it (${detail}). Review the plan again before applying.`);

export async function applyNodePoolEdit(
  apis: Pick<UserApis, 'custom' | 'core'>,
  name: string,
  edit: NodePoolEdit & { resourceVersion: string; generation?: number; dryRun?: boolean },
  nodes: readonly NodeInfo[],
  ctx: ActionContext,
): Promise<NodePoolApplyResult> {
  const record = actionRecord('edit-node-pool', ctx, ctx.now ?? new Date(), { target: { key: 'karpenter.sh/nodepool', value: name } });
  for (let attempt = 1; ; attempt++) {
    const current = await readNodePool(apis, name);
    const generation = current.metadata?.generation;
    if (edit.generation !== undefined && generation !== edit.generation) throw conflict(name, `generation ${edit.generation} → ${generation}`);
    // With the generation confirmed, the fresh read's version is the precondition; without it, the planned one.
    const precondition = edit.generation !== undefined ? current.metadata?.resourceVersion : edit.resourceVersion;
    const plan = planOf(current, edit, nodes, precondition);
    refuseOnErrors(plan);
    if (plan.changes.length === 0) throw new AppError(422, 'no_change', `NodePool "${name}" already has these settings: nothing to apply.`);
    const body = { ...plan.patch, metadata: { ...plan.patch.metadata, annotations: { [LAST_ACTION]: JSON.stringify(record) } } };
    const send = (dryRun: boolean) => apis.custom.patchClusterCustomObject({ ...NODEPOOL, name, body, dryRun: dryRun ? 'All' : undefined, fieldManager: 'nodelanes' }, mergePatch());
    let applied: RawNodePool;
    try {
      await send(true);
      applied = edit.dryRun ? current : ((await send(false)) as RawNodePool);
    } catch (err) {
      if ((err as { code?: unknown }).code === 409) {
        if (edit.generation !== undefined && attempt < MAX_ATTEMPTS) continue;
        throw conflict(name, `resourceVersion ${precondition} is no longer current`);
      }
      throw err;
    }
    if (!edit.dryRun) {
      await recordActionEvent(
        apis,
        { apiVersion: 'karpenter.sh/v1', kind: 'NodePool', name, uid: applied.metadata?.uid, resourceVersion: applied.metadata?.resourceVersion },
        { reason: 'NodePoolUpdated', message: `NodePool ${name} updated by ${ctx.actor} through nodelanes: ${plan.changes.map((c) => c.path).join(', ')}` },
        ctx.requestId,
      );
    }
    return { ...plan, resourceVersion: applied.metadata?.resourceVersion ?? plan.resourceVersion, generation: applied.metadata?.generation ?? plan.generation, dryRun: Boolean(edit.dryRun), activityId: record.id };
  }
}
