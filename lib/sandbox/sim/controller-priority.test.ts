// Pods the StatefulSet, DaemonSet and Job controllers make go through Priority admission as
// API-created pods do: the class resolves to priority and preemption policy, and an unknown class
// makes the create fail with the apiserver's refusal, recorded on the owner as FailedCreate in the
// words of each kube-controller-manager controller.
import { describe, expect, it } from 'vitest';
import { Store, type KObject } from '../store';
import { ManualClock } from '@/test/support/manual-clock';
import { seedPriorityClasses, PRIORITY_CLASSES } from '../kube-api/priority-admission';
import { reconcileStatefulSets, STATEFULSETS } from './statefulsets';
import { reconcileDaemonSets, DAEMONSETS } from './daemonsets';
import { reconcileJobs } from './jobs';

const NS = 'default';

function setup() {
  const store = new Store({ now: new ManualClock().now });
  seedPriorityClasses(store);
  store.create(PRIORITY_CLASSES, { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000 });
  store.create(PRIORITY_CLASSES, { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'polite' }, value: 500, preemptionPolicy: 'Never' });
  store.create('nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', labels: { 'kubernetes.io/hostname': 'n1' } }, spec: {}, status: { conditions: [{ type: 'Ready', status: 'True' }] } });
  const events: { owner: string; type: string; reason: string; message: string }[] = [];
  const record = (o: KObject, type: string, reason: string, message: string) => events.push({ owner: o.metadata.name, type, reason, message });
  let seed = 0;
  const random = () => (seed = (seed * 16807 + 7) % 2147483647) / 2147483647;
  const reconcile = () => {
    reconcileStatefulSets(store, record);
    reconcileDaemonSets(store, record, random);
    reconcileJobs(store, record, random);
  };
  const podsOf = (prefix: string) => store.list('pods', NS).filter((p) => p.metadata.name.startsWith(`${prefix}-`));
  return { store, events, reconcile, podsOf };
}

const template = (app: string, priorityClassName: string, restartPolicy?: string) => ({
  metadata: { labels: { app } },
  spec: { priorityClassName, ...(restartPolicy ? { restartPolicy } : {}), containers: [{ name: 'c', image: 'nginx:1.27' }] },
});
const statefulSet = (name: string, cls: string) => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name, namespace: NS, generation: 1 },
  spec: { replicas: 2, podManagementPolicy: 'Parallel', serviceName: name, selector: { matchLabels: { app: name } }, template: template(name, cls) },
});
const daemonSet = (name: string, cls: string) => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name, namespace: NS, generation: 1 },
  spec: { selector: { matchLabels: { app: name } }, template: template(name, cls) },
});
const job = (name: string, cls: string) => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name, namespace: NS, generation: 1 },
  spec: { template: template(name, cls, 'Never') },
});

describe('controller-made pods and Priority admission', () => {
  it.each([
    ['StatefulSet', STATEFULSETS, statefulSet, 2],
    ['DaemonSet', DAEMONSETS, daemonSet, 1],
    ['Job', 'batch/jobs', job, 1],
  ] as const)('%s pods get the priority and preemption policy of their class', (_kind, storage, make, count) => {
    const { store, reconcile, podsOf, events } = setup();
    store.create(storage, make('ranked', 'high'));
    store.create(storage, make('meek', 'polite'));
    reconcile();
    expect(podsOf('ranked').map((p) => [p.spec.priorityClassName, p.spec.priority, p.spec.preemptionPolicy])).toEqual(Array(count).fill(['high', 1000, 'PreemptLowerPriority']));
    expect(podsOf('meek').map((p) => [p.spec.priority, p.spec.preemptionPolicy])).toEqual(Array(count).fill([500, 'Never']));
    expect(events.filter((e) => e.reason === 'FailedCreate')).toEqual([]);
  });

  it('an unknown class: the StatefulSet makes no pod and reports the refusal naming the pod', () => {
    const { store, reconcile, podsOf, events } = setup();
    store.create(STATEFULSETS, statefulSet('stray', 'foo'));
    reconcile();
    expect(podsOf('stray')).toEqual([]);
    expect(events.filter((e) => e.reason === 'FailedCreate')).toEqual([
      // Parallel still stops at the first failure of a pass, as the controller returns its error.
      { owner: 'stray', type: 'Warning', reason: 'FailedCreate', message: 'create Pod stray-0 in StatefulSet stray failed error: pods "stray-0" is forbidden: no PriorityClass with name foo was found' },
    ]);
    // Once the class exists, the next pass makes the pods.
    store.create(PRIORITY_CLASSES, { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'foo' }, value: 7 });
    reconcile();
    expect(podsOf('stray').map((p) => [p.metadata.name, p.spec.priority])).toEqual([
      ['stray-0', 7],
      ['stray-1', 7],
    ]);
  });

  it.each([
    ['DaemonSet', DAEMONSETS, daemonSet],
    ['Job', 'batch/jobs', job],
  ] as const)('an unknown class: the %s makes no pod and reports the refusal naming its generateName', (_kind, storage, make) => {
    const { store, reconcile, podsOf, events } = setup();
    store.create(storage, make('stray', 'foo'));
    reconcile();
    expect(podsOf('stray')).toEqual([]);
    expect(events.filter((e) => e.reason === 'FailedCreate')).toEqual([
      { owner: 'stray', type: 'Warning', reason: 'FailedCreate', message: 'Error creating: pods "stray-" is forbidden: no PriorityClass with name foo was found' },
    ]);
  });
});
