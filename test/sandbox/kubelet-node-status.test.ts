import { beforeEach, describe, expect, it } from 'vitest';
import { Store, type KObject } from '@/lib/sandbox/store';
import { eventRecorder } from '@/lib/sandbox/events';
import { runKubelet } from '@/lib/sandbox/sim/kubelet';
import { ManualClock } from '../support/manual-clock';

// The kubelet stand-in readies a node when it registers, and then leaves the node's Ready
// condition to whoever writes nodes/status: a node reported NotReady stays NotReady, as the
// dashboard's trouble marks need to see it.

let store: Store;
const tick = () => runKubelet(store, eventRecorder(store, 'kubelet'));
const ready = (name: string) => (store.get('nodes', '', name)?.status?.conditions ?? []).find((c: { type: string }) => c.type === 'Ready');

beforeEach(() => {
  store = new Store({ now: new ManualClock().now });
  store.create('nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'a' }, spec: {}, status: { capacity: { cpu: '4', memory: '16Gi', pods: '110' } } } as KObject);
});

describe('kubelet stand-in and node status', () => {
  it('readies a new node once, then keeps a NotReady written through the status', () => {
    tick();
    expect(ready('a')).toMatchObject({ status: 'True', reason: 'KubeletReady' });
    const node = store.get('nodes', '', 'a')!;
    const conditions = node.status.conditions.map((c: { type: string }) => (c.type === 'Ready' ? { ...c, status: 'False', reason: 'KubeletNotReady', message: 'container runtime is down' } : c));
    store.update('nodes', { ...node, status: { ...node.status, conditions } });
    tick();
    tick();
    expect(ready('a')).toMatchObject({ status: 'False', reason: 'KubeletNotReady' });
  });
});
