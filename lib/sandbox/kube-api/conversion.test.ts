import { describe, expect, it } from 'vitest';
import type { KObject } from '../store';
import { toStorageVersion, toVersion } from './conversion';

const SLICES = 'discovery.k8s.io/endpointslices';
const slice = (apiVersion: string, endpoints: unknown[]): KObject => ({ apiVersion, kind: 'EndpointSlice', metadata: { name: 's', namespace: 'n' }, addressType: 'IPv4', endpoints });

describe('version conversion', () => {
  it('a v1 slice endpoint shows its node and zone as the v1beta1 topology, keeping nodeName', () => {
    const stored = slice('discovery.k8s.io/v1', [{ addresses: ['10.0.0.1'], conditions: { ready: true }, nodeName: 'n1', zone: 'us-east-1a' }]);
    expect(toVersion(SLICES, stored, 'discovery.k8s.io/v1beta1').endpoints).toEqual([
      { addresses: ['10.0.0.1'], conditions: { ready: true }, nodeName: 'n1', topology: { 'kubernetes.io/hostname': 'n1', 'topology.kubernetes.io/zone': 'us-east-1a' } },
    ]);
    expect(toVersion(SLICES, stored, 'discovery.k8s.io/v1')).toBe(stored);
  });

  it('a v1beta1 write: zone out of topology, hostname dropped only when it is the nodeName, the rest deprecatedTopology', () => {
    const written = slice('discovery.k8s.io/v1beta1', [
      { addresses: ['10.0.0.1'], nodeName: 'n1', topology: { 'kubernetes.io/hostname': 'n1', 'topology.kubernetes.io/zone': 'us-east-1a', rack: 'r1' } },
      { addresses: ['10.0.0.2'], topology: { 'kubernetes.io/hostname': 'n2' } },
      { addresses: ['10.0.0.3'] },
    ]);
    const stored = toStorageVersion(SLICES, written, 'discovery.k8s.io/v1');
    expect(stored.apiVersion).toBe('discovery.k8s.io/v1');
    expect(stored.endpoints).toEqual([
      { addresses: ['10.0.0.1'], nodeName: 'n1', zone: 'us-east-1a', deprecatedTopology: { rack: 'r1' } },
      { addresses: ['10.0.0.2'], deprecatedTopology: { 'kubernetes.io/hostname': 'n2' } },
      { addresses: ['10.0.0.3'] },
    ]);
    // And back: what was written reads the same at v1beta1.
    expect(toVersion(SLICES, stored, 'discovery.k8s.io/v1beta1').endpoints).toEqual(written.endpoints);
  });

  it('a CronJob differs only in apiVersion', () => {
    const stored: KObject = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { schedule: '* * * * *', timeZone: 'Etc/UTC', jobTemplate: {} } };
    expect(toVersion('batch/cronjobs', stored, 'batch/v1beta1')).toEqual({ ...stored, apiVersion: 'batch/v1beta1' });
    expect(toStorageVersion('batch/cronjobs', { ...stored, apiVersion: 'batch/v1beta1' }, 'batch/v1')).toEqual(stored);
  });

  it('kinds with one version pass through untouched', () => {
    const pod: KObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } };
    expect(toVersion('pods', pod, 'v1')).toBe(pod);
    expect(toStorageVersion('pods', pod, 'v1')).toBe(pod);
  });
});
