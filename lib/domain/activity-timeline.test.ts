import { describe, expect, it } from 'vitest';
import { nodeInfo, podInfo } from '@/test/support/topology';
import { activityMark, activityTimeline, cacheCaughtUp, MAX_STEPS, nextRecord, startingPoint } from './activity-timeline';
import type { DeploymentInfo } from './model';
import { nodeHourly } from './pricing';
import type { ActionRecord, ActivityMark, PoolCount } from './rollout';

const GP = { 'karpenter.sh/nodepool': 'general-purpose', 'eks.amazonaws.com/compute-type': 'auto' };
const AI = { 'karpenter.sh/nodepool': 'ai-ml', 'eks.amazonaws.com/compute-type': 'auto' };

const count = (pool: string, nodes: number, pods: number, hourly = nodes * 0.1): PoolCount => ({ pool, nodes, pods, hourly });
const mark = (at: string, perPool: PoolCount[]): ActivityMark => ({
  at,
  nodes: perPool.reduce((s, p) => s + p.nodes, 0),
  hourly: perPool.reduce((s, p) => s + p.hourly, 0),
  perPool,
});
const record = (over: Partial<ActionRecord> = {}): ActionRecord => ({
  id: 'act-1',
  action: 'pin',
  by: 'otto',
  at: '2026-12-06T10:00:00Z',
  before: { nodes: 2, hourly: 0.2, perPool: [count('general-purpose', 2, 6)] },
  ...over,
});

describe('startingPoint and activityMark', () => {
  it('count nodes, pods holding resources and cost per pool, and the cluster in total', () => {
    const nodes = [nodeInfo('gp-1', 'm5.large', GP), nodeInfo('gp-2', 'm5.large', GP), nodeInfo('ai-1', 'g5.xlarge', AI)];
    const pods = [
      podInfo('apps', 'a', 'gp-1', 100, 0.1),
      podInfo('apps', 'b', 'gp-2', 100, 0.1),
      podInfo('apps', 'c', 'ai-1', 100, 0.1),
      podInfo('apps', 'done', 'ai-1', 100, 0.1, { phase: 'Succeeded' }),
      podInfo('apps', 'waiting', undefined, 100, 0.1),
    ];
    const gp = nodeHourly(nodes[0])!;
    const ai = nodeHourly(nodes[2])!;
    const start = startingPoint({ nodes, pods });
    expect(start.nodes).toBe(3);
    expect(start.hourly).toBeCloseTo(2 * gp + ai);
    expect(start.perPool).toEqual([
      { pool: 'ai-ml', nodes: 1, pods: 1, hourly: ai },
      { pool: 'general-purpose', nodes: 2, pods: 2, hourly: 2 * gp },
    ]);
    expect(start).not.toHaveProperty('at');
    expect(activityMark({ nodes, pods }, new Date('2026-12-06T10:00:05.250Z')).at).toBe('2026-12-06T10:00:05.250Z');
  });
});

