import { describe, expect, it } from 'vitest';
import { emptySnapshot, eventInfo, nodeClaimInfo, nodeClassInfo, nodePoolInfo, pdbInfo } from '@/test/support/model';
import type { DeploymentInfo, NodeInfo, PodInfo, TopologyEvent } from './model';
import { FULL_SCOPE, NO_SCOPE, eventVisibleTo, filterSnapshot, isEmptyScope, namespacesIn, sameScope, type VisibilityScope } from './visibility';

const node = (name: string): NodeInfo => ({
  name,
  uid: `uid-${name}`,
  labels: {},
  pool: { source: 'karpenter-nodepool', key: 'karpenter.sh/nodepool', name: 'general-purpose' },
  ready: true,
  unschedulable: false,
  terminating: false,
  taints: [],
  allocatable: { cpuMillis: 2000, memoryBytes: 2 ** 32, pods: 110 },
  capacity: { cpuMillis: 2000, memoryBytes: 2 ** 32, pods: 110 },
  createdAt: '2026-01-01T00:00:00Z',
});

const pod = (namespace: string, name: string): PodInfo => ({
  namespace,
  name,
  uid: `uid-${namespace}-${name}`,
  nodeName: 'a',
  phase: 'Running',
  ready: true,
  terminating: false,
  status: 'Running',
  requests: { cpuMillis: 100, memoryBytes: 2 ** 27, pods: 1 },
  doNotDisrupt: false,
  createdAt: '2026-01-01T00:00:00Z',
});

const deployment = (namespace: string, name: string): DeploymentInfo => ({
  namespace,
  name,
  uid: `uid-${namespace}-${name}`,
  replicas: 1,
  readyReplicas: 1,
  updatedReplicas: 1,
  availableReplicas: 1,
  requests: { cpuMillis: 100, memoryBytes: 2 ** 27, pods: 1 },
  generation: 1,
  observedGeneration: 1,
});

const cluster = emptySnapshot({
  nodes: [node('a'), node('b')],
  nodePools: [nodePoolInfo('general-purpose')],
  nodeClasses: [nodeClassInfo('default')],
  nodeClaims: [nodeClaimInfo('general-purpose-x', { nodeName: 'a' })],
  pods: [pod('apps', 'web-1'), pod('kube-system', 'coredns-1'), pod('payments', 'api-1')],
  deployments: [deployment('apps', 'web'), deployment('kube-system', 'coredns'), deployment('payments', 'api')],
  pdbs: [pdbInfo('apps', 'web'), pdbInfo('payments', 'api')],
  events: [
    eventInfo('apps', 'web-1.1'),
    eventInfo('payments', 'api-1.1'),
    // Events about nodes live in `default` and name the machine.
    eventInfo('default', 'a.1', { involved: { kind: 'Node', name: 'a' }, reason: 'NodeReady' }),
    eventInfo('apps', 'nodeclaim.1', { involved: { kind: 'NodeClaim', name: 'general-purpose-x' }, reason: 'Launched' }),
  ],
});

const appsOnly: VisibilityScope = { nodes: false, namespaces: ['apps'] };
const names = <T extends { name: string }>(list: T[]) => list.map((x) => x.name);

