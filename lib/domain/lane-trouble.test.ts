import { describe, expect, it } from 'vitest';
import { seededRandom } from '@/test/support/seeded-random';
import { nodeInfo, podInfo } from '@/test/support/topology';
import { laneTrouble } from './lane-trouble';
import { countTrouble, STUCK_TERMINATING_MS, troubleSpots } from './trouble';
import type { PodInfo } from './model';

const T0 = Date.parse('2026-12-07T05:00:00Z');

function lanesOf(seed: number) {
  const random = seededRandom(seed);
  const pod = (name: string, nodeName?: string): PodInfo => {
    const roll = random.next();
    const overrides: Partial<PodInfo> =
      roll < 0.15 ? { trouble: random.pick(['CrashLoopBackOff', 'ImagePullBackOff', 'OOMKilled', 'Weird']) }
      : roll < 0.35 ? { terminating: true, deleteBy: new Date(T0 - STUCK_TERMINATING_MS + random.int(-5, 5) * 1000).toISOString() }
      : {};
    return podInfo('apps', name, nodeName, 100, 0.5, overrides);
  };
  const lanes = Array.from({ length: 4 }, (_, l) => ({
    nodes: Array.from({ length: 5 }, (_, n) => {
      const name = `node-${l}-${n}`;
      const node = nodeInfo(name, 'm5.large', {}, random.chance(0.2) ? { ready: false } : {});
      return { node, pods: Array.from({ length: random.int(0, 6) }, (_, p) => pod(`pod-${l}-${n}-${p}`, name)) };
    }),
  }));
  const unbound = Array.from({ length: 6 }, (_, p) => pod(`pending-${p}`));
  return { lanes, unbound };
}

describe('laneTrouble', () => {
  it('equals troubleSpots and countTrouble over every lane, as the clock runs on and lanes change', () => {
    for (const seed of [1, 2, 3, 4]) {
      const { lanes, unbound } = lanesOf(seed);
      const random = seededRandom(seed + 100);
      // Seconds either side of the moment the terminating pods turn stuck, then well after.
      for (const now of [T0 - 6000, T0 - 1000, T0, T0 + 1000, T0 + 4000, T0 + 6000, T0 + 60_000]) {
        // A lane replaced by a new object, as a batch of deltas does.
        const at = random.int(0, lanes.length - 1);
        lanes[at] = { nodes: lanes[at].nodes.slice(1) };
        const got = laneTrouble(lanes, unbound, now);
        expect(got.spots, `seed ${seed} at ${now - T0}`).toEqual(troubleSpots(lanes, unbound, now));
        expect(got.counts).toEqual(countTrouble(lanes.flatMap((l) => l.nodes), unbound, now));
        expect(got.perLane).toEqual(lanes.map((lane) => troubleSpots([lane], [], now)));
      }
    }
  });
});
