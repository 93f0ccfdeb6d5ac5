import { describe, expect, it } from 'vitest';
import { daemonPlacement, daemonPodTolerations } from './daemon-placement';

const node = (name: string, labels: Record<string, string> = {}, taints: { key: string; value?: string; effect: string }[] = []) => ({ name, labels, taints });

describe('daemonPlacement', () => {
  it('runs on any node when the template selects nothing', () => {
    expect(daemonPlacement({}, node('a'))).toEqual({ shouldRun: true, shouldContinueRunning: true });
  });

  it('follows the nodeSelector and the required node affinity, matchFields included', () => {
    const gpu = { nodeSelector: { 'example.com/gpu': 'true' } };
    expect(daemonPlacement(gpu, node('a', { 'example.com/gpu': 'true' })).shouldRun).toBe(true);
    expect(daemonPlacement(gpu, node('b'))).toEqual({ shouldRun: false, shouldContinueRunning: false });
    const onlyB = { affinityTerms: [[{ key: 'metadata.name', operator: 'In' as const, values: ['b'], field: true as const }]] };
    expect(daemonPlacement(onlyB, node('a')).shouldRun).toBe(false);
    expect(daemonPlacement(onlyB, node('b')).shouldRun).toBe(true);
    expect(daemonPlacement({ nodeName: 'b' }, node('a')).shouldRun).toBe(false);
  });

  it('keeps off untolerated taints: NoSchedule stops new pods, NoExecute removes old ones, PreferNoSchedule is ignored', () => {
    expect(daemonPlacement({}, node('a', {}, [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]))).toEqual({ shouldRun: false, shouldContinueRunning: true });
    expect(daemonPlacement({}, node('a', {}, [{ key: 'dedicated', effect: 'NoExecute' }]))).toEqual({ shouldRun: false, shouldContinueRunning: false });
    expect(daemonPlacement({}, node('a', {}, [{ key: 'soft', effect: 'PreferNoSchedule' }])).shouldRun).toBe(true);
    const tolerant = { tolerations: [{ key: 'dedicated', operator: 'Equal' as const, value: 'gpu', effect: 'NoSchedule' }] };
    expect(daemonPlacement(tolerant, node('a', {}, [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }])).shouldRun).toBe(true);
  });

  it('tolerates the taints of cordoned, not-ready and pressured nodes by itself', () => {
    for (const [key, effect] of [
      ['node.kubernetes.io/unschedulable', 'NoSchedule'],
      ['node.kubernetes.io/not-ready', 'NoExecute'],
      ['node.kubernetes.io/unreachable', 'NoExecute'],
      ['node.kubernetes.io/memory-pressure', 'NoSchedule'],
    ]) expect(daemonPlacement({}, node('a', {}, [{ key, effect }])).shouldRun, key).toBe(true);
    // not-ready as NoSchedule is not among them: the pod waits for the node.
    expect(daemonPlacement({}, node('a', {}, [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }])).shouldRun).toBe(false);
    const netDown = node('a', {}, [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }]);
    expect(daemonPlacement({}, netDown).shouldRun).toBe(false);
    expect(daemonPlacement({ hostNetwork: true }, netDown).shouldRun).toBe(true);
  });
});

describe('daemonPodTolerations', () => {
  it('appends the six (seven with hostNetwork) tolerations, keeping the pod own ones first', () => {
    const own = { key: 'dedicated', operator: 'Exists' as const, effect: 'NoSchedule' };
    const out = daemonPodTolerations([own], false);
    expect(out[0]).toEqual(own);
    expect(out.slice(1).map((t) => `${t.key}:${t.effect}:${t.operator}`)).toEqual([
      'node.kubernetes.io/not-ready:NoExecute:Exists',
      'node.kubernetes.io/unreachable:NoExecute:Exists',
      'node.kubernetes.io/disk-pressure:NoSchedule:Exists',
      'node.kubernetes.io/memory-pressure:NoSchedule:Exists',
      'node.kubernetes.io/pid-pressure:NoSchedule:Exists',
      'node.kubernetes.io/unschedulable:NoSchedule:Exists',
    ]);
    expect(daemonPodTolerations(undefined, true).at(-1)).toEqual({ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' });
  });

  it('replaces the same toleration in place rather than adding it twice', () => {
    const own = { key: 'node.kubernetes.io/not-ready', operator: 'Exists' as const, effect: 'NoExecute', tolerationSeconds: 300 };
    const out = daemonPodTolerations([own], false);
    expect(out).toHaveLength(6);
    expect(out[0]).toEqual({ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' });
  });
});
