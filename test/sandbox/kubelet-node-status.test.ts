import { beforeEach, describe, expect, it } from 'vitest';
import { Store, type KObject } from '@/lib/sandbox/store';
import { eventRecorder } from '@/lib/sandbox/events';
import { runKubelet } from '@/lib/sandbox/sim/kubelet';
import { ManualClock } from '../support/manual-clock';

// The kubelet stand-in readies a node when it registers, and then leaves the node's Ready
// condition to whoever writes nodes/status: a node reported NotReady stays NotReady, as the
// dashboard's trouble marks need to see it. Likewise a pending pod whose container was reported
// waiting on something the stand-in does not simulate (ImagePullBackOff) is not started.

let store: Store;
const tick = () => runKubelet(store, eventRecorder(store, 'kubelet'));
const ready = (name: string) => (store.get('nodes', '', name)?.status?.conditions ?? []).find((c: { type: string }) => c.type === 'Ready');

let clock: ManualClock;

beforeEach(() => {
  clock = new ManualClock();
  store = new Store({ now: clock.now });
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

describe('kubelet stand-in and pod status', () => {
  const pod = (name: string): KObject =>
    ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'apps', creationTimestamp: clock.now().toISOString() }, spec: { nodeName: 'a', containers: [{ name: 'app', image: 'nginx:1.27' }] }, status: { phase: 'Pending' } }) as KObject;

  it('starts a pending pod, but leaves one whose container waits on an image pull', () => {
    tick();
    store.create('pods', pod('fine'));
    const stuck = store.create('pods', pod('pull'));
    store.update('pods', { ...stuck, status: { phase: 'Pending', containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image' } } }] } });
    for (let i = 0; i < 5; i++) {
      clock.advance(1_000);
      tick();
    }
    expect(store.get('pods', 'apps', 'fine')?.status?.phase).toBe('Running');
    expect(store.get('pods', 'apps', 'pull')?.status).toMatchObject({ phase: 'Pending', containerStatuses: [{ state: { waiting: { reason: 'ImagePullBackOff' } } }] });
  });
});
