// The HorizontalPodAutoscaler controller, as kube-controller-manager's podautoscaler runs it:
// every 15 simulated seconds per HPA, read the target's scale and pods, ask each metric for a
// replica count (hpa-metrics.ts), keep the highest, normalize it through the behavior (or the
// legacy rules without one) and min/max (lib/domain/hpa.ts), write the target's spec.replicas,
// and report status with the AbleToScale / ScalingActive / ScalingLimited conditions.
// Recommendations and scale events live in memory, as in the real controller.
import type { KObject, ResourceKey, Store } from '../store';
import type { RecordEvent } from '../events';
import { behaviorWithDefaults, normalize, normalizeWithoutBehavior, prune, type Normalized, type Recommendation, type ScaleEvent } from '@/lib/domain/hpa';
import { fromLabelSelectorObject, matchesLabelSelector } from '@/lib/domain/label-selector';
import { podLoads } from '../metrics/load';
import { resourceMetric, type MetricResult } from './hpa-metrics';

export const HPAS = 'autoscaling/horizontalpodautoscalers';
/** --horizontal-pod-autoscaler-sync-period. */
export const HPA_SYNC_SECONDS = 15;

const TARGETS: Record<string, ResourceKey> = { Deployment: 'apps/deployments', ReplicaSet: 'apps/replicasets', StatefulSet: 'apps/statefulsets' };

interface Memory {
  lastSync: number;
  recommendations: Recommendation[];
  ups: ScaleEvent[];
  downs: ScaleEvent[];
}

type Condition = { type: string; status: string; reason: string; message: string; lastTransitionTime?: string };

export class HpaController {
  private readonly memory = new Map<string, Memory>();

  constructor(
    private readonly store: Store,
    private readonly record: RecordEvent,
  ) {}

  reconcile() {
    const now = this.store.now();
    const seconds = now.getTime() / 1000;
    const seen = new Set<string>();
    const hpas = this.store.list(HPAS);
    if (hpas.length === 0) return void this.memory.clear();
    const loadOf = podLoads(this.store, now);
    for (const hpa of hpas) {
      const key = `${hpa.metadata.namespace}/${hpa.metadata.name}`;
      seen.add(key);
      const memory = this.memory.get(key);
      if (memory && seconds - memory.lastSync < HPA_SYNC_SECONDS) continue;
      this.sync(hpa, memory ?? this.remember(key, seconds), seconds, (p) => loadOf(p));
    }
    for (const key of this.memory.keys()) if (!seen.has(key)) this.memory.delete(key);
  }

  private remember(key: string, seconds: number): Memory {
    const m: Memory = { lastSync: seconds, recommendations: [], ups: [], downs: [] };
    this.memory.set(key, m);
    return m;
  }