describe('nextRecord', () => {
  it('writes the finish once the action settled, and never changes a finished record again', () => {
    const end = mark('2026-12-06T10:01:30.000Z', [count('ai-ml', 1, 2), count('general-purpose', 1, 4)]);
    const finished = nextRecord(record(), true, end);
    expect(finished?.finished).toEqual(end);
    expect(nextRecord(finished!, true, mark('2026-12-06T11:00:00.000Z', [count('general-purpose', 5, 9)]))).toBeUndefined();
    expect(nextRecord(finished!, false, mark('2026-12-06T11:00:00.000Z', [count('general-purpose', 5, 9)]))).toBeUndefined();
  });

  it('adds a step only when the counts moved since the last mark, and not twice within two seconds', () => {
    const same = mark('2026-12-06T10:00:10.000Z', [count('general-purpose', 2, 6)]);
    expect(nextRecord(record(), false, same)).toBeUndefined();
    const moved = mark('2026-12-06T10:00:10.000Z', [count('ai-ml', 1, 1), count('general-purpose', 2, 5)]);
    const first = nextRecord(record(), false, moved)!;
    expect(first.steps).toEqual([moved]);
    expect(nextRecord(first, false, mark('2026-12-06T10:00:11.000Z', [count('ai-ml', 1, 2), count('general-purpose', 2, 4)]))).toBeUndefined();
    const later = mark('2026-12-06T10:00:13.000Z', [count('ai-ml', 1, 2), count('general-purpose', 2, 4)]);
    expect(nextRecord(first, false, later)!.steps).toEqual([moved, later]);
  });

  it('keeps at most MAX_STEPS steps, but still writes the finish after them', () => {
    const steps = Array.from({ length: MAX_STEPS }, (_, i) => mark(new Date(Date.parse('2026-12-06T10:00:00Z') + (i + 1) * 5000).toISOString(), [count('general-purpose', 2, i)]));
    const full = record({ steps });
    const more = mark('2026-12-06T11:00:00.000Z', [count('general-purpose', 2, 999)]);
    expect(nextRecord(full, false, more)).toBeUndefined();
    expect(nextRecord(full, true, more)?.finished).toEqual(more);
    expect(activityTimeline(full).notes.join(' ')).toMatch(`first ${MAX_STEPS} changes`);
  });
});

describe('activityTimeline', () => {
  it('takes the time from the record’s start to its finish, and draws every mark with missing pools at 0', () => {
    const step = mark('2026-12-06T10:00:20.000Z', [count('ai-ml', 1, 1), count('general-purpose', 2, 5)]);
    const end = mark('2026-12-06T10:01:05.500Z', [count('ai-ml', 1, 3), count('general-purpose', 1, 3)]);
    const t = activityTimeline(record({ steps: [step], finished: end }));
    expect(t.startedAt).toBe('2026-12-06T10:00:00Z');
    expect(t.finishedAt).toBe('2026-12-06T10:01:05.500Z');
    expect(t.durationMs).toBe(65_500);
    expect(t.pools).toEqual(['ai-ml', 'general-purpose']);
    const at = (s: string) => Date.parse(s);
    expect(t.points.pods).toEqual([
      { t: at('2026-12-06T10:00:00Z'), 'ai-ml': 0, 'general-purpose': 6 },
      { t: at(step.at), 'ai-ml': 1, 'general-purpose': 5 },
      { t: at(end.at), 'ai-ml': 3, 'general-purpose': 3 },
    ]);
    expect(t.points.nodes.map((p) => p['general-purpose'])).toEqual([2, 2, 1]);
    expect(t.points.cost.map((p) => p['cost $/h'])).toEqual([0.2, 0.30000000000000004, 0.2]);
    expect(t.notes).toEqual([]);
  });

  it('has no finish while the action runs, and says so when the start’s counts were never recorded', () => {
    const t = activityTimeline(record({ before: { nodes: 2, hourly: 0.25 } }));
    expect(t.finishedAt).toBeUndefined();
    expect(t.durationMs).toBeUndefined();
    expect(t.points.pods).toEqual([]);
    // The cost before was recorded, so the cost chart still starts at the start.
    expect(t.points.cost).toEqual([{ t: Date.parse('2026-12-06T10:00:00Z'), 'cost $/h': 0.25 }]);
    expect(t.notes[0]).toMatch(/not recorded/);
  });
});

describe('cacheCaughtUp', () => {
  const objects = [{ kind: 'Deployment' as const, namespace: 'apps', name: 'web', generation: 4 }, { kind: 'NodePool' as const, name: 'general-purpose' }];
  const deployment = (generation: number) => ({ namespace: 'apps', name: 'web', generation }) as DeploymentInfo;
  it('is false while the cache holds a deployment older than the one the record was read from, or none', () => {
    expect(cacheCaughtUp({ deployments: [deployment(3)] }, { objects })).toBe(false);
    expect(cacheCaughtUp({ deployments: [] }, { objects })).toBe(false);
    expect(cacheCaughtUp({ deployments: [deployment(4)] }, { objects })).toBe(true);
    expect(cacheCaughtUp({ deployments: [deployment(5)] }, { objects })).toBe(true);
  });
});
