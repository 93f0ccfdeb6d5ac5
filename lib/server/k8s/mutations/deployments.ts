// Deployment actions, built on the server from a validated intent and sent as the signed-in user
// (through patchDeploymentAsUser: premise, dry run, apply, Event), and the record every action
// leaves on what it changes.

import type { V1Deployment } from '@kubernetes/client-node';
import { RESTARTED_AT, pdbsCovering, restartCommand, restartPatch, restartRefusal, rfc3339, type ActionRecord } from '@/lib/domain/rollout';
import { AppError } from '../../errors';
import type { UserApis } from '../impersonation';
import { patchDeploymentAsUser, type DeploymentTarget } from './patch-deployment';


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

export async function restartDeployment(
  apis: Pick<UserApis, 'apps' | 'core' | 'policy'>,
  target: DeploymentTarget,
  ctx: ActionContext,
): Promise<RestartResult> {
  const now = ctx.now ?? new Date();
  const record = actionRecord('restart', ctx, now);
  const { current, applied, patch } = await patchDeploymentAsUser(
    apis,
    target,
    {
      build: (d) => {
        const refusal = restartRefusal({ name: target.name, paused: d.spec?.paused, conditions: d.status?.conditions });
        if (refusal) throw new AppError(409, refusal.code, refusal.message);
        return { patch: restartPatch(now, record, d.metadata?.resourceVersion, d.spec?.template?.metadata?.annotations?.[RESTARTED_AT]), extra: undefined };
      },
      event: () => ({ reason: 'RestartRequested', message: `Rollout restart requested by ${ctx.actor} through nodelanes` }),
    },
    ctx.requestId,
  );
  return summarize(apis, current, applied, patch, Boolean(target.dryRun), record.id);
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
