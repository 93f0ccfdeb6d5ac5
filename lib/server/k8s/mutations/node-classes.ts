// Creating a NodeClass and its NodePool as the signed-in user: preflight (lib/domain/node-class),
// both objects dry-run, then created in order — and if the NodePool is refused after the
// NodeClass was made, the NodeClass is removed again, so a failure never leaves half a setup.

import {
  applyCommand,
  buildNodeClass,
  buildNodePool,
  manifestsYaml,
  preflightNodeClass,
  type Finding,
  type NodeClassDefaults,
  type NodeClassIntent,
  type PreflightContext,
} from '@/lib/domain/node-class';
import { intentFieldOfCause } from '@/lib/domain/node-class-causes';
import { AppError } from '../../errors';
import { kubeErrorToAppError } from '../errors';
import { log } from '../../log';
import type { UserApis } from '../impersonation';
import { actionRecord, type ActionContext } from './deployments';
import { LAST_ACTION } from '@/lib/domain/rollout';
import { recordActionEvent } from './record-event';

const NODECLASS = { group: 'eks.amazonaws.com', version: 'v1', plural: 'nodeclasses' } as const;
const NODEPOOL = { group: 'karpenter.sh', version: 'v1', plural: 'nodepools' } as const;

export interface CreateNodeClassResult {
  dryRun: boolean;
  findings: Finding[];
  objects: { nodeClass: object; nodePool: object };
  yaml: string;
  kubectl: string;
  activityId: string;
}

async function defaultsFromCluster(apis: Pick<UserApis, 'custom'>): Promise<NodeClassDefaults> {
  try {
    const d = (await apis.custom.getClusterCustomObject({ ...NODECLASS, name: 'default' })) as { spec?: NodeClassDefaults };
    return { role: d.spec?.role, subnetSelectorTerms: d.spec?.subnetSelectorTerms, securityGroupSelectorTerms: d.spec?.securityGroupSelectorTerms };
  } catch {
    // No `default` class (not Auto Mode, or not readable): the intent must say everything itself.
    return {};
  }
}

export async function createNodeClassAndPool(
  apis: Pick<UserApis, 'custom' | 'core'>,
  intent: NodeClassIntent & { dryRun?: boolean },
  preflight: PreflightContext,
  ctx: ActionContext,
): Promise<CreateNodeClassResult> {
  const findings = preflightNodeClass(intent, preflight);
  const errors = findings.filter((f) => f.level === 'error');
  if (errors.length) {
    throw new AppError(422, 'preflight_failed', errors.map((e) => e.message).join(' '), { findings });
  }
  const defaults = await defaultsFromCluster(apis);
  const nodeClass = buildNodeClass(intent, defaults);
  const record = actionRecord('create-node-class', ctx, ctx.now ?? new Date(), { target: { key: 'karpenter.sh/nodepool', value: intent.nodePool.name } });
  const built = buildNodePool(intent.nodePool, intent.name);
  // The pool carries the record, so the activity view finds what this action created after a reload.
  const nodePool = { ...built, metadata: { ...built.metadata, annotations: { [LAST_ACTION]: JSON.stringify(record) } } };
  // What a GitOps repo would hold: without our bookkeeping annotation.
  const text = manifestsYaml([nodeClass, built]);
  const fileName = `${intent.name}.yaml`;

  // Admission (schema, RBAC, webhooks) judges both before either exists.
  await judged('NodeClass', intent.nodePool, () => apis.custom.createClusterCustomObject({ ...NODECLASS, body: nodeClass, dryRun: 'All' }));
  await judged('NodePool', intent.nodePool, () => apis.custom.createClusterCustomObject({ ...NODEPOOL, body: nodePool, dryRun: 'All' }));
  if (!intent.dryRun) {
    await apis.custom.createClusterCustomObject({ ...NODECLASS, body: nodeClass, fieldManager: 'nodelanes' });
    try {
      await apis.custom.createClusterCustomObject({ ...NODEPOOL, body: nodePool, fieldManager: 'nodelanes' });
    } catch (err) {
      await apis.custom.deleteClusterCustomObject({ ...NODECLASS, name: intent.name }).catch((cleanup) =>
        log('error', 'could not remove the NodeClass after its NodePool was refused', { requestId: ctx.requestId, nodeClass: intent.name, error: String(cleanup) }),
      );
      throw err;
    }
    await recordActionEvent(
      apis,
      { apiVersion: 'karpenter.sh/v1', kind: 'NodePool', name: intent.nodePool.name },
      { reason: 'NodePoolCreated', message: `NodePool ${intent.nodePool.name} and NodeClass ${intent.name} created by ${ctx.actor} through nodelanes` },
      ctx.requestId,
    );
  }
  return { dryRun: Boolean(intent.dryRun), findings, objects: { nodeClass, nodePool: built }, yaml: text, kubectl: applyCommand(fileName), activityId: record.id };
}

type Cause = { field?: string; message?: string; reason?: string };

/**
 * Runs one admission check; a refusal that names fields of the object comes back with findings
 * naming the intent's fields, so the form shows the API server's words beside the field it meant.
 */
async function judged<T>(kind: 'NodeClass' | 'NodePool', pool: NodeClassIntent['nodePool'], call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const refused = kubeErrorToAppError(err);
    const causes = (refused?.details as { causes?: Cause[] } | undefined)?.causes;
    if (!refused || !causes?.length) throw err;
    const findings: Finding[] = causes.map((c) => ({
      level: 'error',
      code: c.reason ?? 'invalid',
      message: `${kind} ${c.field ?? ''}: ${c.message ?? refused.message}`.replace(' :', ':'),
      field: c.field ? intentFieldOfCause(kind, c.field, pool) : undefined,
    }));
    throw new AppError(refused.status, refused.code, refused.message, { causes, findings });
  }
}
