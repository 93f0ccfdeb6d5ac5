// A NodeClaim's life after the provisioner created it, over simulated time: Launched (the EC2
// instance runs), Registered (its Node joins), Initialized and Ready. Each step checks the claim is
// still wanted: one deleted meanwhile is the consolidator's to finish.

import type { KObject, Store } from '../store';
import type { SimTimer } from '../sim/clock';
import type { RecordEvent } from '../events';
import { upsertCondition } from '../conditions';
import { condition, launchedStatus, nodeForClaim } from './nodeclaim-objects';

export const NODECLAIMS = 'karpenter.sh/nodeclaims';

/** Simulated seconds between the steps of a NodeClaim's life (EC2 launch, kubelet join, ready). */
export const LAUNCH_DELAY = { launched: 3, registered: 15, initialized: 5 };

export interface LaunchContext {
  store: Store;
  clock: SimTimer;
  record: RecordEvent;
  /** The provisioner was stopped: timers still due do nothing. */
  stopped(): boolean;
}

/** Starts the claim's launch: the instance comes up after LAUNCH_DELAY.launched. */
export function startLaunch(ctx: LaunchContext, name: string, type: string, zone: string, instanceId: string) {
  ctx.clock.setTimeout(() => launched(ctx, name, type, zone, instanceId), LAUNCH_DELAY.launched * 1000);
}

/** The NodeClaim whose next launch step is due, unless it is gone or deleted meanwhile (the consolidator lets that one go). */
function launching(ctx: LaunchContext, name: string): KObject | undefined {
  const claim = ctx.store.get(NODECLAIMS, undefined, name);
  return claim && !ctx.stopped() && !claim.metadata.deletionTimestamp ? claim : undefined;
}

function launched(ctx: LaunchContext, name: string, type: string, zone: string, instanceId: string) {
  const claim = launching(ctx, name);
  if (!claim) return;
  const saved = ctx.store.update(NODECLAIMS, { ...claim, status: launchedStatus(claim, type, zone, instanceId, ctx.store.timestamp()) });
  ctx.record(saved, 'Normal', 'Launched', `Status condition transitioned, Type: Launched, Status: True, Reason: Launched (${type}, ${instanceId})`);
  ctx.clock.setTimeout(() => registered(ctx, name, instanceId), LAUNCH_DELAY.registered * 1000);
}

function registered(ctx: LaunchContext, name: string, instanceId: string) {
  const { store } = ctx;
  const claim = launching(ctx, name);
  if (!claim) return;
  const node = store.create('nodes', nodeForClaim(claim, instanceId));
  const saved = store.update(NODECLAIMS, {
    ...claim,
    status: { ...claim.status, nodeName: node.metadata.name, conditions: upsertCondition(claim.status?.conditions, condition('Registered', 'True', 'Registered', store.timestamp())) },
  });
  ctx.record(saved, 'Normal', 'Registered', `Status condition transitioned, Type: Registered, Status: True, Reason: Registered (node ${node.metadata.name})`);
  ctx.clock.setTimeout(() => initialized(ctx, name), LAUNCH_DELAY.initialized * 1000);
}

function initialized(ctx: LaunchContext, name: string) {
  const { store } = ctx;
  const claim = launching(ctx, name);
  if (!claim) return;
  const node = store.get('nodes', undefined, claim.status?.nodeName);
  if (node) store.update('nodes', { ...node, metadata: { ...node.metadata, labels: { ...node.metadata.labels, 'karpenter.sh/initialized': 'true' } } });
  const at = store.timestamp();
  const conditions = [condition('Initialized', 'True', 'Initialized', at), condition('Ready', 'True', 'Ready', at)].reduce(
    (list, c) => upsertCondition(list, c),
    claim.status?.conditions,
  );
  const saved = store.update(NODECLAIMS, { ...claim, status: { ...claim.status, conditions } });
  ctx.record(saved, 'Normal', 'Initialized', 'Status condition transitioned, Type: Initialized, Status: True, Reason: Initialized');
}
