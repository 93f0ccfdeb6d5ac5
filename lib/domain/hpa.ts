// The HorizontalPodAutoscaler's replica arithmetic, as kube-controller-manager's podautoscaler
// does it (autoscaling/v2): a resource utilization ratio over the ready pods' requests, a
// tolerance around 1, then the behavior's stabilization windows and rate policies, then min/max.
// Pure, so the sandbox's controller and tests share it; time is passed in as epoch seconds.

/** No change while the usage ratio is within ±10 % of 1 (--horizontal-pod-autoscaler-tolerance). */
export const TOLERANCE = 0.1;

export interface PodSample {
  /** The pod's summed request of the resource, in milli-units (0: requests nothing). */
  requestMilli: number;
  /** Its usage from the metrics API, in milli-units; undefined when metrics have none for it. */
  usageMilli?: number;
  /** Ready (counted at its measured usage); an unready pod is left out, or counts 0 on a scale-up. */
  ready: boolean;
}

export interface UtilizationReplicas {
  replicas: number;
  /** Average utilization of the pods with metrics, in whole percent of their requests (truncated). */
  utilization: number;
  /** Average usage per pod with metrics, in milli-units (metrics' raw average, truncated). */
  averageMilli: number;
}

function utilizationOf(samples: readonly { requestMilli: number; usageMilli: number }[]): { utilization: number; averageMilli: number } {
  const used = samples.reduce((a, s) => a + s.usageMilli, 0);
  const requested = samples.reduce((a, s) => a + s.requestMilli, 0);
  return { utilization: Math.trunc((used * 100) / requested), averageMilli: Math.trunc(used / samples.length) };
}

/**
 * The replica count a Utilization target asks for (GetResourceReplicas). Ready pods with metrics
 * give the ratio; within the tolerance the count stays. Ready pods without metrics count as using
 * max(100 %, target) of their request on a scale-down and nothing on a scale-up; unready pods
 * (Pending ones too) nothing on a scale-up and are left out otherwise; a recount that lands within
 * the tolerance or reverses the direction keeps the current count. Throws when a pod requests
 * nothing or no ready pod has metrics, as the controller fails then.
 */
export function replicasForUtilization(currentReplicas: number, pods: readonly PodSample[], targetUtilization: number, tolerance = TOLERANCE): UtilizationReplicas {
  if (pods.some((p) => p.requestMilli <= 0)) throw new Error('missing request for cpu');
  const measured = pods.filter((p) => p.ready && p.usageMilli !== undefined) as Required<PodSample>[];
  const missing = pods.filter((p) => p.ready && p.usageMilli === undefined);
  const unready = pods.filter((p) => !p.ready);
  if (measured.length === 0) throw new Error('did not receive metrics for targeted pods (pods might be unready)');
  const { utilization, averageMilli } = utilizationOf(measured);
  const keep = { replicas: currentReplicas, utilization, averageMilli };
  const ratio = utilization / targetUtilization;
  const scaleUpWithUnready = unready.length > 0 && ratio > 1;
  if (!scaleUpWithUnready && missing.length === 0) {
    if (Math.abs(1 - ratio) <= tolerance) return keep;
    return { replicas: Math.ceil(ratio * measured.length), utilization, averageMilli };
  }
  const filled = [...measured];
  const fallback = Math.max(100, targetUtilization);
  if (ratio < 1) for (const p of missing) filled.push({ ...p, usageMilli: (p.requestMilli * fallback) / 100 });
  else if (ratio > 1) for (const p of missing) filled.push({ ...p, usageMilli: 0 });
  if (scaleUpWithUnready) for (const p of unready) filled.push({ ...p, usageMilli: 0 });
  const recount = utilizationOf(filled).utilization / targetUtilization;
  if (Math.abs(1 - recount) <= tolerance || (ratio < 1 && recount > 1) || (ratio > 1 && recount < 1)) return keep;
  const replicas = Math.ceil(recount * filled.length);
  if ((recount < 1 && replicas > currentReplicas) || (recount > 1 && replicas < currentReplicas)) return keep;
  return { replicas, utilization, averageMilli };
}

// ---------------------------------------------------------------------------------------------
// Behavior: stabilization windows and scaling policies.

export interface ScalingPolicy {
  type: 'Pods' | 'Percent';
  value: number;
  periodSeconds: number;
}

export interface ScalingRules {
  stabilizationWindowSeconds: number;
  selectPolicy: 'Max' | 'Min' | 'Disabled';
  policies: ScalingPolicy[];
}

