// The DaemonSet controller with the scheduler and the kubelet stand-in over a bare store and a
// manual clock: one pod per eligible node (selector, taints, cordons), pods following nodes as
// they come and go, rolling updates within maxUnavailable or maxSurge, OnDelete, and the status.
import { beforeEach, describe, expect, it } from 'vitest';
import { Store, type KObject, type OwnerReference } from '@/lib/sandbox/store';
import { eventRecorder } from '@/lib/sandbox/events';
import { defaultObject } from '@/lib/sandbox/kube-api/defaults';
import { runKubelet } from '@/lib/sandbox/sim/kubelet';
import { schedule } from '@/lib/sandbox/sim/scheduler';
import { KindControllers } from '@/lib/sandbox/sim/kinds';
import { DAEMONSETS } from '@/lib/sandbox/sim/daemonsets';
import { hasTrueCondition } from '@/lib/sandbox/conditions';
import { startAutoMode } from '@/lib/sandbox/automode';
import { NODECLAIMS, NODECLASSES, NODEPOOLS } from '@/lib/sandbox/automode/provisioner';
import { ManualClock } from '../support/manual-clock';
import { seededRandom } from '@/lib/sandbox/sim/scenario';

const NS = 'agents';
let store: Store;
let clock: ManualClock;
let tick: () => void;

const node = (name: string, labels: Record<string, string> = {}, taints: object[] = []): KObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } },
  spec: taints.length ? { taints } : {},
  status: { capacity: { cpu: '4', memory: '16Gi', pods: '110' } },
});

const daemonSet = (name: string, spec: Record<string, unknown> = {}, podSpec: Record<string, unknown> = {}): KObject =>
  defaultObject(DAEMONSETS, {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: NS },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: `${name}:1`, resources: { requests: { cpu: '50m', memory: '64Mi' } } }], ...podSpec } },
      ...spec,
    },
  });

const podsOf = (ds: string) => store.list('pods', NS).filter((p) => p.metadata.ownerReferences?.[0]?.name === ds);
const live = (ds: string) => podsOf(ds).filter((p) => !p.metadata.deletionTimestamp);
const nodesWith = (ds: string) => live(ds).map((p) => p.spec.nodeName ?? '(pending)').sort();
const status = (ds: string) => store.get(DAEMONSETS, NS, ds)!.status;
const available = (p: KObject) => p.status?.phase === 'Running' && hasTrueCondition(p, 'Ready') && !p.metadata.deletionTimestamp;

function run(seconds: number, each?: () => void) {
  for (let i = 0; i < seconds; i++) {
    clock.advance(1000);
    tick();
    each?.();
  }
}

/** Changes the template as an update through the API would (the generation follows the spec). */
function setImage(ds: string, image: string) {
  const cur = store.get(DAEMONSETS, NS, ds)!;
  const template = structuredClone(cur.spec.template);
  template.spec.containers[0].image = image;
  store.update(DAEMONSETS, { ...cur, metadata: { ...cur.metadata, generation: (cur.metadata.generation ?? 1) + 1 }, spec: { ...cur.spec, template } });
}

beforeEach(() => {
  clock = new ManualClock();
  store = new Store({ now: clock.now });
  store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  const record = (component: string) => eventRecorder(store, component);
  const kinds = new KindControllers(store, record, seededRandom(3));
  const retryAt = new Map<string, number>();
  tick = () => {
    runKubelet(store, record('kubelet'));
    kinds.reconcile();
    schedule(store, record('default-scheduler'), retryAt);
  };
  store.create('nodes', node('a'));
  store.create('nodes', node('b'));
  store.create('nodes', node('gpu-1', { 'example.com/gpu': 'true' }, [{ key: 'example.com/gpu', value: 'true', effect: 'NoSchedule' }]));
  run(1);
});

