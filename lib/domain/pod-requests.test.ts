import { describe, expect, it } from 'vitest';
import { podRequests } from './pod-requests';

const MI = 2 ** 20;
const GI = 2 ** 30;
const req = (cpu: string, memory: string) => ({ resources: { requests: { cpu, memory } } });

describe('podRequests', () => {
  it('sums regular containers; a pod counts as one', () => {
    expect(podRequests({ containers: [req('250m', '128Mi'), req('0.5', '1Gi')] })).toEqual({ cpuMillis: 750, memoryBytes: GI + 128 * MI, pods: 1 });
  });

  it('takes the max with the largest init container', () => {
    expect(podRequests({ initContainers: [req('2', '128Mi')], containers: [req('500m', '1Gi'), req('500m', '1Gi')] })).toEqual({
      cpuMillis: 2000,
      memoryBytes: 2 * GI,
      pods: 1,
    });
  });

  it('adds sidecars to the running sum and to every init container declared after them', () => {
    expect(
      podRequests({
        initContainers: [
          { name: 'setup-early', ...req('900m', '64Mi') },
          { name: 'mesh', restartPolicy: 'Always', ...req('100m', '64Mi') },
          { name: 'setup', ...req('1', '64Mi') },
        ],
        containers: [req('200m', '512Mi')],
      }),
    ).toEqual({
      // cpu: max(200 + 100, 900, 1000 + 100); memory: max(512 + 64, 64, 64 + 64)
      cpuMillis: 1100,
      memoryBytes: 576 * MI,
      pods: 1,
    });
  });

  it('does not add a sidecar to init containers declared before it', () => {
    // If the sidecar were counted beside `setup`, cpu would be 1000 + 300.
    expect(podRequests({ initContainers: [req('1', '0'), { restartPolicy: 'Always', ...req('300m', '0') }], containers: [req('100m', '0')] }).cpuMillis).toBe(1000);
  });

  it('adds the RuntimeClass overhead on top', () => {
    expect(podRequests({ containers: [req('100m', '100Mi')], initContainers: [req('1', '0')], overhead: { cpu: '250m', memory: '120Mi' } })).toEqual({
      cpuMillis: 1250,
      memoryBytes: 220 * MI,
      pods: 1,
    });
  });

  it('uses pod-level requests instead of the containers when set, per resource', () => {
    expect(podRequests({ resources: { requests: { cpu: '2' } }, containers: [req('100m', '100Mi')], overhead: { cpu: '100m' } })).toEqual({
      cpuMillis: 2100,
      memoryBytes: 100 * MI,
      pods: 1,
    });
  });

  it('counts missing or malformed requests as zero without throwing', () => {
    expect(podRequests(undefined)).toEqual({ cpuMillis: 0, memoryBytes: 0, pods: 1 });
    expect(podRequests({ containers: [{}, { resources: null }, { resources: { requests: { cpu: 'lots' } } }], initContainers: null })).toEqual({
      cpuMillis: 0,
      memoryBytes: 0,
      pods: 1,
    });
  });
});
