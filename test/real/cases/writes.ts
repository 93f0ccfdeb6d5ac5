// Writes: the three patch types give the same object, no-op patches keep the resourceVersion,
// generation moves only on spec changes, and dryRun persists nothing.
import { expect } from 'vitest';
import { code, followUpCodes, object, type Case, type Check, type Outcome } from '../case';
import { normalizeObject, specAndMeta } from '../normalize';
import { NS, deployment, nodeClass, nodeClassesPath, pod, podsPath, deploymentsPath } from '../fixtures';

const MERGE = 'application/merge-patch+json';
const STRATEGIC = 'application/strategic-merge-patch+json';
const JSON_PATCH = 'application/json-patch+json';

const samePod = object((o) => normalizeObject(o, { keepStatus: true }));
const sameSpec = object(specAndMeta);

/** The request left the resourceVersion as it was before (read from the setup's GET). */
const rvKept: Check = {
  label: 'resourceVersion kept',
  run: (a, b) => {
    for (const o of [a, b]) expect(o.response.json?.metadata?.resourceVersion).toBe(o.followUps[0]?.json?.metadata?.resourceVersion);
  },
};

const generationIs = (expected: number): Check => ({
  label: `generation ${expected}`,
  run: (a: Outcome, b: Outcome) => {
    expect(a.response.json?.metadata?.generation).toBe(expected);
    expect(b.response.json?.metadata?.generation).toBe(expected);
  },
});

const d = (name: string) => `${deploymentsPath}/${name}`;

