// The scheduler's preemption on a store, step by step: nomination, the victim marked and deleted
// gracefully with a Preempted event, no second preemption while it terminates, the nominated room
// held against a lower-priority pod, and the bind once the victim is gone.
import { describe, expect, it } from 'vitest';
import { Store, type KObject } from '../store';
import { schedule } from './scheduler';

function cluster() {
  let now = new Date('2026-11-28T00:00:00Z').getTime();
  const store = new Store({ now: () => new Date(now) });
  store.create('nodes', {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'n1', labels: { 'kubernetes.io/hostname': 'n1' } },
    status: { allocatable: { cpu: '2', memory: '8Gi', pods: '110' }, conditions: [{ type: 'Ready', status: 'True' }] },
  });
  const events: { reason: string; message: string; name: string }[] = [];
  const record = (about: KObject, _type: string, reason: string, message: string) => events.push({ reason, message, name: about.metadata.name });
  return { store, events, record, later: () => (now += 60_000) };
}

function pod(store: Store, name: string, priority: number, extra: { nodeName?: string; phase?: string; preemptionPolicy?: string } = {}) {
  store.create('pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { namespace: 'apps', name },
    spec: {
      priority,
      preemptionPolicy: extra.preemptionPolicy ?? 'PreemptLowerPriority',
      terminationGracePeriodSeconds: 30,
      containers: [{ name: 'c', image: 'app', resources: { requests: { cpu: '1500m' } } }],
      ...(extra.nodeName ? { nodeName: extra.nodeName } : {}),
    },
    status: { phase: extra.phase ?? 'Pending' },
  });
}

const get = (store: Store, name: string) => store.get('pods', 'apps', name);
const scheduledMessage = (p: KObject | undefined) => (p?.status?.conditions ?? []).find((c: { type: string }) => c.type === 'PodScheduled')?.message;

describe('scheduler preemption', () => {
  it('nominates, preempts gracefully, holds the room and binds once the victim is gone', () => {
    const { store, events, record, later } = cluster();
    pod(store, 'low', 1, { nodeName: 'n1', phase: 'Running' });
    pod(store, 'high', 100);
    expect(schedule(store, record as never)).toBe(0);
    expect(get(store, 'high')?.status?.nominatedNodeName).toBe('n1');
    expect(scheduledMessage(get(store, 'high'))).toBe('0/1 nodes are available: 1 Insufficient cpu.');
    const victim = get(store, 'low')!;
    expect(victim.metadata.deletionTimestamp).toBeDefined();
    expect(victim.status.conditions).toContainEqual(expect.objectContaining({ type: 'DisruptionTarget', reason: 'PreemptionByScheduler', message: 'default-scheduler: preempting to accommodate a higher priority pod' }));
    expect(events).toContainEqual({ reason: 'Preempted', message: `Preempted by pod ${get(store, 'high')!.metadata.uid} on node n1`, name: 'low' });

    // While the victim terminates the pod waits instead of preempting again.
    later();
    expect(schedule(store, record as never)).toBe(0);
    expect(scheduledMessage(get(store, 'high'))).toBe('0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to a terminating pod on the nominated node.');

    // The victim is gone: a lower-priority newcomer may not take the nominated room.
    store.remove('pods', 'apps', 'low');
    pod(store, 'newcomer', 50);
    later();
    // Even while the nominated pod itself is backed off and not tried in this pass.
    const backedOff = new Map([[get(store, 'high')!.metadata.uid!, Infinity]]);
    expect(schedule(store, record as never, backedOff)).toBe(0);
    expect(get(store, 'newcomer')?.status?.nominatedNodeName).toBeUndefined();
    later();
    expect(schedule(store, record as never)).toBe(1);
    expect(get(store, 'high')?.spec?.nodeName).toBe('n1');
    expect(get(store, 'high')?.status?.nominatedNodeName).toBeUndefined();
    expect(get(store, 'newcomer')?.spec?.nodeName).toBeUndefined();
  });

  it('drops a nomination when preemption no longer finds room', () => {
    const { store, record } = cluster();
    pod(store, 'high', 100);
    const fresh = get(store, 'high')!;
    // Nominated earlier, but the node now holds a pod of equal priority that nothing may preempt.
    store.update('pods', { ...fresh, status: { ...fresh.status, nominatedNodeName: 'n1' } });
    pod(store, 'peer', 100, { nodeName: 'n1', phase: 'Running' });
    schedule(store, record as never);
    expect(get(store, 'high')?.status?.nominatedNodeName).toBeUndefined();
    expect(scheduledMessage(get(store, 'high'))).toBe('0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.');
  });

  it('a pod with preemptionPolicy Never waits without preempting', () => {
    const { store, record } = cluster();
    pod(store, 'low', 1, { nodeName: 'n1', phase: 'Running' });
    pod(store, 'polite', 100, { preemptionPolicy: 'Never' });
    schedule(store, record as never);
    expect(get(store, 'low')?.metadata.deletionTimestamp).toBeUndefined();
    expect(scheduledMessage(get(store, 'polite'))).toBe('0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.');
  });
});
