import { describe, expect, it } from 'vitest';
import { behaviorWithDefaults, normalize, normalizeWithoutBehavior, prune, replicasForUtilization, scaleDownLimit, scaleUpLimit, stabilize, utilizationTarget, type NormalizeInput } from './hpa';

const ready = (requestMilli: number, usageMilli?: number) => ({ requestMilli, usageMilli, ready: true });
const pending = (requestMilli: number) => ({ requestMilli, ready: false });

describe('replicasForUtilization', () => {
  it('scales by the ratio of utilization to target, rounding up', () => {
    // 1350m of 1500m requested = 90 %; 90/60 = 1.5; ceil(1.5 × 3) = 5.
    expect(replicasForUtilization(3, [ready(500, 400), ready(500, 450), ready(500, 500)], 60)).toEqual({ replicas: 5, utilization: 90, averageMilli: 450 });
  });

  it('keeps the count within the 10 % tolerance', () => {
    // 930/1500 = 62 %; 62/60 = 1.033.
    expect(replicasForUtilization(3, [ready(500, 300), ready(500, 330), ready(500, 300)], 60).replicas).toBe(3);
  });

  it('scales down by the same ratio', () => {
    // 300/1500 = 20 %; 20/60 = 0.333; ceil(0.333 × 3) = 1.
    expect(replicasForUtilization(3, [ready(500, 100), ready(500, 100), ready(500, 100)], 60).replicas).toBe(1);
  });

  it('truncates utilization to whole percent before the ratio', () => {
    expect(replicasForUtilization(1, [ready(1000, 339)], 30).utilization).toBe(33);
    // 100.1 % would ask for ceil(2.002) = 3; truncated to 100 %, 100/50 = 2 asks for 2.
    expect(replicasForUtilization(1, [ready(1000, 1001)], 50).replicas).toBe(2);
  });

  it('counts unready pods as idle on a scale-up, and keeps the count when that reverses the direction', () => {
    // Ready: 900/1000 = 90 %, ratio 1.5; with the two Pending pods at 0: 900/2000 = 45 %, ratio 0.75 < 1.
    expect(replicasForUtilization(4, [ready(500, 450), ready(500, 450), pending(500), pending(500)], 60).replicas).toBe(4);
    // Target 40: ready 100 % → 2.5; recount 1000/2000 = 50 % → 1.25; ceil(1.25 × 4) = 5.
    expect(replicasForUtilization(4, [ready(500, 500), ready(500, 500), pending(500), pending(500)], 40).replicas).toBe(5);
  });

  it('counts ready pods without metrics as using their request on a scale-down', () => {
    // 200/1000 = 20 %, ratio 0.4; the missing pod at 100 %: 700/1500 = 46 %, ratio 0.92, within tolerance.
    expect(replicasForUtilization(3, [ready(500, 100), ready(500, 100), ready(500)], 50).replicas).toBe(3);
    // Without the missing pod's fallback it would have gone to ceil(0.4 × 2) = 1.
    expect(replicasForUtilization(3, [ready(500, 100), ready(500, 100)], 50).replicas).toBe(1);
  });

  it('fails as the controller does without requests or metrics', () => {
    expect(() => replicasForUtilization(1, [ready(0, 10)], 50)).toThrow('missing request for cpu');
    expect(() => replicasForUtilization(1, [pending(100)], 50)).toThrow('did not receive metrics');
  });
});

const base = (over: Partial<NormalizeInput>): NormalizeInput => ({
  now: 1000,
  currentReplicas: 3,
  desired: 3,
  minReplicas: 1,
  maxReplicas: 10,
  behavior: behaviorWithDefaults(),
  recommendations: [],
  scaleUpEvents: [],
  scaleDownEvents: [],
  ...over,
});

