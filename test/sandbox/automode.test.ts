// Auto Mode's controllers against a bare store and a manual clock: NodeClass readiness, the
// provisioner's NodeClaim lifecycle and node labels, and consolidation's verdicts in action.
import { beforeEach, describe, expect, it } from 'vitest';
import { Store, type KObject } from '@/lib/sandbox/store';
import { startAutoMode, type AutoMode } from '@/lib/sandbox/automode';
import { NODECLAIMS, NODECLASSES, NODEPOOLS } from '@/lib/sandbox/automode/provisioner';
import { ManualClock } from '../support/manual-clock';

let store: Store;
let clock: ManualClock;
let auto: AutoMode;

const nodeClass = (name: string, role = 'AmazonEKSAutoNodeRole'): KObject => ({
  apiVersion: 'eks.amazonaws.com/v1',
  kind: 'NodeClass',
  metadata: { name },
  spec: { role },
});

const nodePool = (name: string, nodeClassName: string, extra: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'karpenter.sh/v1',
  kind: 'NodePool',
  metadata: { name },
  spec: {
    template: {
      spec: {
        nodeClassRef: { group: 'eks.amazonaws.com', kind: 'NodeClass', name: nodeClassName },
        requirements: [
          { key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m6a.xlarge', 'c6a.large'] },
          { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] },
        ],
      },
    },
    disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '30s' },
    ...extra,
  },
});

/** A pod the scheduler has marked unschedulable (what the provisioner reacts to). */
const pendingPod = (name: string, cpu: string, memory: string, nodeSelector: Record<string, string>): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'apps', labels: { app: name.replace(/-\d+$/, '') } },
  spec: { nodeSelector, containers: [{ name: 'app', image: 'img', resources: { requests: { cpu, memory } } }] },
  status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available' }] },
});

const events = (reason: string) => store.list('events').filter((e) => e.reason === reason);
const condition = (o: KObject | undefined, type: string) => o?.status?.conditions?.find((c: { type: string }) => c.type === type);

beforeEach(() => {
  clock = new ManualClock();
  store = new Store({ now: clock.now });
  store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } });
  auto = startAutoMode(store, clock);
});

describe('NodeClass status', () => {
  it('is Ready with resolved subnets and security groups when the role exists', () => {
    store.create(NODECLASSES, nodeClass('ai-ml-node-class'));
    auto.refreshNodeClasses();
    const nc = store.get(NODECLASSES, undefined, 'ai-ml-node-class');
    expect(condition(nc, 'Ready')?.status).toBe('True');
    expect(nc?.status.conditions.map((c: { type: string }) => c.type)).toEqual(['Ready', 'SubnetsReady', 'SecurityGroupsReady', 'InstanceProfileReady']);
    expect(nc?.status.subnets).toHaveLength(3);
    expect(nc?.status.securityGroups[0].id).toMatch(/^sg-/);
  });

  it('stays not Ready, saying why, when the role does not exist — and no node launches for it', () => {
    store.create(NODECLASSES, nodeClass('typo-class', 'AmazonEKSAutoNodeRol'));
    store.create(NODEPOOLS, nodePool('typo', 'typo-class'));
    auto.refreshNodeClasses();
    const nc = store.get(NODECLASSES, undefined, 'typo-class');
    expect(condition(nc, 'Ready')?.status).toBe('False');
    expect(condition(nc, 'InstanceProfileReady')?.message).toBe('Failed to resolve role "AmazonEKSAutoNodeRol": the role does not exist (NoSuchEntity)');
    store.create('pods', pendingPod('img-1', '1500m', '3Gi', { 'karpenter.sh/nodepool': 'typo' }));
    clock.advance(60_000);
    expect(store.list(NODECLAIMS)).toHaveLength(0);
    expect(events('NodeClassNotReady')[0]?.message).toMatch(/NodeClass "typo-class" is not ready/);
  });
});

