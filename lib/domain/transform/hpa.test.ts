import { describe, expect, it } from 'vitest';
import { transformHpa, withHpa } from './hpa';
import { transformDeployment } from './workloads';

const raw = {
  metadata: { name: 'web', namespace: 'apps' },
  spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 10, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }] },
  status: { currentReplicas: 3, desiredReplicas: 4, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 75 } } }] },
};

describe('transformHpa / withHpa', () => {
  it('sums up an HPA as kubectl get hpa does', () => {
    expect(transformHpa(raw)).toEqual({ namespace: 'apps', name: 'web', target: { kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 10, currentReplicas: 3, desiredReplicas: 4, targets: 'cpu: 75%/60%' });
  });

  it('attaches the HPA to the Deployment it targets, and only that one', () => {
    const web = transformDeployment({ metadata: { name: 'web', namespace: 'apps', uid: 'u' }, spec: { replicas: 3 } });
    const other = { ...web, name: 'api' };
    const hpa = transformHpa(raw);
    expect(withHpa(web, [hpa]).hpa).toEqual({ name: 'web', minReplicas: 2, maxReplicas: 10, currentReplicas: 3, desiredReplicas: 4, targets: 'cpu: 75%/60%' });
    expect(withHpa(other, [hpa]).hpa).toBeUndefined();
    expect(withHpa({ ...web, namespace: 'shop' }, [hpa]).hpa).toBeUndefined();
    // Gone again once the HPA is.
    expect('hpa' in withHpa(withHpa(web, [hpa]), [])).toBe(false);
  });
});
