import { describe, expect, it } from 'vitest';
import { defaultHpa, hpaConverter } from './hpa-versions';
import { validateHpa } from '../validate-hpa';

const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };
const v2 = (spec: Record<string, unknown>) => ({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'apps' }, spec });

describe('HPA defaults', () => {
  it('fills minReplicas 1 and an 80 % CPU target, and leaves an absent behavior out', () => {
    const out = defaultHpa(v2({ scaleTargetRef: ref, maxReplicas: 5 }));
    expect(out.spec).toEqual({ scaleTargetRef: ref, maxReplicas: 5, minReplicas: 1, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }] });
    expect(out.status).toEqual({ desiredReplicas: 0 });
  });

  it('completes a behavior given in part', () => {
    const out = defaultHpa(v2({ scaleTargetRef: ref, maxReplicas: 5, behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } }));
    expect(out.spec.behavior.scaleDown).toEqual({ stabilizationWindowSeconds: 60, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] });
    expect(out.spec.behavior.scaleUp.policies).toHaveLength(2);
  });
});

describe('HPA versions', () => {
  it('v1 targetCPUUtilizationPercentage is a v2 CPU Resource metric, both ways', () => {
    const v1 = { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' }, spec: { scaleTargetRef: ref, minReplicas: 2, maxReplicas: 10, targetCPUUtilizationPercentage: 60 }, status: { currentReplicas: 3, desiredReplicas: 3, currentCPUUtilizationPercentage: 45 } };
    const stored = hpaConverter.in(v1, 'autoscaling/v2');
    expect(stored.spec).toEqual({ scaleTargetRef: ref, minReplicas: 2, maxReplicas: 10, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }] });
    expect(stored.status.currentMetrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 45 } } }]);
    expect(hpaConverter.out(stored, 'autoscaling/v1')).toEqual(v1);
  });

  it('v2beta2 has the same fields as v2: the apiVersion changes, and v2beta2 writes out empty status fields', () => {
    const body = { ...v2({ scaleTargetRef: ref, minReplicas: 1, maxReplicas: 4, metrics: [{ type: 'Pods', pods: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '10' } } }] }), apiVersion: 'autoscaling/v2beta2', status: { desiredReplicas: 0 } };
    const stored = hpaConverter.in(body, 'autoscaling/v2');
    expect(stored).toEqual({ ...body, apiVersion: 'autoscaling/v2' });
    expect(hpaConverter.out(stored, 'autoscaling/v2beta2')).toEqual({ ...body, status: { currentReplicas: 0, desiredReplicas: 0, currentMetrics: null, conditions: null } });
    expect(hpaConverter.out(stored, 'autoscaling/v2')).toEqual(stored);
    // Written back at v2beta2 (its empty lists as null), stored without them.
    expect(hpaConverter.in(hpaConverter.out(stored, 'autoscaling/v2beta2'), 'autoscaling/v2').status).toEqual({ currentReplicas: 0, desiredReplicas: 0 });
  });

  it('v1 shows currentReplicas 0 where v2 omits it', () => {
    expect(hpaConverter.out({ ...v2({ scaleTargetRef: ref, maxReplicas: 3 }), status: { desiredReplicas: 0 } }, 'autoscaling/v1').status).toEqual({ currentReplicas: 0, desiredReplicas: 0 });
  });
});

describe('HPA validation', () => {
  const causes = (spec: Record<string, unknown>) => {
    const out: { field: string; message: string }[] = [];
    validateHpa(v2(spec), out as never);
    return out.map((c) => `${c.field}: ${c.message}`);
  };

  it('checks replica bounds and the target reference', () => {
    expect(causes({ scaleTargetRef: ref, minReplicas: 0, maxReplicas: 0 })).toEqual([
      'spec.minReplicas: Invalid value: 0: must be greater than or equal to 1',
      'spec.maxReplicas: Invalid value: 0: must be greater than 0',
      'spec.metrics: Forbidden: must specify at least one Object or External metric to support scaling to zero replicas',
    ]);
    expect(causes({ scaleTargetRef: ref, minReplicas: 4, maxReplicas: 3 })).toEqual(['spec.maxReplicas: Invalid value: 3: must be greater than or equal to `minReplicas`']);
    expect(causes({ scaleTargetRef: {}, maxReplicas: 3 })).toEqual(['spec.scaleTargetRef.kind: Required value', 'spec.scaleTargetRef.name: Required value']);
    expect(causes({ scaleTargetRef: ref, minReplicas: 1, maxReplicas: 3 })).toEqual([]);
  });

  it('checks metric sources and targets', () => {
    // Twice, as kube-apiserver lists it (the set's check and the switch's default both refuse it).
    expect(causes({ scaleTargetRef: ref, maxReplicas: 3, metrics: [{ type: 'Magic' }] })).toEqual([
      'spec.metrics[0].type: Unsupported value: "Magic": supported values: "ContainerResource", "External", "Object", "Pods", "Resource"',
      'spec.metrics[0].type: Unsupported value: "Magic": supported values: "ContainerResource", "External", "Object", "Pods", "Resource"',
    ]);
    expect(causes({ scaleTargetRef: ref, maxReplicas: 3, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 0 } } }] })).toEqual([
      'spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0',
    ]);
    expect(causes({ scaleTargetRef: ref, maxReplicas: 3, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization' } } }] })).toEqual([
      'spec.metrics[0].resource.target.averageUtilization: Required value: must set either a target raw value or a target utilization',
    ]);
    expect(causes({ scaleTargetRef: ref, maxReplicas: 3, behavior: { scaleDown: { stabilizationWindowSeconds: 4000, policies: [{ type: 'Pods', value: 1, periodSeconds: 2000 }] } } })).toEqual([
      'spec.behavior.scaleDown.stabilizationWindowSeconds: Invalid value: 4000: must be less than or equal to 3600',
      'spec.behavior.scaleDown.policies[0].periodSeconds: Invalid value: 2000: must be less than or equal to 1800',
    ]);
  });
});
