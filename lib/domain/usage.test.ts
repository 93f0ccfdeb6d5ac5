import { describe, expect, it } from 'vitest';
import { USAGE_WINDOW_SECONDS, containerUsage, nodeUsage, podMetricsUsage, podUsage, shareOfRequests, stableFraction, sumUsage, usageWindowStart, usageWords } from './usage';

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

describe('podMetricsUsage and shareOfRequests', () => {
  it('adds up a PodMetrics item\'s containers, in the units metrics-server writes', () => {
    const item = {
      containers: [
        { name: 'web', usage: { cpu: '41234567n', memory: '102400Ki' } },
        { name: 'sidecar', usage: { cpu: '3m', memory: '16Mi' } },
      ],
    };
    expect(podMetricsUsage(item)).toEqual({ cpuMillis: 42 + 3, memoryBytes: 100 * MI + 16 * MI });
  });

  it('reads what the sandbox\'s own metrics say back to the same numbers', () => {
    const containers = podUsage('uid-7', [web, { name: 'sidecar', resources: { requests: { cpu: '10m', memory: '16Mi' } } }], t0);
    const item = { containers: containers.map((c) => ({ name: c.name, usage: { cpu: `${c.cpuNanos}n`, memory: `${c.memoryBytes / 1024}Ki` } })) };
    const total = sumUsage(containers);
    const read = podMetricsUsage(item);
    expect(read.memoryBytes).toBe(total.memoryBytes);
    // Millicores are rounded up per container, as the quantity parser does for requests.
    expect(read.cpuMillis).toBeGreaterThanOrEqual(total.cpuNanos / 1e6);
    expect(read.cpuMillis).toBeLessThanOrEqual(total.cpuNanos / 1e6 + 2);
  });

  it('is nothing for an item without containers or usage', () => {
    expect(podMetricsUsage({})).toEqual({ cpuMillis: 0, memoryBytes: 0 });
    expect(podMetricsUsage({ containers: [{ usage: null }] })).toEqual({ cpuMillis: 0, memoryBytes: 0 });
  });

  it('gives usage as a share of requests, and no share for what is not requested', () => {
    expect(shareOfRequests({ cpuMillis: 50, memoryBytes: 64 * MI }, { cpuMillis: 200, memoryBytes: 128 * MI })).toEqual({ cpu: 0.25, memory: 0.5 });
    expect(shareOfRequests({ cpuMillis: 300, memoryBytes: 0 }, { cpuMillis: 200, memoryBytes: 0 })).toEqual({ cpu: 1.5, memory: undefined });
  });
});

describe('usageWords', () => {
  it('says what a pod uses and how much of its request that is', () => {
    expect(usageWords({ cpuMillis: 45, memoryBytes: 90 * MI }, { cpuMillis: 80, memoryBytes: 128 * MI })).toBe('45m CPU (56% of request) · 90Mi memory (70% of request)');
    expect(usageWords({ cpuMillis: 1500, memoryBytes: 2 * 1024 * MI }, { cpuMillis: 1000, memoryBytes: 0 })).toBe('1.5 CPU (150% of request) · 2Gi memory (nothing requested)');
  });
});