export interface Behavior {
  scaleUp: ScalingRules;
  scaleDown: ScalingRules;
}

/** The API's defaults for a behavior left out, or for the parts of one left out. */
export function behaviorWithDefaults(b?: { scaleUp?: Partial<ScalingRules> | null; scaleDown?: Partial<ScalingRules> | null } | null): Behavior {
  return {
    scaleUp: {
      stabilizationWindowSeconds: b?.scaleUp?.stabilizationWindowSeconds ?? 0,
      selectPolicy: b?.scaleUp?.selectPolicy ?? 'Max',
      policies: b?.scaleUp?.policies ?? [
        { type: 'Pods', value: 4, periodSeconds: 15 },
        { type: 'Percent', value: 100, periodSeconds: 15 },
      ],
    },
    scaleDown: {
      stabilizationWindowSeconds: b?.scaleDown?.stabilizationWindowSeconds ?? 300,
      selectPolicy: b?.scaleDown?.selectPolicy ?? 'Max',
      policies: b?.scaleDown?.policies ?? [{ type: 'Percent', value: 100, periodSeconds: 15 }],
    },
  };
}

/** A past recommendation or scale change, at epoch seconds. */
export interface Recommendation {
  at: number;
  replicas: number;
}
export interface ScaleEvent {
  at: number;
  /** Replicas added (scale-up events) or removed (scale-down events), positive. */
  change: number;
}

export interface Normalized {
  replicas: number;
  ableToScale: { reason: string; message: string };
  limited: { status: 'True' | 'False'; reason: string; message: string };
}

export interface NormalizeInput {
  now: number;
  currentReplicas: number;
  /** What the metrics ask for, before behavior and limits. */
  desired: number;
  minReplicas: number;
  maxReplicas: number;
  behavior: Behavior;
  /** Earlier unstabilized recommendations, oldest first (the windows read them). */
  recommendations: readonly Recommendation[];
  scaleUpEvents: readonly ScaleEvent[];
  scaleDownEvents: readonly ScaleEvent[];
}

/**
 * The stabilized recommendation: within the scale-up window the lowest, within the scale-down
 * window the highest recommendation (this one included) bounds the current count.
 */
export function stabilize(input: Pick<NormalizeInput, 'now' | 'currentReplicas' | 'desired' | 'behavior' | 'recommendations'>): number {
  const upCutoff = input.now - input.behavior.scaleUp.stabilizationWindowSeconds;
  const downCutoff = input.now - input.behavior.scaleDown.stabilizationWindowSeconds;
  let up = input.desired;
  let down = input.desired;
  for (const r of input.recommendations) {
    if (r.at > upCutoff) up = Math.min(up, r.replicas);
    if (r.at > downCutoff) down = Math.max(down, r.replicas);
  }
  return Math.min(Math.max(input.currentReplicas, up), down);
}

const changedWithin = (events: readonly ScaleEvent[], now: number, periodSeconds: number) =>
  events.filter((e) => e.at > now - periodSeconds).reduce((a, e) => a + e.change, 0);

/** The most replicas the scale-up policies allow now (Max: the largest proposal, Min: the smallest). */
export function scaleUpLimit(currentReplicas: number, rules: ScalingRules, ups: readonly ScaleEvent[], downs: readonly ScaleEvent[], now: number): number {
  if (rules.selectPolicy === 'Disabled') return currentReplicas;
  const proposals = rules.policies.map((p) => {
    const start = currentReplicas - changedWithin(ups, now, p.periodSeconds) + changedWithin(downs, now, p.periodSeconds);
    return p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100));
  });
  return rules.selectPolicy === 'Min' ? Math.min(...proposals) : Math.max(...proposals);
}

/** The fewest replicas the scale-down policies allow now (Max picks the biggest change: the smallest count). */
export function scaleDownLimit(currentReplicas: number, rules: ScalingRules, ups: readonly ScaleEvent[], downs: readonly ScaleEvent[], now: number): number {
  if (rules.selectPolicy === 'Disabled') return currentReplicas;
  const proposals = rules.policies.map((p) => {
    const start = currentReplicas - changedWithin(ups, now, p.periodSeconds) + changedWithin(downs, now, p.periodSeconds);
    return p.type === 'Pods' ? start - p.value : Math.trunc(start * (1 - p.value / 100));
  });
  return rules.selectPolicy === 'Min' ? Math.max(...proposals) : Math.min(...proposals);
}