describe('DaemonSet controller', () => {
  it('makes one pod per eligible node, pinned by node affinity, with the controller tolerations and labels', () => {
    store.create(DAEMONSETS, daemonSet('log-agent'), { generation: true });
    run(6);
    // gpu-1's taint is not tolerated: no pod there.
    expect(nodesWith('log-agent')).toEqual(['a', 'b']);
    for (const p of live('log-agent')) {
      expect(p.metadata.name).toMatch(/^log-agent-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata.generateName).toBe('log-agent-');
      expect(p.metadata.labels).toMatchObject({ app: 'log-agent', 'pod-template-generation': '1' });
      expect(p.metadata.labels?.['controller-revision-hash']).toMatch(/^\w+$/);
      expect(p.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'DaemonSet', name: 'log-agent', controller: true })]);
      expect(p.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution).toEqual({
        nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [p.spec.nodeName] }] }],
      });
      expect(p.spec.tolerations.map((t: { key: string; effect: string }) => `${t.key}:${t.effect}`)).toEqual([
        'node.kubernetes.io/not-ready:NoExecute',
        'node.kubernetes.io/unreachable:NoExecute',
        'node.kubernetes.io/disk-pressure:NoSchedule',
        'node.kubernetes.io/memory-pressure:NoSchedule',
        'node.kubernetes.io/pid-pressure:NoSchedule',
        'node.kubernetes.io/unschedulable:NoSchedule',
      ]);
      expect(available(p)).toBe(true);
    }
    expect(status('log-agent')).toEqual({
      currentNumberScheduled: 2,
      desiredNumberScheduled: 2,
      numberMisscheduled: 0,
      numberReady: 2,
      numberAvailable: 2,
      updatedNumberScheduled: 2,
      observedGeneration: 1,
    });
    const created = store.list('events', NS).filter((e) => e.reason === 'SuccessfulCreate' && e.involvedObject.name === 'log-agent');
    expect(created.map((e) => e.message).sort()).toEqual(live('log-agent').map((p) => `Created pod: ${p.metadata.name}`).sort());
  });

  it('a selector and a toleration put a pod on the labelled, tainted pool only; a template that replaces matchFields still lands where it should', () => {
    store.create(
      DAEMONSETS,
      daemonSet('gpu-agent', {}, {
        nodeSelector: { 'example.com/gpu': 'true' },
        tolerations: [{ key: 'example.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
        affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'example.com/gpu', operator: 'Exists' }] }] } } },
      }),
      { generation: true },
    );
    run(6);
    expect(nodesWith('gpu-agent')).toEqual(['gpu-1']);
    const [p] = live('gpu-agent');
    expect(p.spec.tolerations[0]).toEqual({ key: 'example.com/gpu', operator: 'Exists', effect: 'NoSchedule' });
    expect(status('gpu-agent')).toMatchObject({ desiredNumberScheduled: 1, numberAvailable: 1 });
  });

  it('follows nodes: a new node gets a pod, a removed node loses it, a cordoned node keeps and gets one', () => {
    store.create(DAEMONSETS, daemonSet('log-agent'), { generation: true });
    run(6);
    const b = store.get('nodes', undefined, 'b')!;
    store.update('nodes', { ...b, spec: { ...b.spec, unschedulable: true } });
    store.create('nodes', node('c', {}, []));
    const c = store.get('nodes', undefined, 'c')!;
    store.update('nodes', { ...c, spec: { ...c.spec, unschedulable: true } });
    store.remove('nodes', undefined, 'a');
    run(6);
    expect(nodesWith('log-agent')).toEqual(['b', 'c']);
    expect(live('log-agent').every(available)).toBe(true);
    expect(status('log-agent')).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 2, numberAvailable: 2 });
  });

  it('a node that stops matching loses its pod; a NoExecute taint removes it, a NoSchedule one does not', () => {
    store.create(DAEMONSETS, daemonSet('zonal', {}, { nodeSelector: { zone: 'x' } }), { generation: true });
    const label = (name: string, labels: Record<string, string>, taints?: object[]) => {
      const n = store.get('nodes', undefined, name)!;
      store.update('nodes', { ...n, metadata: { ...n.metadata, labels: { ...n.metadata.labels, ...labels } }, ...(taints ? { spec: { ...n.spec, taints } } : {}) });
    };
    label('a', { zone: 'x' });
    label('b', { zone: 'x' });
    run(6);
    expect(nodesWith('zonal')).toEqual(['a', 'b']);
    label('a', { zone: 'y' });
    label('b', {}, [{ key: 'maintenance', effect: 'NoSchedule' }]);
    run(8);
    expect(nodesWith('zonal')).toEqual(['b']);
    expect(status('zonal')).toMatchObject({ desiredNumberScheduled: 0, currentNumberScheduled: 0, numberMisscheduled: 1 });
    label('b', {}, [{ key: 'maintenance', effect: 'NoExecute' }]);
    run(8);
    expect(nodesWith('zonal')).toEqual([]);
    expect(status('zonal')).toMatchObject({ desiredNumberScheduled: 0, numberMisscheduled: 0 });
  });

  it('rolls an update node by node within maxUnavailable, and reports progress as it goes', () => {
    for (const n of ['c', 'd']) store.create('nodes', node(n));
    store.create(DAEMONSETS, daemonSet('log-agent'), { generation: true });
    run(6);
    const before = status('log-agent');
    expect(before).toMatchObject({ desiredNumberScheduled: 4, numberAvailable: 4 });
    const oldNames = new Set(live('log-agent').map((p) => p.metadata.name));
    setImage('log-agent', 'log-agent:2');
    let worst = 4;
    run(40, () => {
      const up = live('log-agent').filter(available).length;
      worst = Math.min(worst, up);
      const s = status('log-agent');
      expect(s.numberAvailable ?? 0).toBe(up);
    });
    // Default maxUnavailable 1: never fewer than 3 of 4 nodes with an available pod.
    expect(worst).toBe(3);
    expect(nodesWith('log-agent')).toEqual(['a', 'b', 'c', 'd']);
    for (const p of live('log-agent')) {
      expect(oldNames.has(p.metadata.name)).toBe(false);
      expect(p.spec.containers[0].image).toBe('log-agent:2');
      expect(p.metadata.labels?.['pod-template-generation']).toBe('2');
    }
    expect(status('log-agent')).toMatchObject({ observedGeneration: 2, desiredNumberScheduled: 4, updatedNumberScheduled: 4, numberAvailable: 4 });
    expect(status('log-agent').numberUnavailable).toBeUndefined();
  });

  it('with maxUnavailable 50% replaces two nodes at a time', () => {
    for (const n of ['c', 'd']) store.create('nodes', node(n));
    store.create(DAEMONSETS, daemonSet('log-agent', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '50%' } } }), { generation: true });
    run(6);
    setImage('log-agent', 'log-agent:2');
    let worst = 4;
    run(30, () => (worst = Math.min(worst, live('log-agent').filter(available).length)));
    expect(worst).toBe(2);
    expect(status('log-agent')).toMatchObject({ updatedNumberScheduled: 4, numberAvailable: 4 });
  });

  it('with maxSurge starts the new pod beside the old one and never drops below every node available', () => {
    store.create(DAEMONSETS, daemonSet('log-agent', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } } }), { generation: true });
    run(6);
    setImage('log-agent', 'log-agent:2');
    let worst = 2;
    let most = 0;
    run(30, () => {
      worst = Math.min(worst, new Set(live('log-agent').filter(available).map((p) => p.spec.nodeName)).size);
      most = Math.max(most, live('log-agent').length);
    });
    expect(worst).toBe(2);
    // One node at a time carries two pods.
    expect(most).toBe(3);
    expect(live('log-agent').map((p) => p.spec.containers[0].image)).toEqual(['log-agent:2', 'log-agent:2']);
    expect(status('log-agent')).toMatchObject({ updatedNumberScheduled: 2, numberAvailable: 2 });
  });

  it('OnDelete leaves old pods until someone deletes them', () => {
    store.create(DAEMONSETS, daemonSet('log-agent', { updateStrategy: { type: 'OnDelete' } }), { generation: true });
    run(6);
    setImage('log-agent', 'log-agent:2');
    run(10);
    expect(live('log-agent').map((p) => p.spec.containers[0].image)).toEqual(['log-agent:1', 'log-agent:1']);
    expect(status('log-agent')).toMatchObject({ observedGeneration: 2, desiredNumberScheduled: 2, numberAvailable: 2 });
    expect(status('log-agent').updatedNumberScheduled).toBeUndefined();
    const victim = live('log-agent').find((p) => p.spec.nodeName === 'a')!;
    store.remove('pods', NS, victim.metadata.name);
    run(6);
    const images = Object.fromEntries(live('log-agent').map((p) => [p.spec.nodeName, p.spec.containers[0].image]));
    expect(images).toEqual({ a: 'log-agent:2', b: 'log-agent:1' });
    expect(status('log-agent')).toMatchObject({ updatedNumberScheduled: 1 });
  });

  it('replaces a failed pod', () => {
    store.create(DAEMONSETS, daemonSet('log-agent'), { generation: true });
    run(6);
    const p = live('log-agent').find((x) => x.spec.nodeName === 'a')!;
    store.update('pods', { ...p, status: { ...p.status, phase: 'Failed' } });
    run(8);
    expect(nodesWith('log-agent')).toEqual(['a', 'b']);
    expect(live('log-agent').map((x) => x.metadata.name)).not.toContain(p.metadata.name);
    expect(store.list('events', NS).some((e) => e.reason === 'FailedDaemonPod' && e.message.includes(p.metadata.name))).toBe(true);
  });
});

