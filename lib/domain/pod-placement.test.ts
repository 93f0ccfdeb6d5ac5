import { describe, expect, it } from 'vitest';
import { describeMisfits, misfit, pack, PlacementIndex, type FitNode, type FitPod } from './fit';
import { interPodRulesOf, type PlacedPod } from './pod-placement';

const MI = 1024 ** 2;
const HOST = 'kubernetes.io/hostname';
const ZONE = 'topology.kubernetes.io/zone';

const node = (name: string, zone: string | undefined, pods: PlacedPod[] = [], extra: Partial<FitNode> = {}): FitNode => ({
  name,
  labels: { [HOST]: name, ...(zone ? { [ZONE]: zone } : {}) },
  taints: [],
  allocatable: { cpuMillis: 4000, memoryBytes: 8000 * MI, pods: 110 },
  used: { cpuMillis: 0, memoryBytes: 0, pods: pods.length },
  schedulable: true,
  pods,
  ...extra,
});

const oneHostEach = interPodRulesOf({
  affinity: {
    podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'agent' } }, topologyKey: HOST }] },
  },
});
const zoneSpread = interPodRulesOf({
  topologySpreadConstraints: [{ maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }],
});
const nearCache = interPodRulesOf({
  affinity: {
    podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'cache' } }, topologyKey: ZONE }] },
  },
});

const pod = (key: string, labels: Record<string, string>, podRules = undefined as FitPod['podRules'], extra: Partial<FitPod> = {}): FitPod => ({
  key,
  requests: { cpuMillis: 100, memoryBytes: 64 * MI, pods: 1 },
  labels,
  podRules,
  ...extra,
});
const resident = (key: string, labels: Record<string, string>, podRules?: FitPod['podRules']): PlacedPod => ({ key, labels, podRules });

describe('interPodRulesOf', () => {
  it('reads required terms and DoNotSchedule constraints, sharing one object per spec and ignoring soft rules', () => {
    expect(oneHostEach?.antiAffinity).toHaveLength(1);
    expect(oneHostEach?.antiAffinity?.[0].topologyKey).toBe(HOST);
    expect(zoneSpread?.spread?.[0]).toMatchObject({ maxSkew: 1, topologyKey: ZONE });
    expect(
      interPodRulesOf({
        affinity: {
          podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'agent' } }, topologyKey: HOST }] },
        },
      }),
    ).toBe(oneHostEach);
    expect(
      interPodRulesOf({
        topologySpreadConstraints: [{ maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: {} }],
        affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, podAffinityTerm: { topologyKey: HOST } }] } },
      }),
    ).toBeUndefined();
  });
});

describe('required pod anti-affinity', () => {
  it('keeps a pod off a node that holds a matching pod of its namespace, and only that node', () => {
    const a = node('a', 'z1', [resident('ops/agent-1', { app: 'agent' }, oneHostEach)]);
    const b = node('b', 'z1');
    const index = new PlacementIndex([a, b]);
    expect(misfit(pod('ops/agent-2', { app: 'agent' }, oneHostEach), a, index)).toBe('pod-anti-affinity');
    expect(misfit(pod('ops/agent-2', { app: 'agent' }, oneHostEach), b, index)).toBeUndefined();
    // Same labels in another namespace: the term counts only its own namespace by default.
    const c = node('c', 'z1', [resident('ops/agent-1', { app: 'agent' })]);
    expect(misfit(pod('other/agent-2', { app: 'agent' }, oneHostEach), c, new PlacementIndex([c]))).toBeUndefined();
  });

  it('keeps a pod out of a whole zone when its zone anti-affinity matches a pod on another node there', () => {
    const oneZoneEach = interPodRulesOf({
      affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'db' } }, topologyKey: ZONE }] } },
    });
    const a = node('a', 'z1', [resident('ops/db-1', { app: 'db' }, oneZoneEach)]);
    const b = node('b', 'z1');
    const c = node('c', 'z2');
    const index = new PlacementIndex([a, b, c]);
    // b holds no pod itself: only counting across the zone's nodes finds db-1 on a.
    expect(misfit(pod('ops/db-2', { app: 'db' }, oneZoneEach), b, index)).toBe('pod-anti-affinity');
    expect(misfit(pod('ops/db-2', { app: 'db' }, oneZoneEach), c, index)).toBeUndefined();
  });

  it('honours the anti-affinity of pods already there (symmetry)', () => {
    const a = node('a', 'z1', [resident('ops/agent-1', { app: 'agent' }, oneHostEach)]);
    const index = new PlacementIndex([a]);
    expect(misfit(pod('ops/sidekick', { app: 'agent' }), a, index)).toBe('existing-anti-affinity');
    expect(misfit(pod('ops/web', { app: 'web' }), a, index)).toBeUndefined();
  });

  it('packs one replica per node and leaves the rest unplaced with the scheduler words', () => {
    const replicas = [1, 2, 3].map((i) => pod(`ops/agent-${i}`, { app: 'agent' }, oneHostEach));
    const result = pack(replicas, [node('a', 'z1'), node('b', 'z2')]);
    expect(new Set(result.placed.values())).toEqual(new Set(['a', 'b']));
    expect(result.unplaced).toHaveLength(1);
    expect(describeMisfits(2, result.unplaced[0].reasons)).toBe("0/2 nodes are available: 2 node(s) didn't match pod anti-affinity rules.");
  });
});