describe('provisioner', () => {
  beforeEach(() => {
    store.create(NODECLASSES, nodeClass('ai-ml-node-class'));
    store.create(NODEPOOLS, nodePool('ai-ml', 'ai-ml-node-class'));
    auto.refreshNodeClasses();
  });

  it('launches the cheapest fitting allowed type and walks the NodeClaim to an initialized Node', () => {
    const selector = { 'eks.amazonaws.com/nodeclass': 'ai-ml-node-class' };
    store.create('pods', pendingPod('image-proctoring-1', '1500m', '3Gi', selector));
    store.create('pods', pendingPod('image-proctoring-2', '1500m', '3Gi', selector));
    clock.advance(2_000);
    const [claim] = store.list(NODECLAIMS);
    expect(claim.metadata.labels).toMatchObject({ 'karpenter.sh/nodepool': 'ai-ml', 'node.kubernetes.io/instance-type': 'm6a.xlarge' });
    expect(condition(claim, 'Launched')?.status).toBe('Unknown');
    expect(events('Nominated').map((e) => e.message)).toEqual([
      `Pod should schedule on: nodeclaim/${claim.metadata.name}`,
      `Pod should schedule on: nodeclaim/${claim.metadata.name}`,
    ]);
    clock.advance(3_000);
    expect(condition(store.get(NODECLAIMS, undefined, claim.metadata.name), 'Launched')?.status).toBe('True');
    expect(store.list('nodes')).toHaveLength(0);
    clock.advance(15_000);
    const [node] = store.list('nodes');
    expect(node.metadata.name).toMatch(/^i-0[0-9a-f]{16}$/);
    expect(node.metadata.labels).toMatchObject({
      'karpenter.sh/nodepool': 'ai-ml',
      'eks.amazonaws.com/nodeclass': 'ai-ml-node-class',
      'eks.amazonaws.com/compute-type': 'auto',
      'node.kubernetes.io/instance-type': 'm6a.xlarge',
      'karpenter.sh/capacity-type': 'on-demand',
      'eks.amazonaws.com/instance-category': 'm',
      'eks.amazonaws.com/instance-family': 'm6a',
    });
    expect(node.metadata.labels?.['topology.kubernetes.io/zone']).toMatch(/^us-east-1[abc]$/);
    expect(node.status.capacity).toMatchObject({ cpu: '4000m', pods: '58' });
    expect(store.get(NODECLAIMS, undefined, claim.metadata.name)?.status.nodeName).toBe(node.metadata.name);
    clock.advance(5_000);
    expect(condition(store.get(NODECLAIMS, undefined, claim.metadata.name), 'Initialized')?.status).toBe('True');
    expect(store.get('nodes', undefined, node.metadata.name)?.metadata.labels?.['karpenter.sh/initialized']).toBe('true');
    // The pods were promised to that claim: no second node.
    expect(store.list(NODECLAIMS)).toHaveLength(1);
  });

  it('never provisions for the wrong node class key, and says why', () => {
    store.create('pods', pendingPod('q-1', '1', '2Gi', { 'eks.amazonaws.com/node-class': 'ai-ml-node-class' }));
    clock.advance(10_000);
    expect(store.list(NODECLAIMS)).toHaveLength(0);
    expect(events('FailedScheduling')[0]?.message).toBe(
      'Failed to schedule pod, incompatible with nodepool ai-ml: label "eks.amazonaws.com/node-class" does not have known values',
    );
  });
});

