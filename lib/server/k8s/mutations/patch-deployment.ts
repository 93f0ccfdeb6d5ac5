// The one way an action changes a deployment: read it as the user, check the user's premise
// (the spec generation they reviewed — status moves all the time and does not count), build the
// patch from what is there now, dry-run it (admission, quotas, RBAC judge it first), apply it
// with the resourceVersion just read as precondition, and leave an Event. A 409 between our read
// and our write means only that the object moved: read again and re-check the premise — never a
// blind retry.

import { PatchStrategy, setHeaderOptions, type V1Deployment } from '@kubernetes/client-node';
import { AppError } from '../../errors';
import type { UserApis } from '../impersonation';
import { recordActionEvent } from './record-event';

const MAX_ATTEMPTS = 3;

export interface DeploymentTarget {
  namespace: string;
  name: string;
  /** The generation the user reviewed; a newer one is someone else's change (409). */
  generation?: number;
  dryRun?: boolean;
}

export interface PatchOutcome<T> {
  current: V1Deployment;
  applied: V1Deployment;
  patch: object;
  extra: T;
}

export async function patchDeploymentAsUser<T>(
  apis: Pick<UserApis, 'apps' | 'core'>,
  target: DeploymentTarget,
  step: {
    /** Builds the strategic-merge patch (with metadata.resourceVersion) from the object now; throws AppError to refuse. */
    build(current: V1Deployment): { patch: object; extra: T };
    /** The Event left on the deployment once applied. */
    event(extra: T): { reason: string; message: string };
  },
  requestId: string,
): Promise<PatchOutcome<T>> {
  const { namespace, name } = target;
  for (let attempt = 1; ; attempt++) {
    const current = await apis.apps.readNamespacedDeployment({ namespace, name });
    if (target.generation !== undefined && current.metadata?.generation !== target.generation) {
      throw new AppError(
        409,
        'conflict',
        `Deployment "${name}" was changed by someone else since you opened it (generation ${target.generation} → ${current.metadata?.generation}). Review it again.`,
      );
    }
    const { patch, extra } = step.build(current);
    const send = (dryRun: boolean) =>
      apis.apps.patchNamespacedDeployment(
        { namespace, name, body: patch, dryRun: dryRun ? 'All' : undefined, fieldManager: 'nodelanes' },
        setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
      );
    let applied: V1Deployment;
    try {
      await send(true);
      applied = target.dryRun ? current : await send(false);
    } catch (err) {
      if ((err as { code?: unknown }).code === 409 && attempt < MAX_ATTEMPTS) continue;
      throw err;
    }
    if (!target.dryRun) {
      await recordActionEvent(
        apis,
        { apiVersion: 'apps/v1', kind: 'Deployment', name, namespace, uid: applied.metadata?.uid, resourceVersion: applied.metadata?.resourceVersion },
        step.event(extra),
        requestId,
      );
    }
    return { current, applied, patch, extra };
  }
}
