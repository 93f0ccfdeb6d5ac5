// The sandbox decides where pods go with the shapes built here; the dashboard shows the numbers
// its transform builds. Both must agree on what a pod reserves, or the lanes would show room the
// simulated scheduler does not see (or the reverse).
import { describe, expect, it } from 'vitest';
import { transformNode, transformPod } from '@/lib/domain/transform';
import type { KObject } from '../store';
import { fitNode, fitPod } from './shapes';

const MI = 2 ** 20;

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { namespace: 'apps', name: 'api-7d9c-x', uid: 'p-1', creationTimestamp: '2026-01-01T00:00:00Z' },
  spec: {
    nodeName: 'i-0abc',
    initContainers: [
      { name: 'migrate', image: 'migrate', resources: { requests: { cpu: '1500m', memory: '64Mi' } } },
      { name: 'mesh', image: 'envoy', restartPolicy: 'Always', resources: { requests: { cpu: '100m', memory: '128Mi' } } },
      { name: 'warm-cache', image: 'warm', resources: { requests: { cpu: '1', memory: '900Mi' } } },
    ],
    containers: [
      { name: 'api', image: 'api', resources: { requests: { cpu: '250m', memory: '512Mi' } } },
      { name: 'log', image: 'log', resources: { requests: { cpu: '50m', memory: '32Mi' } } },
    ],
    overhead: { cpu: '250m', memory: '120Mi' },
  },
  status: { phase: 'Running' },
} as unknown as KObject;

describe('sandbox shapes and dashboard transform', () => {
  it('compute the same requests for a pod with init containers, a sidecar and overhead', () => {
    const expected = {
      // max(250 + 50 + 100, 1500, 1000 + 100) + 250
      cpuMillis: 1750,
      // max(512 + 32 + 128, 64, 900 + 128) + 120
      memoryBytes: 1148 * MI,
      pods: 1,
    };
    expect(fitPod(pod).requests).toEqual(expected);
    expect(transformPod(pod).requests).toEqual(expected);
  });

  it('read the same allocatable from a node, and count the pod against it the same way', () => {
    const node = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'i-0abc', labels: {} },
      status: { allocatable: { cpu: '3920m', memory: '15006052Ki', pods: '58' }, conditions: [{ type: 'Ready', status: 'True' }] },
    } as unknown as KObject;
    const fit = fitNode(node, [pod]);
    expect(fit.allocatable).toEqual(transformNode(node).allocatable);
    expect(fit.used).toEqual(transformPod(pod).requests);
  });

  it('read the same required node affinity, matchFields and empty terms included', () => {
    const terms = [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['i-0abc'] }] }, {}];
    const pinned = { ...pod, spec: { ...pod.spec, affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } } } } as KObject;
    expect(fitPod(pinned).affinityTerms).toEqual([[{ key: 'metadata.name', operator: 'In', values: ['i-0abc'], field: true }], []]);
    expect(transformPod(pinned).affinity).toEqual(fitPod(pinned).affinityTerms);
  });
});
