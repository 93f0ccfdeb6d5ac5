import { describe, expect, it } from 'vitest';
import { nodeInfo, podInfo } from '@/test/support/model';
import { countTrouble, nodeTroubles, podTroubleKind, podTroubleReason, stepSpot, totalTrouble, troubleSpots, troubleWords, STUCK_TERMINATING_MS } from './trouble';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const crash = podInfo('apps', 'web-1', 'n1', 100, { ready: false, status: 'CrashLoopBackOff', trouble: 'CrashLoopBackOff', restarts: 7 });
const pull = podInfo('apps', 'api-1', 'n2', 100, { ready: false, status: 'ImagePullBackOff', trouble: 'ImagePullBackOff' });
const notReadyNode = nodeInfo('n3', {}, { ready: false, conditions: [{ type: 'Ready', status: 'False', reason: 'KubeletNotReady' }] });

describe('podTroubleKind', () => {
  it('groups the kubelet reasons into kinds', () => {
    expect(podTroubleKind(crash, NOW)).toBe('crash');
    expect(podTroubleKind(pull, NOW)).toBe('image');
    expect(podTroubleKind({ ...pull, trouble: 'ErrImagePull' }, NOW)).toBe('image');
    expect(podTroubleKind({ ...pull, trouble: 'OOMKilled' }, NOW)).toBe('oom');
    expect(podTroubleKind({ ...pull, trouble: 'CreateContainerConfigError' }, NOW)).toBe('config');
    expect(podTroubleKind({ ...pull, trouble: 'Evicted' }, NOW)).toBe('failed');
    expect(podTroubleKind(podInfo('apps', 'ok-1', 'n1'), NOW)).toBeUndefined();
  });

  it('counts a terminating pod as stuck only a minute past the end of its grace period', () => {
    const going = (deleteBy: number) => podInfo('apps', 'old-1', 'n1', 100, { terminating: true, status: 'Terminating', deleteBy: new Date(deleteBy).toISOString() });
    expect(podTroubleKind(going(NOW - 10_000), NOW)).toBeUndefined();
    expect(podTroubleKind(going(NOW - STUCK_TERMINATING_MS - 1_000), NOW)).toBe('stuck');
    expect(podTroubleReason(going(NOW - STUCK_TERMINATING_MS - 1_000), NOW)).toBe('Terminating (stuck)');
    // A pod going away is not also in its earlier trouble.
    expect(podTroubleKind({ ...going(NOW), trouble: 'CrashLoopBackOff' }, NOW)).toBeUndefined();
  });
});

describe('nodeTroubles', () => {
  it('reads NotReady, Unknown and pressure from the conditions', () => {
    expect(nodeTroubles(nodeInfo('ok'))).toEqual([]);
    expect(nodeTroubles(notReadyNode)).toEqual([{ kind: 'node-not-ready', reason: 'NotReady' }]);
    const lost = nodeInfo('lost', {}, { ready: false, conditions: [{ type: 'Ready', status: 'Unknown' }, { type: 'DiskPressure', status: 'True' }, { type: 'MemoryPressure', status: 'False' }] });
    expect(nodeTroubles(lost)).toEqual([
      { kind: 'node-not-ready', reason: 'Unknown' },
      { kind: 'node-pressure', reason: 'DiskPressure' },
    ]);
  });

  it('falls back on the ready flag for a node that reports no conditions, and a cordoned node is no trouble', () => {
    expect(nodeTroubles(nodeInfo('new', {}, { ready: false }))).toEqual([{ kind: 'node-not-ready', reason: 'NotReady' }]);
    expect(nodeTroubles(nodeInfo('cordoned', {}, { unschedulable: true }))).toEqual([]);
  });
});

describe('counts and spots', () => {
  const lanes = [
    { nodes: [{ node: nodeInfo('n1'), pods: [crash, podInfo('apps', 'web-2', 'n1')] }, { node: nodeInfo('n2'), pods: [pull] }] },
    { nodes: [{ node: notReadyNode, pods: [podInfo('apps', 'db-1', 'n3')] }] },
  ];

  it('counts each kind over nodes and their pods, in words most urgent first', () => {
    const counts = countTrouble(lanes.flatMap((l) => l.nodes), [], NOW);
    expect(counts).toEqual({ crash: 1, image: 1, 'node-not-ready': 1 });
    expect(countTrouble([], [podInfo('apps', 'big-1', undefined, 100, { trouble: 'Unschedulable' }), podInfo('apps', 'ok-1', undefined)], NOW)).toEqual({ unschedulable: 1 });
    expect(totalTrouble(counts)).toBe(3);
    expect(troubleWords(counts)).toBe('1 node NotReady, 1 CrashLoopBackOff, 1 ImagePullBackOff');
  });

  it('lists the spots in drawing order, pods without a node last, and steps around them', () => {
    const pending = podInfo('apps', 'big-1', undefined, 100, { trouble: 'Unschedulable' });
    const spots = troubleSpots(lanes, [pending], NOW);
    expect(spots.map((s) => [s.id, s.reason, s.node])).toEqual([
      ['pod:apps/web-1', 'CrashLoopBackOff', 'n1'],
      ['pod:apps/api-1', 'ImagePullBackOff', 'n2'],
      ['node:n3', 'NotReady', 'n3'],
      ['pod:apps/big-1', 'Unschedulable', undefined],
    ]);
    expect(stepSpot(spots, undefined, 1)?.id).toBe('pod:apps/web-1');
    expect(stepSpot(spots, undefined, -1)?.id).toBe('pod:apps/big-1');
    expect(stepSpot(spots, 'pod:apps/api-1', 1)?.id).toBe('node:n3');
    expect(stepSpot(spots, 'pod:apps/big-1', 1)?.id).toBe('pod:apps/web-1');
    expect(stepSpot(spots, 'pod:apps/web-1', -1)?.id).toBe('pod:apps/big-1');
    expect(stepSpot(spots, 'pod:apps/gone', 1)?.id).toBe('pod:apps/web-1');
    expect(stepSpot([], undefined, 1)).toBeUndefined();
  });
});
