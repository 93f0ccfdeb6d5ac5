// HorizontalPodAutoscalers against kube-apiserver 1.20 and its kube-controller-manager, through
// autoscaling/v2beta2 (1.20 has no v2; the sandbox serves v2beta2 from its v2 storage): the same
// bodies get the same refusals, word for word with the same causes, and the same defaults; the
// HPA controller writes the same conditions and counts where no metrics are needed (a target
// scaled to zero, a target that does not exist). The real tier runs no metrics server, so what
// the controller writes from metrics is the sandbox tier's to test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { both, startPair, type Pair } from './servers';
import { send, type Server } from './http';
import { code, compare, message, object, runCase, status, type Case, type Check } from './case';
import { normalizeObject } from './normalize';
import { deployment } from './fixtures';
import { until } from '../support/until';

const NS = 'diff-hpa';
const HPAS = `/apis/autoscaling/v2beta2/namespaces/${NS}/horizontalpodautoscalers`;
const DEPLOYMENTS = `/apis/apps/v1/namespaces/${NS}/deployments`;
let pair: Pair;

type Spec = Record<string, unknown>;
const hpa = (name: string, spec: Spec, drop: string[] = []) => {
  const full: Spec = { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 5, ...spec };
  for (const k of drop) delete full[k];
  return { apiVersion: 'autoscaling/v2beta2', kind: 'HorizontalPodAutoscaler', metadata: { name }, spec: full };
};
const cpu = (target: Spec) => ({ type: 'Resource', resource: { name: 'cpu', target } });

/** A refusal's causes, in the order the server gives them. */
const causes: Check = {
  label: 'Status causes',
  run: (a, b) => expect(b.response.json?.details?.causes).toEqual(a.response.json?.details?.causes),
};
const refused = [...status, message, causes];
const sameObject = object((o) => normalizeObject(o, { keepStatus: true }));

const refusal = (name: string, body: object): Case => ({ name, request: { method: 'POST', path: HPAS, body }, checks: refused });
const created = (name: string, body: object): Case => ({ name, request: { method: 'POST', path: HPAS, body }, checks: [code, sameObject] });

const cases: Case[] = [
  refusal('minReplicas 0 is refused', hpa('min-zero', { minReplicas: 0 })),
  refusal('maxReplicas below minReplicas is refused', hpa('max-below', { minReplicas: 4, maxReplicas: 2 })),
  refusal('maxReplicas 0 is refused', hpa('max-zero', { maxReplicas: 0 })),
  refusal('a missing scaleTargetRef is refused', hpa('no-target', {}, ['scaleTargetRef'])),
  refusal('a scaleTargetRef without kind or name is refused', hpa('half-target', { scaleTargetRef: { apiVersion: 'apps/v1' } })),
  refusal('an unknown metric type is refused', hpa('bad-type', { metrics: [{ type: 'Memory', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 50 } } }] })),
  refusal('a metric without its source is refused', hpa('no-source', { metrics: [{ type: 'Resource' }] })),
  refusal('an unknown target type is refused', hpa('bad-target', { metrics: [cpu({ type: 'Percent', averageUtilization: 50 })] })),
  refusal('a utilization of 0 is refused', hpa('zero-util', { metrics: [cpu({ type: 'Utilization', averageUtilization: 0 })] })),
  refusal('both a raw value and a utilization are refused', hpa('both-targets', { metrics: [cpu({ type: 'Utilization', averageUtilization: 50, averageValue: '100m' })] })),
  refusal('a scaling policy of an unknown type and no period is refused', hpa('bad-policy', { behavior: { scaleUp: { policies: [{ type: 'Replicas', value: 1 }] } } })),
  refusal('a stabilization window over an hour is refused', hpa('long-window', { behavior: { scaleDown: { stabilizationWindowSeconds: 3601, policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } } })),
  created('defaults: minReplicas 1 and a CPU target of 80 %', hpa('defaults', {}, ['minReplicas'])),
  created('defaults: a behavior given in part is completed', hpa('part-behavior', { metrics: [cpu({ type: 'Utilization', averageUtilization: 60 })], behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } })),
  created('a Pods metric with an average value', hpa('pods-metric', { metrics: [{ type: 'Pods', pods: { metric: { name: 'requests_per_second' }, target: { type: 'AverageValue', averageValue: '10' } } }] })),
];

beforeAll(async () => {
  pair = await startPair();
  await both(pair, { method: 'POST', path: '/api/v1/namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } } });
});

afterAll(async () => {
  await pair?.stop();
});

describe('HPA validation and defaults (autoscaling/v2beta2)', () => {
  for (const c of cases) it(c.name, async () => compare(c, await runCase(pair.real, c), await runCase(pair.sandbox, c)));
});

type Condition = { type: string; status: string; reason: string; message: string };

/** The status the HPA controller writes, once it has written conditions, without its clocks. */
async function controllerStatus(server: Server, name: string, want: string) {
  const got = await until(`${server.name}: ${name} has ${want}`, async () => {
    const h = (await send(server, { path: `${HPAS}/${name}` })).json;
    return (h?.status?.conditions ?? []).some((c: Condition) => c.type === want) ? h : undefined;
  }, 60_000);
  const { conditions, lastScaleTime, ...counts } = got.status;
  return { counts, hasLastScaleTime: lastScaleTime !== undefined, conditions: (conditions as Condition[]).map(({ type, status: s, reason, message: m }) => ({ type, status: s, reason, message: m })) };
}

describe('what the HPA controller writes', () => {
  it('a target scaled to zero: able to get its scale, scaling disabled, no rescale', async () => {
    for (const server of [pair.real, pair.sandbox]) {
      await send(server, { method: 'POST', path: DEPLOYMENTS, body: deployment('idle', 0) });
      await send(server, { method: 'POST', path: HPAS, body: hpa('idle', { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'idle' } }) });
    }
    const real = await controllerStatus(pair.real, 'idle', 'ScalingActive');
    const sandbox = await controllerStatus(pair.sandbox, 'idle', 'ScalingActive');
    expect(sandbox).toEqual(real);
  }, 120_000);

  it('a target that does not exist: unable to get its scale', async () => {
    for (const server of [pair.real, pair.sandbox]) {
      await send(server, { method: 'POST', path: HPAS, body: hpa('orphan', { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'no-such-deployment' } }) });
    }
    const real = await controllerStatus(pair.real, 'orphan', 'AbleToScale');
    const sandbox = await controllerStatus(pair.sandbox, 'orphan', 'AbleToScale');
    expect(sandbox).toEqual(real);
  }, 120_000);
});
