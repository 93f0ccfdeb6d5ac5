import { describe, expect, it } from 'vitest';
import { allocatableFrom, allocatableOf, capacityOf, hourlyPrice, instanceLabels, instanceSpec, kubeletReserved } from './instance-types';

describe('instance types', () => {
  it('knows the shapes and list prices of EKS.md', () => {
    expect(instanceSpec('m6a.xlarge')).toMatchObject({ vcpu: 4, memoryGiB: 16, price: 0.1728, category: 'm', family: 'm6a', generation: 6, size: 'xlarge' });
    expect(instanceSpec('t3.medium')).toMatchObject({ vcpu: 2, memoryGiB: 4, maxPods: 17, price: 0.0416 });
    expect(instanceSpec('z9.huge')).toBeUndefined();
  });

  it('prices Auto Mode nodes with the management fee', () => {
    expect(hourlyPrice('c6a.large')).toBe(0.0765);
    expect(hourlyPrice('c6a.large', { autoMode: true })).toBeCloseTo(0.08568, 6);
    expect(hourlyPrice(undefined)).toBeUndefined();
  });

  it('labels nodes like Auto Mode does', () => {
    expect(instanceLabels(instanceSpec('m6a.xlarge')!)).toMatchObject({
      'node.kubernetes.io/instance-type': 'm6a.xlarge',
      'eks.amazonaws.com/instance-category': 'm',
      'eks.amazonaws.com/instance-family': 'm6a',
      'eks.amazonaws.com/instance-cpu': '4',
      'eks.amazonaws.com/instance-memory': '16384',
    });
  });

  it('reserves kubelet resources from capacity', () => {
    const m = instanceSpec('m6a.xlarge')!;
    expect(capacityOf(m)).toEqual({ cpuMillis: 4000, memoryBytes: 16 * 1024 ** 3, pods: 58 });
    // 60 + 10 + 5 + 5 millicores; 255 + 11*58 + 100 MiB.
    expect(allocatableOf(m)).toEqual({ cpuMillis: 3920, memoryBytes: 16 * 1024 ** 3 - 993 * 1024 ** 2, pods: 58 });
  });
});

describe('kubelet reservation', () => {
  it('holds back the EKS AMI share of any capacity, not only catalogued types', () => {
    // 2 vCPU: 60 + 10 millicores; 17 pods: 255 + 187 + 100 MiB.
    expect(kubeletReserved({ cpuMillis: 2000, memoryBytes: 4 * 1024 ** 3, pods: 17 })).toEqual({ cpuMillis: 70, memoryBytes: 542 * 1024 ** 2, pods: 0 });
    // 8 vCPU: 60 + 10 + 5 + 5 + 4 × 2.5.
    expect(allocatableFrom({ cpuMillis: 8000, memoryBytes: 32 * 1024 ** 3, pods: 58 }).cpuMillis).toBe(8000 - 90);
    expect(allocatableFrom({ cpuMillis: 0, memoryBytes: 0, pods: 0 })).toEqual({ cpuMillis: 0, memoryBytes: 0, pods: 0 });
  });
});
