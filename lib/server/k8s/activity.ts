// Finding an action again after a reload: the record lives on the objects it changed (the
// `nodelanes.io/last-action` annotation on deployments, NodePools and nodes), read as the user, so the
// live view needs nothing from browser memory. A later action on the same object replaces the
// record; an older activity then reads as gone (404), which is the truth about the object.
// A drain's record is also kept on its DrainRequested Event, so the activity of a node Auto Mode
// removed once emptied still opens, for as long as the cluster keeps Events (kube-apiserver's
// --event-ttl, 1 h by default).

import { actionRecordOf, type ActionRecord } from '@/lib/domain/rollout';
import type { Activity, ActivityObject } from '@/lib/domain/activity';
import { drainStateOf, type DrainState } from '@/lib/domain/drain-state';
import { AppError } from '../errors';
import type { UserApis } from './impersonation';

const PAGE = 500;

/** Where an activity's record was found besides its objects: the Event a drain's record is kept on, and the drain's state. */
export interface ActivityCarriers {
  activity: Activity;
  drainEvent?: { namespace: string; name: string };
  drain?: DrainState;
}

export async function findActivity(apis: Pick<UserApis, 'apps' | 'custom' | 'core'>, id: string): Promise<Activity> {
  return (await locateActivity(apis, id)).activity;
}

export async function locateActivity(apis: Pick<UserApis, 'apps' | 'custom' | 'core'>, id: string): Promise<ActivityCarriers> {
  let record: ActionRecord | undefined;
  let drain: DrainState | undefined;
  const objects: ActivityObject[] = [];
  const take = (r: ActionRecord | undefined, object: ActivityObject) => {
    if (r?.id !== id) return;
    record ??= r;
    objects.push(object);
  };
  let continueToken: string | undefined;
  do {
    const page = await apis.apps.listDeploymentForAllNamespaces({ limit: PAGE, _continue: continueToken });
    for (const d of page.items) {
      take(actionRecordOf(d.metadata?.annotations), { kind: 'Deployment', namespace: d.metadata?.namespace, name: d.metadata?.name ?? '', generation: d.metadata?.generation });
    }
    continueToken = page.metadata?._continue || undefined;
  } while (continueToken);
  try {
    const pools = (await apis.custom.listClusterCustomObject({ group: 'karpenter.sh', version: 'v1', plural: 'nodepools' })) as {
      items?: Array<{ metadata?: { name?: string; annotations?: Record<string, string> } }>;
    };
    for (const p of pools.items ?? []) take(actionRecordOf(p.metadata?.annotations), { kind: 'NodePool', name: p.metadata?.name ?? '' });
  } catch (err) {
    // No Karpenter CRDs on this cluster: deployments are all there is.
    if ((err as { code?: unknown }).code !== 404) throw err;
  }
  // Node actions (cordon, drain, do-not-disrupt) leave their record on the node.
  continueToken = undefined;
  try {
    do {
      const page = await apis.core.listNode({ limit: PAGE, _continue: continueToken });
      for (const n of page.items) {
        const r = actionRecordOf(n.metadata?.annotations);
        // A drain restarts deployments under the same id: the node's record is what the user asked for.
        if (r?.id === id) {
          record = r;
          const state = drainStateOf(n.metadata?.annotations);
          if (state?.id === id) drain = state;
        }
        take(r, { kind: 'Node', name: n.metadata?.name ?? '' });
      }
      continueToken = page.metadata?._continue || undefined;
    } while (continueToken);
  } catch (err) {
    // A user who may not list nodes cannot have acted on one.
    if ((err as { code?: unknown }).code !== 403) throw err;
  }
  const fromEvent = await drainRecordFromEvents(apis, id);
  if (!record && fromEvent) return fromEvent;
  if (!record) throw new AppError(404, 'activity_not_found', `No object in this cluster carries activity ${id}: it never existed here, or a later action replaced its record.`);
  const activity = { ...record, objects: objects.sort((a, b) => `${a.kind}/${a.namespace}/${a.name}`.localeCompare(`${b.kind}/${b.namespace}/${b.name}`)) };
  return { activity, ...(fromEvent?.drainEvent ? { drainEvent: fromEvent.drainEvent } : {}), ...(drain ? { drain } : {}) };
}

/** A drain's record from its DrainRequested Event, for a node that no longer carries it (or no longer exists). */
async function drainRecordFromEvents(apis: Pick<UserApis, 'core'>, id: string): Promise<ActivityCarriers | undefined> {
  let list;
  try {
    // Events of cluster-scoped objects live in `default`, where the drain wrote its own.
    list = await apis.core.listNamespacedEvent({ namespace: 'default', fieldSelector: 'involvedObject.kind=Node,reason=DrainRequested' });
  } catch (err) {
    if ((err as { code?: unknown }).code === 403) return undefined;
    throw err;
  }
  for (const e of list.items) {
    const r = actionRecordOf(e.metadata?.annotations);
    if (r?.id === id) return { activity: { ...r, objects: [{ kind: 'Node', name: e.involvedObject?.name ?? '' }] }, drainEvent: { namespace: 'default', name: e.metadata?.name ?? '' } };
  }
  return undefined;
}
