import { describe, expect, it } from 'vitest';
import { seededRandom } from '@/test/support/seeded-random';
import { podInfo } from '@/test/support/topology';
import { applyEvents } from './apply-event';
import { namespacesOf } from './find-index';
import { createNamespaceTally, tallyNamespaces } from './namespace-tally';
import type { TopologyEvent, TopologySnapshot } from './model';

const NAMESPACES = ['apps', 'batch', 'kube-system', 'rare'];

describe('tallyNamespaces', () => {
  it('lists what namespacesOf lists after every batch of random changes, and keeps the array while they stay', () => {
    for (const seed of [1, 2, 3]) {
      const random = seededRandom(seed);
      let snapshot = { nodes: [], pods: Array.from({ length: 200 }, (_, i) => podInfo(random.pick(NAMESPACES.slice(0, 3)), `pod-${i}`, 'n', 100, 0.1)) } as unknown as TopologySnapshot;
      let tally = createNamespaceTally();
      for (let seq = 0; seq < 80; seq++) {
        const before = tally;
        tally = tallyNamespaces(tally, snapshot.pods);
        const expected = namespacesOf(snapshot.pods);
        expect(tally.list, `seed ${seed}, batch ${seq}`).toEqual(expected);
        if (before.list.join() === expected.join()) expect(tally.list).toBe(before.list);
        const events: TopologyEvent[] = [];
        for (let i = random.int(1, 6); i > 0; i--) {
          // The rare namespace comes and goes: its first pod and its last.
          const rare = snapshot.pods.filter((p) => p.namespace === 'rare');
          const pod = rare.length && random.chance(0.5) ? random.pick(rare) : random.pick(snapshot.pods);
          if (random.chance(0.5)) events.push({ type: 'pod-deleted', namespace: pod.namespace, name: pod.name });
          else events.push({ type: 'pod-upserted', pod: podInfo(random.chance(0.1) ? 'rare' : random.pick(NAMESPACES), `new-${seq}-${i}`, 'n', 100, 0.1) });
        }
        snapshot = applyEvents(snapshot, events);
      }
    }
  });
});