export const writeCases: Case[] = [
  { name: 'create a pod (server defaults)', request: { method: 'POST', path: podsPath, body: pod('defaults-pod', { app: 'x' }) }, checks: [code, samePod] },
  { name: 'create a deployment (server defaults)', request: { method: 'POST', path: deploymentsPath, body: deployment('defaults-deploy') }, checks: [code, sameSpec, generationIs(1)] },
  {
    name: 'create a namespace (server defaults)',
    request: { method: 'POST', path: '/api/v1/namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'diff-extra' } } },
    checks: [code, object((o) => normalizeObject(o, { keepStatus: true }))],
  },
  { name: 'create a custom resource', request: { method: 'POST', path: nodeClassesPath, body: nodeClass('create-class') }, checks: [code, sameSpec, generationIs(1)] },
  {
    name: 'merge patch of labels',
    setup: [{ method: 'POST', path: podsPath, body: pod('mp-pod', { a: '1', b: '2' }) }],
    request: { method: 'PATCH', path: `${podsPath}/mp-pod`, contentType: MERGE, body: { metadata: { labels: { a: null, c: '3' } } } },
    checks: [code, samePod],
  },
  {
    name: 'strategic merge: nodeSelector on a deployment template',
    setup: [{ method: 'POST', path: deploymentsPath, body: deployment('smp-ns') }],
    request: {
      method: 'PATCH',
      path: d('smp-ns'),
      contentType: STRATEGIC,
      body: { spec: { template: { spec: { nodeSelector: { 'eks.amazonaws.com/nodeclass': 'ai-ml-node-class' } } } } },
    },
    checks: [code, sameSpec, generationIs(2)],
  },
  {
    name: 'strategic merge: tolerations replace the list',
    setup: [
      { method: 'POST', path: deploymentsPath, body: deployment('smp-tol') },
      {
        method: 'PATCH',
        path: d('smp-tol'),
        contentType: STRATEGIC,
        body: { spec: { template: { spec: { tolerations: [{ key: 'a', operator: 'Exists', effect: 'NoSchedule' }] } } } },
      },
    ],
    request: {
      method: 'PATCH',
      path: d('smp-tol'),
      contentType: STRATEGIC,
      body: { spec: { template: { spec: { tolerations: [{ key: 'workload', operator: 'Equal', value: 'ai-ml', effect: 'NoSchedule' }] } } } },
    },
    checks: [code, sameSpec],
  },
  {
    name: 'strategic merge: restartedAt template annotation (rollout restart)',
    setup: [{ method: 'POST', path: deploymentsPath, body: deployment('smp-restart') }],
    request: {
      method: 'PATCH',
      path: `${d('smp-restart')}?fieldManager=kubectl-rollout`,
      contentType: STRATEGIC,
      body: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-24T13:26:45Z' } } } } },
    },
    checks: [code, sameSpec, generationIs(2)],
  },
  {
    name: 'strategic merge: containers merged by name',
    setup: [{ method: 'POST', path: deploymentsPath, body: deployment('smp-containers') }],
    request: {
      method: 'PATCH',
      path: d('smp-containers'),
      contentType: STRATEGIC,
      body: {
        spec: {
          template: {
            spec: {
              containers: [{ name: 'sidecar', image: 'busybox:1.37' }, { name: 'extra', image: 'redis:7' }],
            },
          },
        },
      },
    },
    checks: [code, sameSpec],
  },
  {
    name: 'strategic merge: $patch delete of a container',
    setup: [{ method: 'POST', path: deploymentsPath, body: deployment('smp-delete') }],
    request: {
      method: 'PATCH',
      path: d('smp-delete'),
      contentType: STRATEGIC,
      body: { spec: { template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } } } },
    },
    checks: [code, sameSpec],
  },
  {
    name: 'strategic merge: null removes a nodeSelector key',
    setup: [
      { method: 'POST', path: deploymentsPath, body: deployment('smp-null') },
      { method: 'PATCH', path: d('smp-null'), contentType: STRATEGIC, body: { spec: { template: { spec: { nodeSelector: { a: '1', b: '2' } } } } } },
    ],
    request: { method: 'PATCH', path: d('smp-null'), contentType: STRATEGIC, body: { spec: { template: { spec: { nodeSelector: { a: null } } } } } },
    checks: [code, sameSpec],
  },
  {
    name: 'JSON patch: replace replicas and add a label',
    setup: [{ method: 'POST', path: deploymentsPath, body: deployment('jp-deploy') }],
    request: {
      method: 'PATCH',
      path: d('jp-deploy'),
      contentType: JSON_PATCH,
      body: [
        { op: 'replace', path: '/spec/replicas', value: 3 },
        { op: 'add', path: '/metadata/labels/team', value: 'platform' },
      ],
    },
    checks: [code, sameSpec, generationIs(2)],
  },
  {
    name: 'merge patch of a custom resource spec',
    setup: [{ method: 'POST', path: nodeClassesPath, body: nodeClass('mp-class') }],
    request: { method: 'PATCH', path: `${nodeClassesPath}/mp-class`, contentType: MERGE, body: { spec: { role: 'CustomNodeRole' } } },
    checks: [code, sameSpec, generationIs(2)],
  },
  {
    name: 'metadata-only patch keeps the generation',
    setup: [{ method: 'POST', path: deploymentsPath, body: deployment('gen-meta') }],
    request: { method: 'PATCH', path: d('gen-meta'), contentType: MERGE, body: { metadata: { labels: { owner: 'team-a' } } } },
    checks: [code, sameSpec, generationIs(1)],
  },
  {
    name: 'no-op merge patch keeps the resourceVersion',
    setup: [{ method: 'POST', path: podsPath, body: pod('noop-pod', { a: 'b' }) }],
    request: { method: 'PATCH', path: `${podsPath}/noop-pod`, contentType: MERGE, body: { metadata: { labels: { a: 'b' } } } },
    then: [{ path: `${podsPath}/noop-pod` }],
    checks: [code, rvKept],
  },
  {
    // A pod no scheduler picks: nothing else writes it between the PATCH and the GET.
    name: 'no-op strategic patch keeps the resourceVersion',
    setup: [{ method: 'POST', path: podsPath, body: pod('noop-smp', { a: 'b' }) }],
    request: { method: 'PATCH', path: `${podsPath}/noop-smp`, contentType: STRATEGIC, body: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } } },
    then: [{ path: `${podsPath}/noop-smp` }],
    checks: [code, rvKept],
  },
  {
    name: 'dryRun create persists nothing',
    request: { method: 'POST', path: `${podsPath}?dryRun=All`, body: pod('dry-pod') },
    then: [{ path: `${podsPath}/dry-pod` }],
    checks: [code, samePod, followUpCodes],
  },
  {
    name: 'dryRun patch persists nothing',
    setup: [{ method: 'POST', path: podsPath, body: pod('dry-patch', { a: 'b' }) }],
    request: { method: 'PATCH', path: `${podsPath}/dry-patch?dryRun=All`, contentType: MERGE, body: { metadata: { labels: { a: 'changed' } } } },
    then: [{ path: `${podsPath}/dry-patch` }],
    checks: [code, samePod, object((o) => normalizeObject(o, { keepStatus: true }), (o) => o.followUps[0])],
  },
  {
    name: 'dryRun delete persists nothing',
    setup: [{ method: 'POST', path: nodeClassesPath, body: nodeClass('dry-delete') }],
    request: { method: 'DELETE', path: `${nodeClassesPath}/dry-delete?dryRun=All` },
    then: [{ path: `${nodeClassesPath}/dry-delete` }],
    checks: [code, followUpCodes],
  },
  {
    name: 'graceful pod delete returns the terminating pod',
    setup: [{ method: 'POST', path: podsPath, body: pod('grace-pod') }],
    request: { method: 'DELETE', path: `${podsPath}/grace-pod`, body: { gracePeriodSeconds: 0 } },
    then: [{ path: `${podsPath}/grace-pod` }],
    checks: [code, followUpCodes],
  },
  {
    name: 'delete of a custom resource',
    setup: [{ method: 'POST', path: nodeClassesPath, body: nodeClass('gone-class') }],
    request: { method: 'DELETE', path: `${nodeClassesPath}/gone-class` },
    then: [{ path: `${nodeClassesPath}/gone-class` }],
    checks: [code, followUpCodes],
  },
  {
    name: 'status subresource ignores spec changes',
    setup: [{ method: 'POST', path: deploymentsPath, body: deployment('status-only') }],
    request: {
      method: 'PATCH',
      path: `${d('status-only')}/status`,
      contentType: MERGE,
      body: { spec: { replicas: 7 }, status: { observedGeneration: 1 } },
    },
    checks: [code, sameSpec, generationIs(1)],
  },
  {
    name: 'scale subresource',
    setup: [{ method: 'POST', path: deploymentsPath, body: deployment('scaled') }],
    request: { method: 'PATCH', path: `${d('scaled')}/scale`, contentType: MERGE, body: { spec: { replicas: 0 } } },
    checks: [code, object((o: any) => ({ kind: o?.kind, apiVersion: o?.apiVersion, spec: o?.spec, name: o?.metadata?.name }))], // eslint-disable-line @typescript-eslint/no-explicit-any
  },
];

export { NS };
