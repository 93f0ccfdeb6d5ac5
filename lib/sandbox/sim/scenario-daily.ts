// `daily` (or `daily:<seed>`): a shop's day, compressed. One Auto Mode node (m5.large, 1930m
// allocatable) runs the `storefront` Deployment (250m CPU per pod) in namespace `shop`, whose
// load curve is a step day of 24 simulated minutes — one minute per hour: 0.6 pods' worth of CPU
// at night, 4.5 in the working day (6:00–18:00). An HPA (60 % CPU, 2–10 replicas, scale-up by
// up to 10 pods per 15 s) follows it: in the morning 2 → 8 pods, one more than the node holds,
// so one stays Pending and Auto Mode launches a node; in the evening, after the 5-minute
// scale-down window, back to 2, and consolidation removes a node. With SANDBOX_TIME_SCALE=60 a day
// takes 24 real seconds. The seed names the first node; launched nodes are named by their order.
import type { Store } from '../store';
import { HPAS } from './hpa';
import { LOAD_CURVE_ANNOTATION } from '@/lib/domain/load';
import { SYSTEM_NAMESPACES, autoModeNode, deployment, namespace, seedBuiltInNodePools, seedDefaultNodeClass, seededRandom } from './scenario';

export const DAILY_NAMESPACE = 'shop';
export const DAILY_DEPLOYMENT = 'storefront';
/** One simulated day, in simulated seconds. */
export const DAILY_PERIOD_SECONDS = 24 * 60;
export const DAILY_LOAD_CURVE = 'low=0.6,high=4.5,period=24m,shape=step';

/** `daily` or `daily:<seed>`: the seed, or undefined for another scenario. */
export function dailySeed(scenario: string): number | undefined {
  const m = /^daily(?::(\d+))?$/.exec(scenario);
  return m ? Number(m[1] ?? 1) : undefined;
}

export function seedDaily(store: Store, seed: number) {
  for (const ns of [...SYSTEM_NAMESPACES, DAILY_NAMESPACE]) namespace(store, ns);
  seedDefaultNodeClass(store);
  seedBuiltInNodePools(store);
  autoModeNode(store, seededRandom(seed), 'general-purpose', 'default', 'm5.large', 'us-east-1a');
  deployment(store, {
    name: DAILY_DEPLOYMENT,
    namespace: DAILY_NAMESPACE,
    replicas: 2,
    image: 'public.ecr.aws/nginx/nginx:1.27',
    cpu: '250m',
    memory: '256Mi',
    annotations: { [LOAD_CURVE_ANNOTATION]: DAILY_LOAD_CURVE },
  });
  store.create(HPAS, {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: DAILY_DEPLOYMENT, namespace: DAILY_NAMESPACE },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: DAILY_DEPLOYMENT },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }],
      behavior: {
        scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 10, periodSeconds: 15 }] },
        scaleDown: { stabilizationWindowSeconds: 300, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
      },
    },
    status: { desiredReplicas: 0 },
  });
}