describe('filterSnapshot', () => {
  it('hands the full scope the same snapshot', () => {
    expect(filterSnapshot(cluster, FULL_SCOPE)).toBe(cluster);
  });

  it('keeps one namespace and hides every cluster-scoped object, including events about them', () => {
    const seen = filterSnapshot(cluster, appsOnly);
    expect(seen.nodes).toEqual([]);
    expect(seen.nodePools).toEqual([]);
    expect(seen.nodeClasses).toEqual([]);
    expect(seen.nodeClaims).toEqual([]);
    expect(names(seen.pods)).toEqual(['web-1']);
    expect(names(seen.deployments)).toEqual(['web']);
    expect(names(seen.pdbs)).toEqual(['web']);
    expect(names(seen.events)).toEqual(['web-1.1']);
    expect(seen).toMatchObject({ cluster: 'sandbox', resourceVersion: '1', stale: false });
  });

  it('shows nodes and their events to a user who may list nodes but pods of all namespaces only if allowed', () => {
    const seen = filterSnapshot(cluster, { nodes: true, namespaces: ['apps', 'default'] });
    expect(names(seen.nodes)).toEqual(['a', 'b']);
    expect(names(seen.nodeClaims)).toEqual(['general-purpose-x']);
    expect(names(seen.pods)).toEqual(['web-1']);
    expect(names(seen.events)).toEqual(['web-1.1', 'a.1', 'nodeclaim.1']);
  });

  it('gives a user with no access an empty picture, not an error', () => {
    const seen = filterSnapshot(cluster, NO_SCOPE);
    expect([seen.nodes, seen.pods, seen.deployments, seen.pdbs, seen.events, seen.nodePools]).toEqual([[], [], [], [], [], []]);
    expect(isEmptyScope(NO_SCOPE)).toBe(true);
    expect(isEmptyScope(appsOnly)).toBe(false);
  });

  it('does not change the shared snapshot', () => {
    const before = JSON.stringify(cluster);
    filterSnapshot(cluster, appsOnly);
    expect(JSON.stringify(cluster)).toBe(before);
  });
});

describe('eventVisibleTo', () => {
  const cases: Array<[TopologyEvent, boolean]> = [
    [{ type: 'stale', stale: true }, true],
    [{ type: 'node-upserted', node: node('c') }, false],
    [{ type: 'node-deleted', name: 'a' }, false],
    [{ type: 'nodepool-upserted', nodePool: nodePoolInfo('ai-ml') }, false],
    [{ type: 'nodeclass-deleted', name: 'default' }, false],
    [{ type: 'nodeclaim-upserted', nodeClaim: nodeClaimInfo('c') }, false],
    [{ type: 'pod-upserted', pod: pod('apps', 'web-2') }, true],
    [{ type: 'pod-upserted', pod: pod('payments', 'api-2') }, false],
    [{ type: 'pod-deleted', namespace: 'apps', name: 'web-1' }, true],
    [{ type: 'pod-deleted', namespace: 'payments', name: 'api-1' }, false],
    [{ type: 'deployment-upserted', deployment: deployment('payments', 'api') }, false],
    [{ type: 'deployment-deleted', namespace: 'apps', name: 'web' }, true],
    [{ type: 'pdb-upserted', pdb: pdbInfo('apps', 'web') }, true],
    [{ type: 'pdb-deleted', namespace: 'payments', name: 'api' }, false],
    [{ type: 'event-upserted', event: eventInfo('apps', 'web-2.1') }, true],
    [{ type: 'event-upserted', event: eventInfo('apps', 'n.1', { involved: { kind: 'Node', name: 'a' } }) }, false],
    [{ type: 'event-deleted', namespace: 'payments', name: 'api-1.1' }, false],
  ];
  it.each(cases)('%j → %s for a user limited to apps', (event, visible) => {
    expect(eventVisibleTo(event, appsOnly)).toBe(visible);
  });

  it('lets everything through for the full scope', () => {
    for (const [event] of cases) expect(eventVisibleTo(event, FULL_SCOPE)).toBe(true);
  });
});

describe('scope helpers', () => {
  it('lists the namespaces a snapshot has anything in', () => {
    expect(namespacesIn(cluster)).toEqual(['apps', 'default', 'kube-system', 'payments']);
  });

  it('compares scopes regardless of namespace order', () => {
    expect(sameScope({ nodes: false, namespaces: ['a', 'b'] }, { nodes: false, namespaces: ['b', 'a'] })).toBe(true);
    expect(sameScope({ nodes: false, namespaces: ['a'] }, { nodes: true, namespaces: ['a'] })).toBe(false);
    expect(sameScope({ nodes: true, namespaces: 'all' }, { nodes: true, namespaces: ['a'] })).toBe(false);
    expect(sameScope(FULL_SCOPE, { nodes: true, namespaces: 'all' })).toBe(true);
  });
});
