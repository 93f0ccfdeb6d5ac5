import { describe, expect, it } from 'vitest';
import { daemonOverhead, daemonsFromPods, type DaemonShape } from './daemon-overhead';
import type { PoolShape, Requirement } from './requirements';
import type { PodInfo } from './model';

const MI = 1024 ** 2;
const pool = (name: string, category: string[], taints: PoolShape['taints'] = []): PoolShape => ({
  name,
  labels: { 'karpenter.sh/nodepool': name },
  requirements: [{ key: 'eks.amazonaws.com/instance-category', operator: 'In', values: category }],
  taints,
});
const logAgent: DaemonShape = { key: 'kube-system/fluent-bit', requests: { cpuMillis: 50, memoryBytes: 64 * MI, pods: 1 }, tolerations: [{ operator: 'Exists' }] };
const gpuPlugin: DaemonShape = {
  key: 'kube-system/nvidia-device-plugin',
  requests: { cpuMillis: 50, memoryBytes: 64 * MI, pods: 1 },
  affinityTerms: [[{ key: 'eks.amazonaws.com/instance-category', operator: 'In', values: ['g', 'p'] }]],
};
const plain: DaemonShape = { key: 'ops/kube-proxy-ish', requests: { cpuMillis: 100, memoryBytes: 128 * MI, pods: 1 } };

describe('daemonOverhead', () => {
  it('adds the DaemonSets whose pod may run on the pool: requests and one pod each', () => {
    expect(daemonOverhead(pool('general-purpose', ['c', 'm', 'r']), [logAgent, gpuPlugin, plain])).toEqual({ cpuMillis: 150, memoryBytes: 192 * MI, pods: 2 });
    expect(daemonOverhead(pool('gpu', ['g']), [logAgent, gpuPlugin])).toEqual({ cpuMillis: 100, memoryBytes: 128 * MI, pods: 2 });
  });

  it("leaves out a DaemonSet that does not tolerate the pool's taints; the controller's own tolerations count", () => {
    const system = pool('system', ['c'], [{ key: 'CriticalAddonsOnly', effect: 'NoSchedule' }]);
    expect(daemonOverhead(system, [logAgent, plain])).toEqual({ cpuMillis: 50, memoryBytes: 64 * MI, pods: 1 });
    const cordonedTemplate = pool('x', ['c'], [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]);
    expect(daemonOverhead(cordonedTemplate, [plain]).pods).toBe(1);
  });

  it('a selector on a key the pool never sets keeps the DaemonSet off it', () => {
    expect(daemonOverhead(pool('general-purpose', ['m']), [{ ...plain, nodeSelector: { 'example.com/role': 'edge' } }]).pods).toBe(0);
  });
});

describe('daemonsFromPods', () => {
  const pod = (name: string, owner: PodInfo['owner'], extra: Partial<PodInfo> = {}): PodInfo => ({
    namespace: 'kube-system',
    name,
    uid: name,
    phase: 'Running',
    ready: true,
    terminating: false,
    status: 'Running',
    owner,
    requests: { cpuMillis: 50, memoryBytes: 64 * MI, pods: 1 },
    doNotDisrupt: false,
    createdAt: '2026-01-01T00:00:00Z',
    ...extra,
  });

  it("one shape per DaemonSet, without the node pin of the pod it was read from", () => {
    const pin: Requirement = { key: 'metadata.name', operator: 'In', values: ['i-1'], field: true };
    const shapes = daemonsFromPods([
      pod('fluent-bit-a', { kind: 'DaemonSet', name: 'fluent-bit' }, { affinity: [[pin]], tolerations: [{ operator: 'Exists' }] }),
      pod('fluent-bit-b', { kind: 'DaemonSet', name: 'fluent-bit' }, { affinity: [[{ ...pin, values: ['i-2'] }]] }),
      pod('coredns-1', { kind: 'Deployment', name: 'coredns' }),
    ]);
    expect(shapes).toEqual([{ key: 'kube-system/fluent-bit', requests: { cpuMillis: 50, memoryBytes: 64 * MI, pods: 1 }, nodeSelector: undefined, tolerations: [{ operator: 'Exists' }] }]);
    expect(daemonOverhead(pool('general-purpose', ['m']), shapes).cpuMillis).toBe(50);
  });
});
