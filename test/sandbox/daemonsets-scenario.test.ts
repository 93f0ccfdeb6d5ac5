// The default scenario's DaemonSets with Auto Mode (in-process sandbox, 20× time): the log agent
// runs on every node and the GPU plugin on none; a GPU NodePool then gets a g5.xlarge for a GPU
// workload, sized for the workload and both daemon pods (a workload that only fits without them
// gets no node), and both daemon pods land on it beside the workload.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '@/lib/sandbox/sandbox';
import type { KObject } from '@/lib/sandbox/store';
import { GPU_PLUGIN, LOG_AGENT } from '@/lib/sandbox/sim/scenario';
import { NODECLAIMS, NODEPOOLS } from '@/lib/sandbox/automode/provisioner';
import { allocatableOf, instanceSpec } from '@/lib/domain/instance-types';
import { podRequests } from '@/lib/domain/pod-requests';
import { defaultObject } from '@/lib/sandbox/kube-api/defaults';
import { until } from '../support/until';

let sb: Sandbox;
let dir: string;

const daemonPods = (ds: string) => sb.store.list('pods', 'kube-system').filter((p) => p.metadata.ownerReferences?.[0]?.name === ds && !p.metadata.deletionTimestamp);
const running = (p: KObject) => p.status?.phase === 'Running';
const dsStatus = (ds: string) => sb.store.get('apps/daemonsets', 'kube-system', ds)?.status ?? {};
const GPU_TAINT = { key: 'nvidia.com/gpu', effect: 'NoSchedule' };

/** A pod for the GPU pool (tolerating its taint), requesting `cpu` millicores. */
function gpuPod(name: string, cpu: number): KObject {
  return defaultObject('pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: {
      nodeSelector: { 'karpenter.sh/nodepool': 'gpu' },
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
      containers: [{ name: 'c', image: 'nvcr.io/nvidia/pytorch:24.10-py3', resources: { requests: { cpu: `${cpu}m`, memory: '1Gi' } } }],
    },
  });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodelanes-ds-scenario-'));
  sb = await startSandbox({ dir, quiet: true, timeScale: 20 });
}, 60_000);

afterAll(async () => {
  await sb?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the default scenario’s DaemonSets', () => {
  it('runs the log agent on every node, the GPU plugin on none', async () => {
    const nodes = sb.store.list('nodes').map((n) => n.metadata.name).sort();
    expect(nodes).toHaveLength(5);
    await until(`${LOG_AGENT} on every node`, () => dsStatus(LOG_AGENT).numberAvailable === nodes.length, 60_000, async () => dsStatus(LOG_AGENT));
    expect(daemonPods(LOG_AGENT).map((p) => p.spec.nodeName).sort()).toEqual(nodes);
    expect(dsStatus(GPU_PLUGIN)).toMatchObject({ desiredNumberScheduled: 0, currentNumberScheduled: 0 });
    expect(daemonPods(GPU_PLUGIN)).toEqual([]);
  }, 70_000);

  it('a GPU node is sized for its workload and both daemon pods, which land on it', async () => {
    sb.store.create(
      NODEPOOLS,
      {
        apiVersion: 'karpenter.sh/v1',
        kind: 'NodePool',
        metadata: { name: 'gpu' },
        spec: {
          template: {
            spec: {
              nodeClassRef: { group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'default' },
              requirements: [{ key: 'eks.amazonaws.com/instance-category', operator: 'In', values: ['g'] }],
              taints: [GPU_TAINT],
            },
          },
          disruption: { consolidationPolicy: 'WhenEmpty', consolidateAfter: '1h' },
        },
      },
      { generation: true },
    );
    const g5 = allocatableOf(instanceSpec('g5.xlarge')!).cpuMillis;
    const overhead = [LOG_AGENT, GPU_PLUGIN].reduce((sum, ds) => sum + podRequests(sb.store.get('apps/daemonsets', 'kube-system', ds)!.spec.template.spec).cpuMillis, 0);
    expect(overhead).toBe(100);

    // Fits the only GPU type alone, not with its daemon pods: Auto Mode launches nothing for it.
    sb.store.create('pods', gpuPod('too-big', g5 - overhead + 10));
    const eventsOf = (name: string) => sb.store.list('events', 'default').filter((e) => e.involvedObject?.name === name);
    const refused = await until(
      'Karpenter says no type fits',
      () => eventsOf('too-big').find((e) => e.source?.component === 'karpenter' && /gpu: no instance type it allows fits/.test(e.message)),
      30_000,
      async () => eventsOf('too-big').map((e) => e.message),
    );
    expect(refused.reason).toBe('FailedScheduling');
    expect(sb.store.list(NODECLAIMS).filter((c) => c.metadata.labels?.['karpenter.sh/nodepool'] === 'gpu')).toEqual([]);
    sb.store.remove('pods', 'default', 'too-big');

    sb.store.create('pods', gpuPod('trainer', g5 - overhead));
    const node = await until('trainer runs on a new GPU node', () => {
      const p = sb.store.get('pods', 'default', 'trainer');
      return p && running(p) && (p.spec.nodeName as string);
    }, 60_000);
    expect(sb.store.get('nodes', undefined, node)!.metadata.labels).toMatchObject({ 'karpenter.sh/nodepool': 'gpu', 'node.kubernetes.io/instance-type': 'g5.xlarge' });
    for (const ds of [GPU_PLUGIN, LOG_AGENT]) await until(`${ds} running on ${node}`, () => daemonPods(ds).some((p) => p.spec.nodeName === node && running(p)), 30_000);
    expect(daemonPods(GPU_PLUGIN).map((p) => p.spec.nodeName)).toEqual([node]);
    expect(dsStatus(GPU_PLUGIN)).toMatchObject({ desiredNumberScheduled: 1, numberAvailable: 1 });
    // Nothing on the node had to wait or be preempted: the three pods fill it to the millicore.
    const onNode = sb.store.list('pods').filter((p) => p.spec.nodeName === node && !p.metadata.deletionTimestamp);
    expect(onNode.reduce((sum, p) => sum + podRequests(p.spec).cpuMillis, 0)).toBe(g5);
  }, 120_000);
});
