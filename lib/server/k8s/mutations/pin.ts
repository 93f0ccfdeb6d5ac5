// Pin / unpin a deployment to a pool: the placement is built from the deployment as it is and
// the pool's label and taints (lib/domain/pin); patchDeploymentAsUser does the premise, dry run,
// apply and Event; the record of the action rides in the same patch.

import type { V1Deployment, V1Toleration } from '@kubernetes/client-node';
import { pinCommand, pinnedPlacement, placementPatch, unpinnedPlacement, type PinTarget, type PodPlacement } from '@/lib/domain/pin';
import { LAST_ACTION, RESTARTED_AT, restartStamp } from '@/lib/domain/rollout';
import type { Taint } from '@/lib/domain/model';
import type { Toleration } from '@/lib/domain/requirements';
import type { UserApis } from '../impersonation';
import { actionRecord, type ActionContext } from './deployments';
import { patchDeploymentAsUser } from './patch-deployment';

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
  const { applied, patch, extra } = await patchDeploymentAsUser(
    apis,
    target,
    {
      build: (current) => {
        const before = placementOf(current);
        const after = change.action === 'pin' ? pinnedPlacement(before, change.target, change.taints) : unpinnedPlacement(before);
        const patch = placementPatch(before, after, { resourceVersion: current.metadata?.resourceVersion, annotations: { [LAST_ACTION]: JSON.stringify(record) } });
        const changed = Object.keys(patch.spec.template.spec).length > 0;
        if (change.action === 'pin' && change.restart) {
          (patch.spec.template as Record<string, unknown>).metadata = { annotations: { [RESTARTED_AT]: restartStamp(now, current.spec?.template?.metadata?.annotations?.[RESTARTED_AT]) } };
        }
        return { patch, extra: { before, after, changed } };
      },
      event: () => {
        const what = change.action === 'pin' ? `Pinned to ${change.target.key}=${change.target.value}${change.restart ? ' and restarted' : ''}` : 'Unpinned from its pool';
        return { reason: change.action === 'pin' ? 'PinRequested' : 'UnpinRequested', message: `${what} by ${ctx.actor} through nodelanes` };
      },
    },
    ctx.requestId,
  );
  return {
    dryRun: Boolean(target.dryRun),
    deployment: { namespace, name, generation: applied.metadata?.generation ?? 0, resourceVersion: applied.metadata?.resourceVersion ?? '' },
    before: extra.before,
    after: extra.after,
    patch,
    kubectl: pinCommand(namespace, name, extra.before, extra.after),
    changed: extra.changed,
    activityId: record.id,
  };
}
