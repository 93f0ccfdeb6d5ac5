import { describe, expect, it } from 'vitest';
import { nodeInfo, podInfo } from '@/test/support/model';
import { buildFindIndex, findByPrefix, namespacesOf, nodeLabelKeys, workloadsOf } from './find-index';

// 300 Deployments in `apps` sort before the one StatefulSet in `zz-data`, whose pods sort last too.
const many = Array.from({ length: 300 }, (_, i) => podInfo('apps', `svc-${String(i).padStart(3, '0')}-abc12`, 'n1'));
const statefulPod = podInfo('zz-data', 'zookeeper-0', 'n2', 100, { owner: { kind: 'StatefulSet', name: 'zookeeper' } });
const bare = podInfo('debug', 'toolbox', 'n2', 100, { owner: undefined });
const cronRun = podInfo('ops', 'backup-29400000-x7k2p', 'n1', 100, { owner: { kind: 'CronJob', name: 'backup' } });
const pods = [...many, statefulPod, bare, cronRun];
const nodes = [nodeInfo('ip-10-0-1-5.ec2.internal', { 'karpenter.k8s.aws/instance-family': 'm6a', 'node-role.kubernetes.io/worker': '' }), nodeInfo('ip-10-0-2-9.ec2.internal', { 'karpenter.k8s.aws/instance-family': 'c6a' })];

describe('namespacesOf', () => {
  it('takes every pod’s namespace, so one holding only a StatefulSet can be picked', () => {
    expect(namespacesOf(pods, ['empty-ns'])).toEqual(['apps', 'debug', 'empty-ns', 'ops', 'zz-data']);
  });
});

describe('workloadsOf', () => {
  it('lists each workload once with its owner kind, a bare pod as itself', () => {
    const found = workloadsOf([...pods, podInfo('zz-data', 'zookeeper-1', 'n1', 100, { owner: { kind: 'StatefulSet', name: 'zookeeper' } })]);
    expect(found).toHaveLength(303);
    expect(found.find((w) => w.id === 'zz-data/zookeeper')?.ownerKind).toBe('StatefulSet');
    expect(found.find((w) => w.id === 'debug/toolbox')?.ownerKind).toBe('Pod');
    expect(found.find((w) => w.id === 'ops/backup')?.ownerKind).toBe('CronJob');
    expect(found.map((w) => w.id)).toEqual([...found.map((w) => w.id)].sort());
  });
});

describe('nodeLabelKeys', () => {
  it('counts the nodes carrying each key, the most common first', () => {
    expect(nodeLabelKeys(nodes)).toEqual([
      { key: 'karpenter.k8s.aws/instance-family', nodes: 2 },
      { key: 'node.kubernetes.io/instance-type', nodes: 2 },
      { key: 'node-role.kubernetes.io/worker', nodes: 1 },
    ]);
  });
});

describe('findByPrefix', () => {
  const index = buildFindIndex(nodes, pods);

  it('finds a pod that sorts after the 200th workload, and its workload by name or namespace/name', () => {
    expect(findByPrefix(index, 'zooKeeper-0', 10)).toEqual([{ kind: 'pod', id: 'zz-data/zookeeper-0', namespace: 'zz-data', name: 'zookeeper-0' }]);
    expect(findByPrefix(index, 'zz-data/', 10, ['workload']).map((f) => f.id)).toEqual(['zz-data/zookeeper']);
    // The workload matches both by name and by namespace/name, and is listed once.
    expect(findByPrefix(index, 'zookeeper', 10).map((f) => `${f.kind}:${f.id}`)).toEqual(['workload:zz-data/zookeeper', 'pod:zz-data/zookeeper-0']);
  });

  it('finds nodes by the start of their name, and nothing for an empty query or an unknown prefix', () => {
    expect(findByPrefix(index, 'ip-10-0-2', 10)).toEqual([{ kind: 'node', id: 'ip-10-0-2-9.ec2.internal', name: 'ip-10-0-2-9.ec2.internal' }]);
    expect(findByPrefix(index, '  ', 10)).toEqual([]);
    expect(findByPrefix(index, 'nope', 10)).toEqual([]);
  });

  it('stops at the limit, in name order, and filters by kind', () => {
    expect(findByPrefix(index, 'svc-2', 3).map((f) => f.id)).toEqual(['apps/svc-200', 'apps/svc-200-abc12', 'apps/svc-201']);
    expect(findByPrefix(index, 'svc-29', 100, ['pod'])).toHaveLength(10);
  });
});
