import { describe, expect, it } from 'vitest';
import { describeMisfits, misfit as misfitAmong, pack, PlacementIndex, type FitNode, type FitPod } from './fit';

const MI = 1024 ** 2;
const node = (name: string, extra: Partial<FitNode> = {}): FitNode => ({
  name,
  labels: { 'eks.amazonaws.com/nodeclass': 'default' },
  taints: [],
  allocatable: { cpuMillis: 1930, memoryBytes: 3500 * MI, pods: 17 },
  used: { cpuMillis: 0, memoryBytes: 0, pods: 0 },
  schedulable: true,
  ...extra,
});
/** The node alone in the cluster. */
const misfit = (p: FitPod, n: FitNode) => misfitAmong(p, n, new PlacementIndex([n]));
const pod = (key: string, cpuMillis: number, extra: Partial<FitPod> = {}): FitPod => ({ key, requests: { cpuMillis, memoryBytes: 256 * MI, pods: 1 }, ...extra });

describe('misfit', () => {
  it('checks schedulability, selectors, affinity, taints, pods, cpu and memory in that order', () => {
    expect(misfit(pod('p', 100), node('n', { schedulable: false }))).toBe('unschedulable');
    expect(misfit(pod('p', 100, { nodeSelector: { 'eks.amazonaws.com/nodeclass': 'ai-ml-node-class' } }), node('n'))).toBe('selector');
    expect(misfit(pod('p', 100, { affinityTerms: [[{ key: 'eks.amazonaws.com/nodeclass', operator: 'NotIn', values: ['default'] }]] }), node('n'))).toBe(
      'selector',
    );
    expect(misfit(pod('p', 100), node('n', { taints: [{ key: 'CriticalAddonsOnly', effect: 'NoSchedule' }] }))).toBe('taint');
    expect(misfit(pod('p', 100), node('n', { used: { cpuMillis: 0, memoryBytes: 0, pods: 17 } }))).toBe('pods');
    expect(misfit(pod('p', 2000), node('n'))).toBe('cpu');
    expect(misfit({ key: 'p', requests: { cpuMillis: 1, memoryBytes: 4000 * MI, pods: 1 } }, node('n'))).toBe('memory');
    expect(misfit(pod('p', 1930), node('n'))).toBeUndefined();
  });
});

describe('misfit and cordons', () => {
  it('keeps pods off a cordoned node unless they tolerate the unschedulable taint, as DaemonSet pods do', () => {
    const cordoned = node('n', { cordoned: true });
    expect(misfit(pod('p', 100), cordoned)).toBe('unschedulable');
    expect(misfit(pod('p', 100, { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] }), cordoned)).toBeUndefined();
    expect(misfit(pod('p', 100, { tolerations: [{ operator: 'Exists' }] }), cordoned)).toBeUndefined();
    // Not ready or going away: nobody goes there, whatever they tolerate.
    expect(misfit(pod('p', 100, { tolerations: [{ operator: 'Exists' }] }), node('n', { schedulable: false, cordoned: true }))).toBe('unschedulable');
  });
});

describe('misfit and node affinity', () => {
  it('keeps a pod off every node when its only affinity term is empty', () => {
    expect(misfit(pod('p', 100, { affinityTerms: [[]] }), node('n'))).toBe('selector');
  });

  it('honours matchFields on the node name', () => {
    const onlyA = pod('p', 100, { affinityTerms: [[{ key: 'metadata.name', operator: 'In', values: ['a'], field: true }]] });
    expect(misfit(onlyA, node('a'))).toBeUndefined();
    expect(misfit(onlyA, node('b'))).toBe('selector');
    expect(Object.fromEntries(pack([onlyA], [node('b'), node('a')]).placed)).toEqual({ p: 'a' });
  });
});

describe('pack', () => {
  it('bin-packs biggest first onto the fullest node that fits, without touching the input', () => {
    const nodes = [node('a'), node('b', { used: { cpuMillis: 1000, memoryBytes: 0, pods: 3 } })];
    const result = pack([pod('small', 100), pod('big', 800), pod('huge', 1900)], nodes);
    expect(Object.fromEntries(result.placed)).toEqual({ huge: 'a', big: 'b', small: 'b' });
    expect(result.unplaced).toEqual([]);
    expect(nodes[1].used.cpuMillis).toBe(1000);
  });

  it('reports why a pod fits nowhere, in the scheduler words', () => {
    const result = pack([pod('x', 1500, { nodeSelector: { 'eks.amazonaws.com/nodeclass': 'default' } })], [
      node('a', { used: { cpuMillis: 1000, memoryBytes: 0, pods: 1 } }),
      node('b', { labels: {} }),
    ]);
    expect(result.unplaced).toHaveLength(1);
    expect(describeMisfits(2, result.unplaced[0].reasons)).toBe("0/2 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match Pod's node affinity/selector.");
  });
});
