// Node lifecycle and taint manager on a manual clock: when a stopped kubelet's node turns
// Unknown, and when its pods are evicted.
import { describe, expect, it } from 'vitest';
import { Store, type KObject } from '../store';
import { ManualClock } from '@/test/support/manual-clock';
import { NodeLifecycle } from './node-lifecycle';
import { TaintManager } from './taint-manager';

const ready = { type: 'Ready', status: 'True', reason: 'KubeletReady', lastHeartbeatTime: '2026-11-25T00:00:00Z', lastTransitionTime: '2026-11-25T00:00:00Z' };

function setup(annotations: Record<string, string> = {}) {
  const clock = new ManualClock();
  const store = new Store({ now: clock.now });
  store.create('nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', annotations }, spec: {}, status: { conditions: [ready] } });
  const pod = (name: string, tolerations: object[]) =>
    store.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default' },
      spec: { nodeName: 'n1', terminationGracePeriodSeconds: 30, tolerations, containers: [{ name: 'app', image: 'x' }] },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
    });
  const events: string[] = [];
  const messages: string[] = [];
  const record = (o: KObject, _t: string, reason: string, message: string) => {
    events.push(`${o.metadata.name} ${reason}`);
    messages.push(message);
  };
  const lifecycle = new NodeLifecycle(store, record);
  const taints = new TaintManager(store, record);
  const tickFor = (seconds: number) => {
    for (let i = 0; i < seconds; i++) {
      lifecycle.run();
      taints.run();
      clock.advance(1000);
    }
  };
  const node = () => store.get('nodes', undefined, 'n1')!;
  const deleting = (name: string) => Boolean(store.get('pods', 'default', name)?.metadata.deletionTimestamp);
  return { store, pod, tickFor, node, deleting, events, messages };
}

const defaults = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

describe('node lifecycle and taint manager', () => {
  it('a stopped kubelet: Unknown after 50 s, unreachable taints, pods not Ready, evicted 300 s later', () => {
    const { pod, tickFor, node, deleting, events, store } = setup({ 'sandbox.nodelanes.dev/kubelet': 'stopped' });
    pod('web', defaults);
    pod('agent', [{ operator: 'Exists' }]);
    tickFor(50);
    expect(node().status!.conditions[0].status).toBe('True');
    tickFor(1);
    expect(node().status!.conditions[0]).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    expect(node().spec!.taints.map((t: { key: string; effect: string }) => `${t.key}:${t.effect}`)).toEqual(['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
    expect(store.get('pods', 'default', 'web')!.status!.conditions[0].status).toBe('False');
    tickFor(299);
    expect(deleting('web')).toBe(false);
    tickFor(2);
    expect(deleting('web')).toBe(true);
    expect(deleting('agent')).toBe(false);
    expect(events).toContain('web TaintManagerEviction');
  });

  it('a taint removed before tolerationSeconds cancels the eviction; an untolerated one evicts at once', () => {
    const { pod, tickFor, node, deleting, store, messages } = setup();
    pod('patient', [{ key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 }]);
    pod('plain', []);
    const taint = (taints: object[]) => store.update('nodes', { ...node(), spec: { taints } });
    taint([{ key: 'k', value: 'v', effect: 'NoExecute' }]);
    tickFor(1);
    expect(deleting('plain')).toBe(true);
    tickFor(30);
    expect(messages).toEqual(['Marking for deletion Pod default/plain']);
    taint([]);
    tickFor(60);
    expect(deleting('patient')).toBe(false);
    // The pending eviction is dropped once, with the controller's event; the done one is not.
    expect(messages).toEqual(['Marking for deletion Pod default/plain', 'Cancelling deletion of Pod default/patient']);
    // Tainted again, the count starts over.
    taint([{ key: 'k', value: 'v', effect: 'NoExecute' }]);
    tickFor(60);
    expect(deleting('patient')).toBe(false);
    tickFor(2);
    expect(deleting('patient')).toBe(true);
    expect(messages.at(-1)).toBe('Marking for deletion Pod default/patient');
    expect(messages.filter((m) => m.startsWith('Cancelling'))).toHaveLength(1);
  });
});
