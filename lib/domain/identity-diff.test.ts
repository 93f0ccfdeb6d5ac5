import { describe, expect, it } from 'vitest';
import { seededRandom } from '@/test/support/seeded-random';
import { podInfo } from '@/test/support/topology';
import { applyEvents } from './apply-event';
import { identityDiff } from './identity-diff';
import type { PodInfo, TopologyEvent, TopologySnapshot } from './model';

const names = (pods: readonly PodInfo[]) => new Set(pods);

describe('identityDiff', () => {
  it('finds what was taken out and put in, the same from the reducer’s record as from a scan', () => {
    const random = seededRandom(11);
    let snapshot = { nodes: [], pods: Array.from({ length: 100 }, (_, i) => podInfo('apps', `pod-${i}`, 'n', 100, 0.1)) } as unknown as TopologySnapshot;
    for (let seq = 0; seq < 200; seq++) {
      const events: TopologyEvent[] = [];
      for (let i = random.int(1, 8); i > 0; i--) {
        const pod = random.pick(snapshot.pods);
        const roll = random.next();
        // The same pod changed twice in one batch, deleted and put back, or new.
        if (roll < 0.4) events.push({ type: 'pod-upserted', pod: { ...pod, labels: { seq: String(seq) } } });
        else if (roll < 0.6) events.push({ type: 'pod-deleted', namespace: pod.namespace, name: pod.name });
        else if (roll < 0.75) events.push({ type: 'pod-deleted', namespace: pod.namespace, name: pod.name }, { type: 'pod-upserted', pod });
        else events.push({ type: 'pod-upserted', pod: podInfo('apps', `new-${seq}-${i}`, 'n', 100, 0.1) });
      }
      const before = snapshot.pods;
      snapshot = applyEvents(snapshot, events);
      const recorded = identityDiff(before, snapshot.pods, 1000)!;
      const scanned = identityDiff(before, [...snapshot.pods], 1000)!;
      expect(names(recorded.removed), `batch ${seq}`).toEqual(names(scanned.removed));
      expect(names(recorded.added)).toEqual(names(scanned.added));
      // Each is exactly the difference of the two arrays as sets.
      const now = new Set(snapshot.pods);
      expect(names(scanned.removed)).toEqual(new Set(before.filter((p) => !now.has(p))));
      expect(names(scanned.added)).toEqual(new Set(snapshot.pods.filter((p) => !before.includes(p))));
    }
  });

  it('gives up past the limit', () => {
    const a = Array.from({ length: 100 }, (_, i) => ({ i }));
    expect(identityDiff(a, a.map((x) => ({ ...x })), 10)).toBeUndefined();
    expect(identityDiff(a, a.slice(0, 50), 10)).toBeUndefined();
    expect(identityDiff(a, [...a.slice(1), a[0]], 10)).toBeUndefined();
    expect(identityDiff(a, [a[99], ...a.slice(1, 99)], 10)).toEqual({ removed: [a[0]], added: [] });
  });
});
