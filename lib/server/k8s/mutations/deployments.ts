// Deployment actions, built on the server from a validated intent and sent as the signed-in
// user: read the current object, refuse what must not happen, dry-run (`dryRun=All`), then apply
// with the resourceVersion the user planned against, so a concurrent change is a 409, never a
// silent overwrite.

import { PatchStrategy, setHeaderOptions, type V1Deployment } from '@kubernetes/client-node';
import { pdbsCovering, restartCommand, restartPatch, restartRefusal, rfc3339, type ActionRecord } from '@/lib/domain/rollout';
import { AppError } from '../../errors';
import type { UserApis } from '../impersonation';
import { recordActionEvent } from './record-event';

const strategicMerge = () => setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch);

export interface ActionContext {
  /** Who acts (for the record on the object and the Event). */
  actor: string;
  requestId: string;
  now?: Date;
  /** The activity this action belongs to (a batch shares one id) and what to remember for its summary. */
  activity?: { id?: string; batch?: string[]; before?: ActionRecord['before'] };
}

/** The record an action leaves on each object it changes. */
export function actionRecord(action: string, ctx: ActionContext, now: Date, extra: Partial<ActionRecord> = {}): ActionRecord {
  return {
    id: ctx.activity?.id ?? ctx.requestId,
    action,
    by: ctx.actor,
    at: rfc3339(now),
    ...extra,
    ...(ctx.activity?.batch ? { batch: ctx.activity.batch } : {}),
    ...(ctx.activity?.before ? { before: ctx.activity.before } : {}),
  };
}

export interface PdbSummary {
  name: string;
  disruptionsAllowed: number;
  minAvailable?: number | string;
  maxUnavailable?: number | string;
}

export interface RestartResult {
  dryRun: boolean;
  deployment: { namespace: string; name: string; resourceVersion: string; generation: number; replicas: number };
  kubectl: string;
  patch: unknown;
  /** PDBs covering its pods: they pace evictions (drains, consolidation) while the rollout runs. */
  pdbs: PdbSummary[];
  strategy: { type: string; maxSurge?: string | number; maxUnavailable?: string | number };
  activityId: string;
}

export async function readDeployment(apis: Pick<UserApis, 'apps'>, namespace: string, name: string): Promise<V1Deployment> {
  return apis.apps.readNamespacedDeployment({ namespace, name });
}

/** Attempts when only status moved under us (the controller bumps resourceVersion constantly). */
const MAX_ATTEMPTS = 3;

export async function restartDeployment(
  apis: Pick<UserApis, 'apps' | 'core' | 'policy'>,
  target: { namespace: string; name: string; generation?: number; dryRun?: boolean },
  ctx: ActionContext,
): Promise<RestartResult> {
  const { namespace, name } = target;
  const now = ctx.now ?? new Date();
  const record = actionRecord('restart', ctx, now);
  for (let attempt = 1; ; attempt++) {
    const current = await readDeployment(apis, namespace, name);
    // The user's premise is the spec they reviewed (its generation), not the status, which the
    // controller rewrites all the time.
    if (target.generation !== undefined && current.metadata?.generation !== target.generation) {
      throw new AppError(409, 'conflict', `Deployment "${name}" was changed by someone else since you opened it (generation ${target.generation} → ${current.metadata?.generation}). Review it again before restarting.`);
    }
    const refusal = restartRefusal({ name, paused: current.spec?.paused, conditions: current.status?.conditions });
    if (refusal) throw new AppError(409, refusal.code, refusal.message);

    const patch = restartPatch(now, record, current.metadata?.resourceVersion);
    const send = (dryRun: boolean) =>
      apis.apps.patchNamespacedDeployment({ namespace, name, body: patch, dryRun: dryRun ? 'All' : undefined, fieldManager: 'nodelanes' }, strategicMerge());
    let applied: V1Deployment;
    try {
      // The dry run asks admission (webhooks, quotas, RBAC) before anything changes.
      await send(true);
      applied = target.dryRun ? current : await send(false);
    } catch (err) {
      // A 409 here means the object moved between our read and our write: read again and
      // re-check the user's premise (never a blind retry).
      if ((err as { code?: unknown }).code === 409 && attempt < MAX_ATTEMPTS) continue;
      throw err;
    }
    if (!target.dryRun) {
      await recordActionEvent(
        apis,
        { apiVersion: 'apps/v1', kind: 'Deployment', name, namespace, uid: applied.metadata?.uid, resourceVersion: applied.metadata?.resourceVersion },
        { reason: 'RestartRequested', message: `Rollout restart requested by ${ctx.actor} through nodelanes` },
        ctx.requestId,
      );
    }
    return summarize(apis, current, applied, patch, Boolean(target.dryRun), record.id);
  }
}

async function summarize(
  apis: Pick<UserApis, 'policy'>,
  current: V1Deployment,
  applied: V1Deployment,
  patch: unknown,
  dryRun: boolean,
  activityId: string,
): Promise<RestartResult> {
  const namespace = current.metadata?.namespace ?? '';
  const name = current.metadata?.name ?? '';
  const pdbList = await apis.policy.listNamespacedPodDisruptionBudget({ namespace }).catch(() => ({ items: [] }));
  const pdbs = pdbsCovering(
    pdbList.items.map((p) => ({
      name: p.metadata?.name ?? '',
      selector: p.spec?.selector ?? null,
      disruptionsAllowed: p.status?.disruptionsAllowed ?? 0,
      minAvailable: p.spec?.minAvailable,
      maxUnavailable: p.spec?.maxUnavailable,
    })),
    current.spec?.template?.metadata?.labels,
  ).map(({ selector: _selector, ...rest }) => rest);

  return {
    dryRun,
    deployment: {
      namespace,
      name,
      resourceVersion: applied.metadata?.resourceVersion ?? '',
      generation: applied.metadata?.generation ?? 0,
      replicas: current.spec?.replicas ?? 1,
    },
    kubectl: restartCommand(namespace, name),
    patch,
    pdbs,
    strategy: {
      type: current.spec?.strategy?.type ?? 'RollingUpdate',
      maxSurge: current.spec?.strategy?.rollingUpdate?.maxSurge,
      maxUnavailable: current.spec?.strategy?.rollingUpdate?.maxUnavailable,
    },
    activityId,
  };
}
