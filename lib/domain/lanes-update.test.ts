import { describe, expect, it } from 'vitest';
import { seededRandom, type SeededRandom } from '@/test/support/seeded-random';
import { nodeInfo, podInfo } from '@/test/support/topology';
import { applyEvents } from './apply-event';
import { buildLanes, createLaneCache, type BuildLanesOptions } from './lanes';
import { layOutLanes } from './lanes-update';
import type { NodeInfo, PodInfo, TopologyEvent, TopologySnapshot } from './model';

const POOLS = ['general', 'gpu', 'system', ''];
const NAMESPACES = ['apps', 'batch', 'kube-system'];

function nodeOf(i: number, random: SeededRandom): NodeInfo {
  const pool = random.pick(POOLS);
  return nodeInfo(`node-${i}`, random.pick(['m5.large', 'c6a.large']), pool ? { 'karpenter.sh/nodepool': pool } : {}, { zone: random.pick(['us-east-1a', 'us-east-1b']) });
}

/** A pod somewhere: on a node, on none yet, or on a node the snapshot does not hold. */
function podOf(name: string, random: SeededRandom, nodes: number): PodInfo {
  const where = random.next();
  const nodeName = where < 0.8 ? `node-${random.int(0, nodes - 1)}` : where < 0.9 ? undefined : 'node-gone';
  const overrides: Partial<PodInfo> = random.chance(0.1) ? { phase: 'Succeeded' } : random.chance(0.1) ? { terminating: true } : {};
  return podInfo(random.pick(NAMESPACES), name, nodeName, random.int(1, 8) * 100, random.int(1, 4) / 4, overrides);
}

function snapshotOf(random: SeededRandom, nodes: number, pods: number): TopologySnapshot {
  return {
    nodes: Array.from({ length: nodes }, (_, i) => nodeOf(i, random)),
    pods: Array.from({ length: pods }, (_, i) => podOf(`pod-${i}`, random, nodes)),
    deployments: [],
    stale: false,
    resourceVersion: '1',
  } as unknown as TopologySnapshot;
}

/** A batch as the stream brings them: pods changed, moved, added and deleted; now and then a node. */
function batchOf(random: SeededRandom, snapshot: TopologySnapshot, seq: number): TopologyEvent[] {
  const events: TopologyEvent[] = [];
  for (let i = random.int(1, 12); i > 0; i--) {
    const pod = random.pick(snapshot.pods);
    const roll = random.next();
    if (roll < 0.5) events.push({ type: 'pod-upserted', pod: { ...pod, labels: { seq: String(seq) }, requests: { ...pod.requests, cpuMillis: random.int(1, 8) * 100 } } });
    else if (roll < 0.65) events.push({ type: 'pod-upserted', pod: { ...podOf(pod.name, random, snapshot.nodes.length), namespace: pod.namespace } });
    else if (roll < 0.8) events.push({ type: 'pod-deleted', namespace: pod.namespace, name: pod.name });
    else events.push({ type: 'pod-upserted', pod: podOf(`new-${seq}-${i}`, random, snapshot.nodes.length) });
  }
  if (random.chance(0.1)) events.push({ type: 'node-upserted', node: { ...random.pick(snapshot.nodes), unschedulable: random.chance(0.5) } });
  return events;
}

describe('layOutLanes', () => {
  const priceOf = (node: NodeInfo) => (node.instanceType === 'm5.large' ? 0.096 : undefined);

  it('equals a fresh buildLanes after every batch of random changes, under each grouping', () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const random = seededRandom(seed);
      let snapshot = snapshotOf(random, 30, 400);
      const groupBy: BuildLanesOptions['groupBy'] = seed % 3 === 0 ? { key: 'zone', nameOf: (n: NodeInfo) => n.zone } : seed % 3 === 1 ? 'pool' : 'karpenter.sh/nodepool';
      const cache = createLaneCache();
      for (let seq = 0; seq < 60; seq++) {
        const laidOut = layOutLanes(snapshot, { cache, priceOf, groupBy });
        expect(laidOut, `seed ${seed}, batch ${seq}`).toEqual(buildLanes(snapshot, { priceOf, groupBy }));
        snapshot = applyEvents(snapshot, batchOf(random, snapshot, seq));
      }
    }
  });

  it('keeps the objects of the lanes, nodes and lists a batch did not touch', () => {
    const random = seededRandom(7);
    let snapshot = snapshotOf(random, 30, 400);
    const cache = createLaneCache();
    const before = layOutLanes(snapshot, { cache });
    const target = before.lanes.find((l) => l.nodes.some((n) => n.pods.length > 0))!;
    const onNode = target.nodes.find((n) => n.pods.length > 0)!;
    const pod = onNode.pods[0];
    snapshot = applyEvents(snapshot, [{ type: 'pod-upserted', pod: { ...pod, labels: { changed: 'yes' } } }]);
    const after = layOutLanes(snapshot, { cache });
    for (const [i, lane] of after.lanes.entries()) {
      if (lane.id === target.id) {
        expect(lane).not.toBe(before.lanes[i]);
        lane.nodes.forEach((n, j) => (n.node.name === onNode.node.name ? expect(n).not.toBe(before.lanes[i].nodes[j]) : expect(n).toBe(before.lanes[i].nodes[j])));
      } else expect(lane).toBe(before.lanes[i]);
    }
    expect(after.unscheduled).toBe(before.unscheduled);
    expect(after.orphaned).toBe(before.orphaned);
    // Nothing changed: the very same layout.
    expect(layOutLanes(snapshot, { cache })).toBe(after);
  });

  it('lays out afresh when the pods are another list (a filter) that shifted', () => {
    const random = seededRandom(8);
    const snapshot = snapshotOf(random, 10, 300);
    const cache = createLaneCache();
    layOutLanes({ nodes: snapshot.nodes, pods: snapshot.pods }, { cache });
    const fewer = { nodes: snapshot.nodes, pods: snapshot.pods.filter((p) => p.namespace === 'apps') };
    expect(layOutLanes(fewer, { cache })).toEqual(buildLanes(fewer));
    const all = { nodes: snapshot.nodes, pods: snapshot.pods };
    expect(layOutLanes(all, { cache })).toEqual(buildLanes(all));
  });
});