/**
 * normalizeDesiredReplicasWithBehaviors: stabilize, then bound by the rate policies and by
 * min/max, with the AbleToScale and ScalingLimited reasons the controller writes.
 */
export function normalize(input: NormalizeInput): Normalized {
  const stabilized = stabilize(input);
  const ableToScale =
    stabilized !== input.desired
      ? input.desired >= input.currentReplicas
        ? { reason: 'ScaleUpStabilized', message: 'recent recommendations were lower than current one, applying the lowest recent recommendation' }
        : { reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one, applying the highest recent recommendation' }
      : { reason: 'ReadyForNewScale', message: 'recommended size matches current size' };
  const bounded = boundByRate({ ...input, desired: stabilized });
  return { replicas: bounded.replicas, ableToScale, limited: { status: bounded.replicas === stabilized ? 'False' : 'True', reason: bounded.reason, message: bounded.message } };
}

function boundByRate(input: NormalizeInput): { replicas: number; reason: string; message: string } {
  const { currentReplicas: current, desired, behavior, scaleUpEvents: ups, scaleDownEvents: downs, now } = input;
  if (desired > current) {
    const limit = Math.max(current, scaleUpLimit(current, behavior.scaleUp, ups, downs, now));
    const byRate = input.maxReplicas > limit;
    const allowed = byRate ? limit : input.maxReplicas;
    if (desired > allowed) {
      return byRate
        ? { replicas: allowed, reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate' }
        : { replicas: allowed, reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' };
    }
  } else if (desired < current) {
    const limit = Math.min(current, scaleDownLimit(current, behavior.scaleDown, ups, downs, now));
    const byRate = input.minReplicas < limit;
    const allowed = byRate ? limit : input.minReplicas;
    if (desired < allowed) {
      return byRate
        ? { replicas: allowed, reason: 'ScaleDownLimit', message: 'the desired replica count is decreasing faster than the maximum scale rate' }
        : { replicas: allowed, reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' };
    }
  }
  return { replicas: desired, reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' };
}

/**
 * normalizeDesiredReplicas, the controller's path for an HPA without `spec.behavior`: the
 * highest recommendation of the last `downscaleWindowSeconds` (5 min) holds a scale-down, and a
 * scale-up goes at most to max(2 × current, 4) per sync.
 */
export function normalizeWithoutBehavior(input: Pick<NormalizeInput, 'now' | 'currentReplicas' | 'desired' | 'minReplicas' | 'maxReplicas' | 'recommendations'>, downscaleWindowSeconds = 300): Normalized {
  let stabilized = input.desired;
  for (const r of input.recommendations) if (r.at > input.now - downscaleWindowSeconds) stabilized = Math.max(stabilized, r.replicas);
  const ableToScale =
    stabilized !== input.desired
      ? { reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one, applying the highest recent recommendation' }
      : { reason: 'ReadyForNewScale', message: 'recommended size matches current size' };
  const upLimit = Math.max(2 * input.currentReplicas, 4);
  const byRate = input.maxReplicas > upLimit;
  const most = byRate ? upLimit : input.maxReplicas;
  let bounded = { replicas: stabilized, reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' };
  if (stabilized < input.minReplicas) bounded = { replicas: input.minReplicas, reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' };
  else if (stabilized > most) {
    bounded = byRate
      ? { replicas: most, reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate' }
      : { replicas: most, reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' };
  }
  return { replicas: bounded.replicas, ableToScale, limited: { status: bounded.replicas === stabilized ? 'False' : 'True', reason: bounded.reason, message: bounded.message } };
}

/** Keeps what the longest window or policy period can still read. */
export function prune<T extends { at: number }>(list: readonly T[], now: number, behavior: Behavior): T[] {
  const longest = Math.max(
    behavior.scaleUp.stabilizationWindowSeconds,
    behavior.scaleDown.stabilizationWindowSeconds,
    ...behavior.scaleUp.policies.map((p) => p.periodSeconds),
    ...behavior.scaleDown.policies.map((p) => p.periodSeconds),
  );
  return list.filter((e) => e.at > now - longest);
}

/** kubectl's TARGETS cell for one Resource Utilization metric: `cpu: 45%/60%`, `cpu: <unknown>/60%`. */
export function utilizationTarget(resource: string, current: number | undefined, target: number): string {
  return `${resource}: ${current === undefined ? '<unknown>' : `${current}%`}/${target}%`;
}
