import { describe, expect, it } from 'vitest';
import { USAGE_WINDOW_SECONDS, containerUsage, nodeUsage, podUsage, stableFraction, sumUsage, usageWindowStart } from './usage';

const web = { name: 'web', resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } } };
const t0 = new Date('2026-11-28T10:00:00Z');
const later = (s: number) => new Date(t0.getTime() + s * 1000);
const MI = 1024 * 1024;

describe('stableFraction', () => {
  it('is in [0, 1), the same for the same key and spread over keys', () => {
    expect(stableFraction('a')).toBe(stableFraction('a'));
    const values = Array.from({ length: 200 }, (_, i) => stableFraction(`pod-${i}`));
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(Math.min(...values)).toBeLessThan(0.1);
    expect(Math.max(...values)).toBeGreaterThan(0.9);
  });
});

describe('containerUsage', () => {
  it('is deterministic for a pod uid and constant within a sampling window', () => {
    const a = containerUsage('uid-1', web, t0);
    expect(containerUsage('uid-1', web, t0)).toEqual(a);
    expect(containerUsage('uid-1', web, later(USAGE_WINDOW_SECONDS - 1))).toEqual(a);
    expect(usageWindowStart(later(USAGE_WINDOW_SECONDS + 5))).toEqual(later(USAGE_WINDOW_SECONDS));
  });

  it('stays within a band of its requests, varying between pods and over time', () => {
    const samples = Array.from({ length: 100 }, (_, i) => containerUsage(`uid-${i}`, web, later(i * 97)));
    for (const u of samples) {
      expect(u.cpuNanos).toBeGreaterThanOrEqual(0.25 * 0.85 * 100e6 - 1);
      expect(u.cpuNanos).toBeLessThanOrEqual(0.85 * 1.15 * 100e6 + 1);
      expect(u.memoryBytes).toBeGreaterThanOrEqual(0.45 * 0.96 * 128 * MI - 1024);
      expect(u.memoryBytes).toBeLessThanOrEqual(0.9 * 1.04 * 128 * MI + 1024);
      expect(u.memoryBytes % 1024).toBe(0);
      expect(Number.isInteger(u.cpuNanos)).toBe(true);
    }
    expect(new Set(samples.map((s) => s.cpuNanos)).size).toBeGreaterThan(50);
    const overTime = Array.from({ length: 40 }, (_, i) => containerUsage('uid-1', web, later(i * 60)).cpuNanos);
    expect(Math.max(...overTime)).toBeGreaterThan(Math.min(...overTime));
  });

  it('never exceeds a limit, and gives something to containers without requests', () => {
    const capped = containerUsage('u', { name: 'c', resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '200m', memory: '100Mi' } } }, t0);
    expect(capped.cpuNanos).toBeLessThanOrEqual(196e6);
    expect(capped.memoryBytes).toBeLessThanOrEqual(98 * MI);
    const bare = containerUsage('u', { name: 'c' }, t0);
    expect(bare.cpuNanos).toBeGreaterThan(0);
    expect(bare.memoryBytes).toBeGreaterThan(0);
  });
});

describe('podUsage and nodeUsage', () => {
  it('reports each container, and a node as its pods plus the system', () => {
    const pod = podUsage('uid-1', [web, { name: 'sidecar', resources: { requests: { cpu: '10m', memory: '16Mi' } } }], t0);
    expect(pod.map((c) => c.name)).toEqual(['web', 'sidecar']);
    const pods = sumUsage(pod);
    const allocatable = { cpuMillis: 3920, memoryBytes: 15 * 1024 * MI, pods: 58 };
    const node = nodeUsage('ip-10-0-1-1', allocatable, pod);
    const system = { cpuNanos: node.cpuNanos - pods.cpuNanos, memoryBytes: node.memoryBytes - pods.memoryBytes };
    expect(system.cpuNanos).toBeGreaterThanOrEqual((40 + 0.015 * 3920) * 1e6 - 1);
    expect(system.cpuNanos).toBeLessThanOrEqual((60 + 0.015 * 3920) * 1e6 + 1);
    expect(system.memoryBytes).toBeGreaterThanOrEqual(300 * MI + 0.03 * allocatable.memoryBytes - 1024);
    expect(nodeUsage('ip-10-0-1-1', allocatable, [])).toEqual(system);
  });
});
