import { describe, expect, it } from 'vitest';
import { decodeSnapshot, encodeSnapshot } from '../snapshot-codec';
import { nodeConditionsOf } from './node-conditions';
import { transformNode } from './nodes';

const t0 = '2026-12-06T10:00:00Z';
const t1 = '2026-12-06T11:30:00Z';

const rawNode = (conditions: unknown) => ({
  metadata: { name: 'i-0abc', uid: 'u1', labels: {}, creationTimestamp: t0 },
  spec: {},
  status: { conditions, allocatable: { cpu: '2', memory: '4Gi', pods: '29' }, capacity: { cpu: '2', memory: '4Gi', pods: '29' } },
});

const kubeletConditions = [
  { type: 'MemoryPressure', status: 'True', lastHeartbeatTime: t1, lastTransitionTime: t1, reason: 'KubeletHasInsufficientMemory', message: 'kubelet has insufficient memory available' },
  { type: 'DiskPressure', status: 'False', lastHeartbeatTime: t1, lastTransitionTime: t0, reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
  { type: 'PIDPressure', status: 'False', lastHeartbeatTime: t1, lastTransitionTime: t0, reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
  { type: 'Ready', status: 'Unknown', lastHeartbeatTime: t1, lastTransitionTime: t1, reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' },
  { type: 'KernelDeadlock', status: 'False', lastHeartbeatTime: t1, lastTransitionTime: t0, reason: 'KernelHasNoDeadlock', message: 'kernel has no deadlock' },
];

describe('nodeConditionsOf', () => {
  it('keeps every condition the node reports, in its order, with reason, message and transition time but no heartbeat', () => {
    const conditions = nodeConditionsOf(rawNode(kubeletConditions));
    expect(conditions?.map((c) => c.type)).toEqual(['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready', 'KernelDeadlock']);
    expect(conditions?.[0]).toEqual({ type: 'MemoryPressure', status: 'True', reason: 'KubeletHasInsufficientMemory', message: 'kubelet has insufficient memory available', lastTransitionTime: t1 });
    expect(conditions?.[3]).toMatchObject({ type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown' });
    expect(conditions?.some((c) => 'lastHeartbeatTime' in c)).toBe(false);
  });

  it('reads client-node Dates, drops typeless entries, and calls a status it does not know Unknown', () => {
    const conditions = nodeConditionsOf(rawNode([{ type: 'Ready', status: 'True', lastTransitionTime: new Date(t0) }, { status: 'True' }, { type: 'NetworkUnavailable', status: 'maybe' }]));
    expect(conditions).toEqual([
      { type: 'Ready', status: 'True', lastTransitionTime: t0 },
      { type: 'NetworkUnavailable', status: 'Unknown' },
    ]);
  });

  it('is absent when the node reports none, and cuts a very long message', () => {
    expect(nodeConditionsOf(rawNode(undefined))).toBeUndefined();
    expect(nodeConditionsOf(rawNode([]))).toBeUndefined();
    const [long] = nodeConditionsOf(rawNode([{ type: 'FrequentKubeletRestart', status: 'True', message: 'x'.repeat(5000) }]))!;
    expect(long.message).toHaveLength(512);
    expect(long.message?.endsWith('…')).toBe(true);
  });

  it('travels in the node model and through the snapshot codec unchanged', () => {
    const node = transformNode(rawNode(kubeletConditions));
    expect(node.ready).toBe(false);
    expect(node.conditions).toHaveLength(5);
    const bare = transformNode(rawNode(undefined));
    expect('conditions' in bare).toBe(false);
    const snapshot = { cluster: 'c', resourceVersion: '1', nodes: [node, bare], pods: [], deployments: [], nodePools: [], nodeClasses: [], nodeClaims: [], pdbs: [], events: [], stale: false, generatedAt: t1 };
    const back = decodeSnapshot(JSON.parse(JSON.stringify(encodeSnapshot(snapshot as never))));
    expect(back.nodes).toEqual([node, bare]);
  });
});
