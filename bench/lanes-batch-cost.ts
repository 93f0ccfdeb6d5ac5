// What one batch of pod deltas costs the lanes page's derived data at a given size, in Node, CPU
// time: the reducer, the filter, the lane layout, trouble spots and counts, namespaces — each as
// a full pass over every pod (what the page did before) and as the page does it now, at the cost
// of what changed. `npx tsx bench/lanes-batch-cost.ts [nodes] [podsPerNode] [podsPerBatch]`.
import { applyEvents } from '@/lib/domain/apply-event';
import { buildLanes, createLaneCache } from '@/lib/domain/lanes';
import { filterTopology } from '@/lib/domain/lane-view';
import { countTrouble, troubleSpots } from '@/lib/domain/trouble';
import { namespacesOf } from '@/lib/domain/find-index';
import { layOutLanes } from '@/lib/domain/lanes-update';
import { laneTrouble } from '@/lib/domain/lane-trouble';
import { createNamespaceTally, tallyNamespaces } from '@/lib/domain/namespace-tally';
import type { PodInfo, TopologyEvent, TopologySnapshot } from '@/lib/domain/model';
import { nodeInfo, podInfo } from '../test/support/topology';

const [nodes = 5000, perNode = 30, perBatch = 20] = process.argv.slice(2).map(Number);

function snapshotOf(): TopologySnapshot {
  const nodeList = Array.from({ length: nodes }, (_, i) => nodeInfo(`node-${i}`, 'm5.xlarge', { 'karpenter.sh/nodepool': `pool-${i % 10}` }));
  const pods: PodInfo[] = [];
  for (let n = 0; n < nodes; n++) for (let p = 0; p < perNode; p++) pods.push(podInfo(`ns-${(n * perNode + p) % 50}`, `app-${n}-${p}`, `node-${n}`, 100, 0.1));
  return { nodes: nodeList, pods, deployments: [], nodePools: [], nodeClasses: [], nodeClaims: [], pdbs: [], events: [], stale: false, resourceVersion: '1' } as unknown as TopologySnapshot;
}

const time = (into: Record<string, number[]>, name: string, fn: () => unknown) => {
  const t = performance.now();
  const out = fn();
  (into[name] ??= []).push(performance.now() - t);
  return out;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

let snap = snapshotOf();
const cache = createLaneCache();
const updating = createLaneCache();
let tally = createNamespaceTally();
const view = {} as Parameters<typeof filterTopology>[1];
const times: Record<string, number[]> = {};
const first = performance.now();
let layout = buildLanes(snap, { cache });
layOutLanes(snap, { cache: updating });
console.log(`first buildLanes: ${(performance.now() - first).toFixed(1)} ms`);
for (let round = 0; round < 60; round++) {
  const events: TopologyEvent[] = [];
  for (let i = 0; i < perBatch; i++) {
    const pod = snap.pods[Math.floor(Math.random() * snap.pods.length)];
    events.push({ type: 'pod-upserted', pod: { ...pod, labels: { 'bench-t': String(round) } } } as TopologyEvent);
  }
  snap = time(times, 'applyEvents', () => applyEvents(snap, events)) as TopologySnapshot;
  const filtered = time(times, 'filterTopology', () => filterTopology(snap, view)) as ReturnType<typeof filterTopology>;
  layout = time(times, 'buildLanes', () => buildLanes({ nodes: filtered.nodes, pods: filtered.pods }, { cache })) as typeof layout;
  time(times, 'troubleSpots', () => troubleSpots(layout.lanes, layout.unscheduled));
  time(times, 'countTrouble', () => countTrouble(layout.lanes.flatMap((l) => l.nodes), layout.unscheduled));
  time(times, 'namespacesOf', () => namespacesOf(snap.pods, []));
  const updated = time(times, 'now: layOutLanes', () => layOutLanes({ nodes: filtered.nodes, pods: filtered.pods }, { cache: updating })) as typeof layout;
  time(times, 'now: laneTrouble', () => laneTrouble(updated.lanes, updated.unscheduled));
  time(times, 'now: tallyNamespaces', () => (tally = tallyNamespaces(tally, snap.pods)));
}
console.table(Object.fromEntries(Object.entries(times).map(([k, v]) => [k, { medianMs: +median(v.slice(10)).toFixed(2) }])));