  private sync(hpa: KObject, memory: Memory, seconds: number, loadOf: Parameters<typeof resourceMetric>[4]) {
    memory.lastSync = seconds;
    const ref = hpa.spec?.scaleTargetRef ?? {};
    const storage = TARGETS[ref.kind];
    const target = storage ? this.store.get(storage, hpa.metadata.namespace, ref.name) : undefined;
    if (!target) {
      // The controller reads the target's scale subresource, whose 404 names it.
      const message = `the HPA controller was unable to get the target's current scale: ${storage ? `${storage.split('/')[1]}/scale.${storage.split('/')[0]}` : `no matches for kind "${ref.kind}"`} ${JSON.stringify(ref.name)} not found`;
      this.record(hpa, 'Warning', 'FailedGetScale', message.replace(/^the HPA controller was unable to get the target's current scale: /, ''));
      return this.writeStatus(hpa, { currentReplicas: hpa.status?.currentReplicas ?? 0, desiredReplicas: hpa.status?.desiredReplicas ?? 0 }, [{ type: 'AbleToScale', status: 'False', reason: 'FailedGetScale', message }]);
    }
    if (memory.recommendations.length === 0) memory.recommendations.push({ at: seconds, replicas: target.spec?.replicas ?? 1 });
    const outcome = this.decide(hpa, target, memory, seconds, loadOf);
    // Set as soon as the scale is read; a later AbleToScale of this sync replaces it.
    const conditions: Condition[] = [{ type: 'AbleToScale', status: 'True', reason: 'SucceededGetScale', message: "the HPA controller was able to get the target's current scale" }, ...outcome.conditions];
    let lastScaleTime = hpa.status?.lastScaleTime;
    if (outcome.desired !== outcome.current) {
      this.scaleTarget(storage!, target, outcome.desired);
      (outcome.desired > outcome.current ? memory.ups : memory.downs).push({ at: seconds, change: Math.abs(outcome.desired - outcome.current) });
      this.record(hpa, 'Normal', 'SuccessfulRescale', `New size: ${outcome.desired}; reason: ${outcome.reason}`);
      conditions.push({ type: 'AbleToScale', status: 'True', reason: 'SucceededRescale', message: `the HPA controller was able to update the target scale to ${outcome.desired}` });
      lastScaleTime = this.store.timestamp();
    }
    const behavior = behaviorWithDefaults(hpa.spec?.behavior);
    memory.recommendations = prune(memory.recommendations, seconds, behavior);
    memory.ups = prune(memory.ups, seconds, behavior);
    memory.downs = prune(memory.downs, seconds, behavior);
    this.writeStatus(
      hpa,
      { ...(lastScaleTime ? { lastScaleTime } : {}), currentReplicas: outcome.current, desiredReplicas: outcome.desired, ...(outcome.metrics.length ? { currentMetrics: outcome.metrics } : {}) },
      conditions,
    );
  }

  /** reconcileAutoscaler's decision: the count to scale to, why, and the conditions it sets on the way. */
  private decide(hpa: KObject, target: KObject, memory: Memory, seconds: number, loadOf: Parameters<typeof resourceMetric>[4]) {
    const current: number = target.spec?.replicas ?? 1;
    const min: number = hpa.spec?.minReplicas ?? 1;
    const max: number = hpa.spec?.maxReplicas ?? 1;
    const conditions: Condition[] = [];
    const metrics: Record<string, unknown>[] = [];
    const base = { current, metrics, conditions };
    if (current === 0 && min !== 0) {
      conditions.push({ type: 'ScalingActive', status: 'False', reason: 'ScalingDisabled', message: 'scaling is disabled since the replica count of the target is zero' });
      return { ...base, desired: 0, reason: '' };
    }
    if (current > max) return { ...base, desired: max, reason: 'Current number of replicas above Spec.MaxReplicas' };
    if (current < min) return { ...base, desired: min, reason: 'Current number of replicas below Spec.MinReplicas' };
    const computed = this.computeMetrics(hpa, target, current, loadOf);
    metrics.push(...computed.statuses);
    if (!computed.best) {
      conditions.push({ type: 'ScalingActive', status: 'False', reason: 'FailedGetResourceMetric', message: `the HPA was unable to compute the replica count: ${computed.error}` });
      this.record(hpa, 'Warning', 'FailedGetResourceMetric', computed.error ?? '');
      return { ...base, desired: current, reason: '' };
    }
    const proposed = computed.best.replicas;
    conditions.push({ type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound', message: `the HPA was able to successfully calculate a replica count from ${computed.best.name}` });
    const input = { now: seconds, currentReplicas: current, desired: proposed, minReplicas: min, maxReplicas: max, recommendations: memory.recommendations, scaleUpEvents: memory.ups, scaleDownEvents: memory.downs };
    const n: Normalized = hpa.spec?.behavior ? normalize({ ...input, behavior: behaviorWithDefaults(hpa.spec.behavior) }) : normalizeWithoutBehavior(input);
    memory.recommendations.push({ at: seconds, replicas: proposed });
    conditions.unshift({ type: 'AbleToScale', status: 'True', ...n.ableToScale });
    conditions.push({ type: 'ScalingLimited', ...n.limited });
    const reason = n.replicas > current ? `${computed.best.name} above target` : 'All metrics below target';
    return { ...base, desired: n.replicas, reason };
  }

  /** Every metric's recommendation; the highest wins (computeReplicasForMetrics). */
  private computeMetrics(hpa: KObject, target: KObject, current: number, loadOf: Parameters<typeof resourceMetric>[4]) {
    const selector = fromLabelSelectorObject(target.spec?.selector);
    const pods = this.store
      .list('pods', hpa.metadata.namespace)
      .filter((p) => !p.metadata.deletionTimestamp && p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded' && matchesLabelSelector(selector, p.metadata.labels));
    const statuses: Record<string, unknown>[] = [];
    let best: MetricResult | undefined;
    let error: string | undefined;
    for (const metric of (hpa.spec?.metrics ?? []) as Parameters<typeof resourceMetric>[0][]) {
      try {
        const r = resourceMetric(metric, current, pods, this.store.now(), loadOf);
        statuses.push(r.status);
        if (!best || r.replicas > best.replicas) best = r;
      } catch (err) {
        error = `failed to get ${metric.resource?.name ?? metric.type} utilization: ${(err as Error).message}`;
        statuses.push({ type: '' });
      }
    }
    return { best, statuses, error };
  }

  private scaleTarget(storage: ResourceKey, target: KObject, replicas: number) {
    this.store.update(storage, { ...target, spec: { ...target.spec, replicas }, metadata: { ...target.metadata, generation: (target.metadata.generation ?? 0) + 1 } });
  }

  /** Status with conditions in the controller's order, each keeping its transition time while its status holds. */
  private writeStatus(hpa: KObject, status: Record<string, unknown>, conditions: Condition[]) {
    const fresh = this.store.get(HPAS, hpa.metadata.namespace, hpa.metadata.name);
    if (!fresh) return;
    const before = new Map(((fresh.status?.conditions ?? []) as Condition[]).map((c) => [c.type, c]));
    const byType = new Map<string, Condition>();
    for (const c of conditions) byType.set(c.type, c);
    const order = ['AbleToScale', 'ScalingActive', 'ScalingLimited'];
    const now = this.store.timestamp();
    const list = order
      .map((type) => byType.get(type) ?? before.get(type))
      .filter((c): c is Condition => Boolean(c))
      .map((c) => {
        const old = before.get(c.type);
        return { type: c.type, status: c.status, lastTransitionTime: old && old.status === c.status ? old.lastTransitionTime : now, reason: c.reason, message: c.message };
      });
    const next = { ...status, conditions: list };
    if (JSON.stringify(fresh.status) === JSON.stringify(next)) return;
    this.store.update(HPAS, { ...fresh, status: next });
  }
}