describe('required pod affinity', () => {
  it('needs a matching pod in the same domain; a node without the key never qualifies', () => {
    const withCache = node('a', 'z1', [resident('ops/cache-1', { app: 'cache' })]);
    const index = new PlacementIndex([withCache, node('b', 'z1'), node('c', 'z2'), node('d', undefined)]);
    const p = pod('ops/api', { app: 'api' }, nearCache);
    expect(misfit(p, node('b', 'z1'), index)).toBeUndefined();
    expect(misfit(p, node('c', 'z2'), index)).toBe('pod-affinity');
    expect(misfit(p, node('d', undefined), index)).toBe('pod-affinity');
  });

  it('lets the first pod of a self-affine group through when nothing matches yet', () => {
    const index = new PlacementIndex([node('a', 'z1')]);
    expect(misfit(pod('ops/cache-1', { app: 'cache' }, nearCache), node('a', 'z1'), index)).toBeUndefined();
    expect(misfit(pod('ops/api', { app: 'api' }, nearCache), node('a', 'z1'), index)).toBe('pod-affinity');
  });
});

describe('topology spread (DoNotSchedule)', () => {
  it('allows a domain only while its count + 1 - the smallest count stays within maxSkew', () => {
    const nodes = [node('a', 'z1', [resident('ops/web-1', { app: 'web' })]), node('b', 'z2'), node('c', 'z3')];
    const index = new PlacementIndex(nodes);
    const web = pod('ops/web-2', { app: 'web' }, zoneSpread);
    expect(misfit(web, nodes[0], index)).toBe('spread');
    expect(misfit(web, nodes[1], index)).toBeUndefined();
  });

  it('counts only matching pods of the same namespace', () => {
    const nodes = [node('a', 'z1', [resident('other/web-1', { app: 'web' }), resident('ops/db', { app: 'db' })]), node('b', 'z2')];
    expect(misfit(pod('ops/web-1', { app: 'web' }, zoneSpread), nodes[0], new PlacementIndex(nodes))).toBeUndefined();
  });

  it('never places on a node without the topology key, and ignores such nodes for the minimum', () => {
    const nodes = [node('a', 'z1', [resident('ops/web-1', { app: 'web' })]), node('b', 'z2', [resident('ops/web-2', { app: 'web' })]), node('x', undefined)];
    const index = new PlacementIndex(nodes);
    const web = pod('ops/web-3', { app: 'web' }, zoneSpread);
    expect(misfit(web, nodes[2], index)).toBe('spread-label');
    expect(misfit(web, nodes[0], index)).toBeUndefined();
  });

  it('takes domains only from nodes the pod may select', () => {
    const nodes = [
      node('a', 'z1', [resident('ops/web-1', { app: 'web' })]),
      node('b', 'z2', [], { labels: { [HOST]: 'b', [ZONE]: 'z2', pool: 'other' } }),
    ];
    const web = pod('ops/web-2', { app: 'web' }, zoneSpread, { nodeSelector: { [HOST]: 'a' } });
    // z2 is not a domain for this pod, so z1 is the minimum and the pod may join it.
    expect(misfit(web, nodes[0], new PlacementIndex(nodes))).toBeUndefined();
  });

  it('packs six replicas two per zone', () => {
    const replicas = [1, 2, 3, 4, 5, 6].map((i) => pod(`ops/web-${i}`, { app: 'web' }, zoneSpread));
    const nodes = [node('a', 'z1'), node('b', 'z1'), node('c', 'z2'), node('d', 'z3')];
    const result = pack(replicas, nodes);
    const perZone: Record<string, number> = {};
    for (const n of result.placed.values()) {
      const zone = nodes.find((x) => x.name === n)!.labels[ZONE];
      perZone[zone] = (perZone[zone] ?? 0) + 1;
    }
    expect(perZone).toEqual({ z1: 2, z2: 2, z3: 2 });
    expect(result.unplaced).toEqual([]);
  });
});