describe('Auto Mode and daemon pods', () => {
  /** A pod the scheduler has marked unschedulable, too big for any existing node. */
  const unschedulable = (name: string, owner?: OwnerReference): KObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NS, ...(owner ? { ownerReferences: [owner] } : {}) },
    // No node pin: Karpenter skips a DaemonSet's pod for its owner alone, whatever its affinity.
    spec: {
      containers: [{ name: 'c', image: 'img', resources: { requests: { cpu: '6', memory: '8Gi' } } }],
    },
    status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available' }] },
  });

  it('launches nothing for a pending DaemonSet pod, as Karpenter does; the same pod from elsewhere gets a node', () => {
    const auto = startAutoMode(store, clock);
    store.create(NODECLASSES, { apiVersion: 'eks.amazonaws.com/v1', kind: 'NodeClass', metadata: { name: 'default' }, spec: { role: 'AmazonEKSAutoNodeRole' } });
    store.create(NODEPOOLS, {
      apiVersion: 'karpenter.sh/v1',
      kind: 'NodePool',
      metadata: { name: 'general' },
      spec: { template: { spec: { nodeClassRef: { group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'default' }, requirements: [{ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] }] } } },
    });
    auto.refreshNodeClasses();
    store.create('pods', unschedulable('agent-x', { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: 'u-1', controller: true }));
    clock.advance(5_000);
    expect(store.list(NODECLAIMS)).toHaveLength(0);
    store.create('pods', unschedulable('plain'));
    clock.advance(5_000);
    expect(store.list(NODECLAIMS)).toHaveLength(1);
    auto.stop();
  });
});
