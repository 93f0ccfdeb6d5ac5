// Pin / unpin a deployment to a pool: the server reads the deployment as the user, builds the
// placement from the pool's label and taints (lib/domain/pin), dry-runs, then applies with the
// user's premise (generation) checked, and records the action on the object and as an Event.

import { PatchStrategy, setHeaderOptions, type V1Deployment, type V1Toleration } from '@kubernetes/client-node';
import { pinCommand, pinnedPlacement, placementPatch, unpinnedPlacement, type PinTarget, type PodPlacement } from '@/lib/domain/pin';
import { LAST_ACTION, RESTARTED_AT, rfc3339 } from '@/lib/domain/rollout';
import type { Taint } from '@/lib/domain/model';
import type { Toleration } from '@/lib/domain/requirements';
import { AppError } from '../../errors';
import type { UserApis } from '../impersonation';
import { actionRecord, type ActionContext } from './deployments';
import { recordActionEvent } from './record-event';

const strategicMerge = () => setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch);
const MAX_ATTEMPTS = 3;

export function placementOf(deployment: V1Deployment): PodPlacement {
  const spec = deployment.spec?.template?.spec;
  return {
    nodeSelector: spec?.nodeSelector && Object.keys(spec.nodeSelector).length ? { ...spec.nodeSelector } : undefined,
    tolerations: spec?.tolerations?.length ? spec.tolerations.map(tolerationOf) : undefined,
  };
}

function tolerationOf(t: V1Toleration): Toleration {
  const out: Toleration = {};
  if (t.key !== undefined) out.key = t.key;
  if (t.operator !== undefined) out.operator = t.operator as Toleration['operator'];
  if (t.value !== undefined) out.value = t.value;
  if (t.effect !== undefined) out.effect = t.effect;
  return out;
}

export interface PinResult {
  dryRun: boolean;
  deployment: { namespace: string; name: string; generation: number; resourceVersion: string };
  before: PodPlacement;
  after: PodPlacement;
  patch: unknown;
  kubectl: string;
  changed: boolean;
  activityId: string;
}

type Change = { action: 'pin'; target: PinTarget; taints: readonly Taint[]; restart?: boolean } | { action: 'unpin' };

export async function changePlacement(
  apis: Pick<UserApis, 'apps' | 'core'>,
  target: { namespace: string; name: string; generation?: number; dryRun?: boolean },
  change: Change,
  ctx: ActionContext,
): Promise<PinResult> {
  const { namespace, name } = target;
  const now = ctx.now ?? new Date();
  const record = actionRecord(change.action, ctx, now, change.action === 'pin' ? { target: change.target } : {});
  for (let attempt = 1; ; attempt++) {
    const current = await apis.apps.readNamespacedDeployment({ namespace, name });
    if (target.generation !== undefined && current.metadata?.generation !== target.generation) {
      throw new AppError(409, 'conflict', `Deployment "${name}" was changed by someone else since you opened it (generation ${target.generation} → ${current.metadata?.generation}). Review the plan again.`);
    }
    const before = placementOf(current);
    const after = change.action === 'pin' ? pinnedPlacement(before, change.target, change.taints) : unpinnedPlacement(before);
    const patch = placementPatch(before, after, { resourceVersion: current.metadata?.resourceVersion, annotations: { [LAST_ACTION]: JSON.stringify(record) } });
    const changed = Object.keys(patch.spec.template.spec).length > 0;
    if (change.action === 'pin' && change.restart) {
      (patch.spec.template as Record<string, unknown>).metadata = { annotations: { [RESTARTED_AT]: rfc3339(now) } };
    }
    const send = (dryRun: boolean) =>
      apis.apps.patchNamespacedDeployment({ namespace, name, body: patch, dryRun: dryRun ? 'All' : undefined, fieldManager: 'nodelanes' }, strategicMerge());
    let applied: V1Deployment;
    try {
      await send(true);
      applied = target.dryRun ? current : await send(false);
    } catch (err) {
      if ((err as { code?: unknown }).code === 409 && attempt < MAX_ATTEMPTS) continue;
      throw err;
    }
    if (!target.dryRun) {
      const what = change.action === 'pin' ? `Pinned to ${change.target.key}=${change.target.value}${change.restart ? ' and restarted' : ''}` : 'Unpinned from its pool';
      await recordActionEvent(
        apis,
        { apiVersion: 'apps/v1', kind: 'Deployment', name, namespace, uid: applied.metadata?.uid, resourceVersion: applied.metadata?.resourceVersion },
        { reason: change.action === 'pin' ? 'PinRequested' : 'UnpinRequested', message: `${what} by ${ctx.actor} through nodelanes` },
        ctx.requestId,
      );
    }
    return {
      dryRun: Boolean(target.dryRun),
      deployment: { namespace, name, generation: applied.metadata?.generation ?? 0, resourceVersion: applied.metadata?.resourceVersion ?? '' },
      before,
      after,
      patch,
      kubectl: pinCommand(namespace, name, before, after),
      changed,
      activityId: record.id,
    };
  }
}
