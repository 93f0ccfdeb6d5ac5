import type { DeploymentInfo, HpaInfo } from '@/lib/domain/model';
import { hpaTargets } from '@/lib/domain/hpa-targets';
import type { Raw } from './raw';

/** An HPA with what it scales, kept until a Deployment of that name shows it. */
export interface HpaRecord extends HpaInfo {
  namespace: string;
  target: { kind: string; name: string };
}

export function transformHpa(raw: Raw): HpaRecord {
  const meta = raw?.metadata ?? {};
  const spec = raw?.spec ?? {};
  const status = raw?.status ?? {};
  return {
    namespace: meta.namespace ?? '',
    name: meta.name,
    target: { kind: spec.scaleTargetRef?.kind ?? '', name: spec.scaleTargetRef?.name ?? '' },
    minReplicas: spec.minReplicas ?? 1,
    maxReplicas: spec.maxReplicas ?? 0,
    currentReplicas: status.currentReplicas ?? 0,
    desiredReplicas: status.desiredReplicas ?? 0,
    targets: hpaTargets(spec.metrics, status.currentMetrics),
  };
}

/** The Deployment with the HPA that targets it (the first by name when, wrongly, several do), or without one. */
export function withHpa(deployment: DeploymentInfo, hpas: Iterable<HpaRecord>): DeploymentInfo {
  const mine = [...hpas]
    .filter((h) => h.namespace === deployment.namespace && h.target.kind === 'Deployment' && h.target.name === deployment.name)
    .sort((a, b) => a.name.localeCompare(b.name))[0];
  const { hpa: _old, ...rest } = deployment;
  void _old;
  if (!mine) return rest;
  const { namespace: _ns, target: _target, ...info } = mine;
  void _ns;
  void _target;
  return { ...rest, hpa: info };
}