describe('behavior', () => {
  it('defaults: scale up at once by max(4 pods, 100 %) per 15 s; scale down after 300 s by 100 % per 15 s', () => {
    const b = behaviorWithDefaults();
    expect(b.scaleUp).toEqual({ stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] });
    expect(b.scaleDown).toEqual({ stabilizationWindowSeconds: 300, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] });
    expect(behaviorWithDefaults({ scaleDown: { stabilizationWindowSeconds: 60 } }).scaleDown.stabilizationWindowSeconds).toBe(60);
  });

  it('stabilizes a scale-down to the highest recommendation within the window', () => {
    // 800 is inside the 300 s window (cutoff 700), 650 is not: max(2, 6) = 6 bounds, the current 5 stays.
    const recommendations = [{ at: 650, replicas: 9 }, { at: 800, replicas: 6 }];
    expect(stabilize(base({ currentReplicas: 5, desired: 2, recommendations }))).toBe(5);
    expect(stabilize(base({ currentReplicas: 5, desired: 2, recommendations: [{ at: 650, replicas: 9 }] }))).toBe(2);
    const n = normalize(base({ currentReplicas: 5, desired: 2, recommendations }));
    expect(n.replicas).toBe(5);
    expect(n.ableToScale.reason).toBe('ScaleDownStabilized');
  });

  it('limits a scale-up to the larger policy: 3 → 7 (3 + 4 pods beats 3 × 2)', () => {
    const b = behaviorWithDefaults();
    expect(scaleUpLimit(3, b.scaleUp, [], [], 1000)).toBe(7);
    expect(scaleUpLimit(10, b.scaleUp, [], [], 1000)).toBe(20);
    const n = normalize(base({ desired: 20 }));
    expect(n).toEqual({
      replicas: 7,
      ableToScale: { reason: 'ReadyForNewScale', message: 'recommended size matches current size' },
      limited: { status: 'True', reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate' },
    });
  });

  it('counts changes made within a policy period', () => {
    // 7 now, 4 added 5 s ago: the period started at 3, so 3 + 4 = 7 and no more.
    const ups = [{ at: 995, change: 4 }];
    expect(scaleUpLimit(7, behaviorWithDefaults().scaleUp, ups, [], 1000)).toBe(7);
    expect(normalize(base({ currentReplicas: 7, desired: 10, scaleUpEvents: ups })).replicas).toBe(7);
    // Older than 15 s: no longer counted.
    expect(scaleUpLimit(7, behaviorWithDefaults().scaleUp, [{ at: 980, change: 4 }], [], 1000)).toBe(14);
  });

  it('stops at maxReplicas and minReplicas with their reasons', () => {
    const up = normalize(base({ currentReplicas: 10, desired: 30, maxReplicas: 15 }));
    expect([up.replicas, up.limited.reason, up.limited.status]).toEqual([15, 'TooManyReplicas', 'True']);
    const down = normalize(base({ currentReplicas: 8, desired: 1, minReplicas: 2, behavior: behaviorWithDefaults({ scaleDown: { stabilizationWindowSeconds: 0 } }) }));
    expect([down.replicas, down.limited.reason]).toEqual([2, 'TooFewReplicas']);
    const within = normalize(base({ currentReplicas: 8, desired: 3, behavior: behaviorWithDefaults({ scaleDown: { stabilizationWindowSeconds: 0 } }) }));
    expect([within.replicas, within.limited.status, within.limited.reason]).toEqual([3, 'False', 'DesiredWithinRange']);
  });

  it('limits a scale-down by a Pods policy and honours Disabled', () => {
    const rules = { stabilizationWindowSeconds: 0, selectPolicy: 'Max' as const, policies: [{ type: 'Pods' as const, value: 1, periodSeconds: 60 }] };
    // One removed 30 s ago: the period started at 9, so 9 - 1 = 8 is the floor now.
    expect(scaleDownLimit(8, rules, [], [{ at: 970, change: 1 }], 1000)).toBe(8);
    const n = normalize(base({ currentReplicas: 8, desired: 3, minReplicas: 2, scaleDownEvents: [{ at: 970, change: 1 }], behavior: { ...behaviorWithDefaults(), scaleDown: rules } }));
    expect([n.replicas, n.limited.reason]).toEqual([8, 'ScaleDownLimit']);
    expect(scaleDownLimit(8, { ...rules, selectPolicy: 'Disabled' }, [], [], 1000)).toBe(8);
  });

  it('prunes what no window or period reads any more', () => {
    expect(prune([{ at: 600, replicas: 1 }, { at: 800, replicas: 2 }], 1000, behaviorWithDefaults())).toEqual([{ at: 800, replicas: 2 }]);
  });

  it('formats the TARGETS cell', () => {
    expect(utilizationTarget('cpu', 45, 60)).toBe('cpu: 45%/60%');
    expect(utilizationTarget('cpu', undefined, 60)).toBe('cpu: <unknown>/60%');
  });

  it('without spec.behavior: a 5-minute scale-down window and at most max(2 × current, 4) up per sync', () => {
    const plain = (over: Partial<NormalizeInput>) => normalizeWithoutBehavior(base(over));
    // 3 → max(6, 4) = 6, not the behavior defaults' 7.
    expect([plain({ desired: 20 }).replicas, plain({ desired: 20 }).limited.reason]).toEqual([6, 'ScaleUpLimit']);
    expect([plain({ currentReplicas: 8, desired: 30 }).replicas, plain({ currentReplicas: 8, desired: 30 }).limited.reason]).toEqual([10, 'TooManyReplicas']);
    const held = plain({ currentReplicas: 5, desired: 2, recommendations: [{ at: 800, replicas: 4 }] });
    expect([held.replicas, held.ableToScale.reason]).toEqual([4, 'ScaleDownStabilized']);
    expect(plain({ currentReplicas: 5, desired: 2, recommendations: [{ at: 650, replicas: 4 }] }).replicas).toBe(2);
    expect(plain({ currentReplicas: 2, desired: 1, minReplicas: 2 }).limited.reason).toBe('TooFewReplicas');
  });
});