describe('consolidation', () => {
  beforeEach(() => {
    store.create(NODECLASSES, nodeClass('ai-ml-node-class'));
    store.create(NODEPOOLS, nodePool('ai-ml', 'ai-ml-node-class'));
    auto.refreshNodeClasses();
    store.create('pods', pendingPod('img-1', '1500m', '3Gi', { 'karpenter.sh/nodepool': 'ai-ml' }));
    clock.advance(25_000);
    // Stand in for the kubelet: the node is Ready.
    const [node] = store.list('nodes');
    store.update('nodes', { ...node, status: { ...node.status, conditions: [{ type: 'Ready', status: 'True' }] } });
  });

  it('removes an empty node after consolidateAfter, with events', () => {
    // The pending pod went away (e.g. its deployment scaled down): the node is empty.
    store.remove('pods', 'apps', 'img-1');
    const [node] = store.list('nodes');
    clock.advance(20_000);
    expect(store.get('nodes', undefined, node.metadata.name)).toBeDefined();
    expect(auto.consolidator.last().find((v) => v.node === node.metadata.name)?.state).toBe('waiting');
    clock.advance(40_000);
    expect(store.get('nodes', undefined, node.metadata.name)).toBeUndefined();
    expect(store.list(NODECLAIMS)).toHaveLength(0);
    expect(events('Disrupting')[0]?.message).toMatch(/^Disrupting NodeClaim: Empty\/Delete/);
  });

  it('keeps lastPodEventTime and the Consolidatable condition on the NodeClaim, as Karpenter does', () => {
    const [node] = store.list('nodes');
    const claimName = () => store.list(NODECLAIMS)[0].metadata.name;
    const claim = () => store.get(NODECLAIMS, undefined, claimName());
    // A do-not-disrupt pod keeps the node, so the claim's status can be watched over time.
    const pod = store.get('pods', 'apps', 'img-1')!;
    store.update('pods', {
      ...pod,
      metadata: { ...pod.metadata, annotations: { 'karpenter.sh/do-not-disrupt': 'true' } },
      spec: { ...pod.spec, nodeName: node.metadata.name },
      status: { phase: 'Running' },
    });
    const boundAt = clock.now().toISOString().replace(/\.\d{3}Z$/, 'Z');
    clock.advance(5_000);
    expect(claim()?.status.lastPodEventTime).toBe(boundAt);
    expect(condition(claim(), 'Consolidatable')).toBeUndefined();
    clock.advance(30_000);
    expect(condition(claim(), 'Consolidatable')).toMatchObject({ status: 'True', reason: 'Consolidatable' });
    // A pod arriving starts the wait again: the condition is cleared.
    store.create('pods', { ...pendingPod('img-2', '100m', '128Mi', {}), spec: { nodeName: node.metadata.name, containers: [{ name: 'app', image: 'img', resources: { requests: { cpu: '100m' } } }] }, status: { phase: 'Running' } });
    clock.advance(5_000);
    expect(condition(claim(), 'Consolidatable')).toBeUndefined();
    expect(Date.parse(claim()!.status.lastPodEventTime)).toBeGreaterThan(Date.parse(boundAt));
  });

  it('is blocked by a do-not-disrupt pod, and says so', () => {
    const [node] = store.list('nodes');
    const pod = store.get('pods', 'apps', 'img-1')!;
    store.update('pods', {
      ...pod,
      metadata: { ...pod.metadata, annotations: { 'karpenter.sh/do-not-disrupt': 'true' } },
      spec: { ...pod.spec, nodeName: node.metadata.name },
      status: { phase: 'Running' },
    });
    clock.advance(120_000);
    expect(store.get('nodes', undefined, node.metadata.name)).toBeDefined();
    expect(events('DisruptionBlocked')[0]?.message).toBe('Cannot disrupt NodeClaim: Pod apps/img-1 has karpenter.sh/do-not-disrupt: "true".');
  });

  it('evicts through the Eviction API: a PodDisruptionBudget lets one pod go at a time', () => {
    store.remove('pods', 'apps', 'img-1');
    const [node] = store.list('nodes');
    store.create('nodes', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'spare', labels: {} },
      status: { allocatable: { cpu: '8', memory: '32Gi', pods: '110' }, conditions: [{ type: 'Ready', status: 'True' }] },
    });
    for (const n of ['db-1', 'db-2']) {
      store.create('pods', {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: n, namespace: 'apps', labels: { app: 'db' } },
        spec: { nodeName: node.metadata.name, terminationGracePeriodSeconds: 30, containers: [{ name: 'db', image: 'db', resources: { requests: { cpu: '100m' } } }] },
        status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
      });
    }
    store.create('policy/poddisruptionbudgets', {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'db', namespace: 'apps' },
      spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'db' } } },
    });
    clock.advance(60_000);
    const terminating = ['db-1', 'db-2'].filter((n) => store.get('pods', 'apps', n)?.metadata.deletionTimestamp);
    expect(terminating).toHaveLength(1);
    expect(store.get('nodes', undefined, node.metadata.name)?.spec.taints).toContainEqual({ key: 'karpenter.sh/disrupted', effect: 'NoSchedule' });
    expect(events('FailedDraining')[0]?.message).toBe('Eviction refused, will retry: The disruption budget db needs 1 healthy pods and has 1 currently');
    expect(store.get('nodes', undefined, node.metadata.name)).toBeDefined();
  });
});
