// Hostile and malformed requests against every action route, through the real wrapper and the
// impersonating clients, with a running sandbox behind them: each must get the right 4xx, leave
// every object as it was (resourceVersions compared through the API), and never be a 500.

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { resetRateLimits } from '@/lib/server/rate-limit';
import { POST as restart } from '@/app/api/clusters/[cluster]/deployments/[namespace]/[name]/restart/route';
import { POST as pin } from '@/app/api/clusters/[cluster]/deployments/[namespace]/[name]/pin/route';
import { POST as unpin } from '@/app/api/clusters/[cluster]/deployments/[namespace]/[name]/unpin/route';
import { POST as plan } from '@/app/api/clusters/[cluster]/deployments/[namespace]/[name]/plan/route';
import { POST as createNodeClass } from '@/app/api/clusters/[cluster]/node-classes/route';
import { GET as topology } from '@/app/api/clusters/[cluster]/topology/route';
import { GET as activity } from '@/app/api/clusters/[cluster]/activity/[id]/route';
import { callRoute, TEST_ORIGIN } from '../support/route-call';
import { eventually, type kubectlFor } from '../support/kubectl';
import { startRouteSandbox, type RouteSandbox } from '../support/route-sandbox';

let env: RouteSandbox;
let kubectl: ReturnType<typeof kubectlFor>;
const logged: string[] = [];

beforeAll(async () => {
  for (const level of ['log', 'warn', 'error'] as const) vi.spyOn(console, level).mockImplementation((line: unknown) => void logged.push(String(line)));
  env = await startRouteSandbox({ quietLevels: [] });
  kubectl = env.kubectl;
  // Compare against a settled cluster: controllers writing status would change versions anyway.
  await eventually('the seeded deployments to settle', async () => {
    const list = await kubectl.json<{ items: Array<{ spec: { replicas: number }; status: { availableReplicas?: number; updatedReplicas?: number } }> }>(['get', 'deployments', '-A']);
    return list.items.every((d) => d.status.availableReplicas === d.spec.replicas && d.status.updatedReplicas === d.spec.replicas);
  });
});

afterAll(async () => {
  await env?.stop();
});

type Listed = { items: Array<{ metadata: { namespace?: string; name: string; resourceVersion: string } }> };
async function versions(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const kind of ['deployments', 'nodepools', 'nodeclasses']) {
    const list = await kubectl.json<Listed>(['get', kind, '-A']);
    for (const i of list.items) out[`${kind}/${i.metadata.namespace ?? ''}/${i.metadata.name}`] = i.metadata.resourceVersion;
  }
  // The simulated controllers keep reporting events; what must not appear is one of ours.
  const events = await kubectl.json<{ items: Array<{ source?: { component?: string } }> }>(['get', 'events', '-A']);
  out['events from nodelanes'] = String(events.items.filter((e) => e.source?.component === 'nodelanes').length);
  return out;
}

const D = { cluster: 'sandbox', namespace: 'apps', name: 'frontend' };
const C = { cluster: 'sandbox' };
const TARGET = { key: 'eks.amazonaws.com/nodeclass', value: 'default' };
const NODE_CLASS = { name: 'ai-ml-node-class', role: 'AmazonEKSAutoNodeRole', nodePool: { name: 'ai-ml', instanceTypes: ['m6a.xlarge'] } };
const big = 'x'.repeat(80 * 1024);

type Handler = Parameters<typeof callRoute>[0];
interface Case {
  what: string;
  handler: Handler;
  params?: Record<string, string>;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  status: number;
}

const cases: Case[] = [
  // Route params: names the API server would refuse, traversal, control characters, length.
  ...['../../etc/passwd', 'UPPER', 'a'.repeat(254), '', 'with space', '<script>alert(1)</script>', '-leading', 'trailing-', 'a..b', 'nul\u0000byte', 'ñame', 'x/y', '%2e%2e'].map(
    (name): Case => ({ what: `deployment name ${JSON.stringify(name).slice(0, 40)}`, handler: restart, params: { ...D, name }, body: {}, status: 400 }),
  ),
  ...['Apps', 'a'.repeat(64), '..', 'kube_system', ''].map((namespace): Case => ({ what: `namespace ${JSON.stringify(namespace).slice(0, 30)}`, handler: pin, params: { ...D, namespace }, body: { target: TARGET }, status: 400 })),
  { what: 'cluster id with a space', handler: topology, params: { cluster: 'bad id' }, status: 400 },
  { what: 'cluster id 300 long', handler: topology, params: { cluster: 'c'.repeat(300) }, status: 400 },
  { what: 'unknown cluster', handler: restart, params: { ...D, cluster: 'nope' }, body: {}, status: 404 },
  { what: 'activity id with traversal', handler: activity, params: { cluster: 'sandbox', id: '../../secrets' }, status: 400 },
  // Origin and fetch metadata.
  { what: 'no Origin', handler: restart, params: D, body: {}, headers: { origin: '' }, status: 403 },
  { what: 'Origin null', handler: restart, params: D, body: {}, headers: { origin: 'null' }, status: 403 },
  { what: 'foreign Origin', handler: restart, params: D, body: {}, headers: { origin: 'https://evil.example' }, status: 403 },
  { what: 'look-alike Origin (suffix)', handler: pin, params: D, body: { target: TARGET }, headers: { origin: `${TEST_ORIGIN}.evil.example` }, status: 403 },
  { what: 'look-alike Origin (userinfo)', handler: pin, params: D, body: { target: TARGET }, headers: { origin: 'http://localhost:3000@evil.example' }, status: 403 },
  { what: 'look-alike Origin (other port)', handler: createNodeClass, params: C, body: NODE_CLASS, headers: { origin: 'http://localhost:3001' }, status: 403 },
  { what: 'Sec-Fetch-Site cross-site', handler: restart, params: D, body: {}, headers: { 'sec-fetch-site': 'cross-site' }, status: 403 },
  { what: 'Sec-Fetch-Site same-site', handler: createNodeClass, params: C, body: NODE_CLASS, headers: { 'sec-fetch-site': 'same-site' }, status: 403 },
  // Content types and sizes.
  { what: 'text/plain body', handler: restart, params: D, body: {}, headers: { 'content-type': 'text/plain' }, status: 415 },
  { what: 'form-encoded body', handler: pin, params: D, rawBody: 'target=x', headers: { 'content-type': 'application/x-www-form-urlencoded' }, status: 415 },
  { what: 'multipart body', handler: createNodeClass, params: C, rawBody: '--b\r\n', headers: { 'content-type': 'multipart/form-data; boundary=b' }, status: 415 },
  { what: 'json-patch content type', handler: pin, params: D, body: [{ op: 'add' }], headers: { 'content-type': 'application/json-patch+json' }, status: 415 },
  { what: 'no content type', handler: restart, params: D, body: {}, headers: { 'content-type': '' }, status: 415 },
  { what: 'oversized body', handler: createNodeClass, params: C, body: { ...NODE_CLASS, tags: { pad: big } }, status: 413 },
  { what: 'oversized pin', handler: pin, params: D, body: { target: TARGET, pad: big }, status: 413 },
  // Malformed JSON and wrong shapes.
  { what: 'truncated JSON', handler: pin, params: D, rawBody: '{"target":', status: 400 },
  { what: 'trailing comma', handler: createNodeClass, params: C, rawBody: '{"name":"a",}', status: 400 },
  { what: 'JSON null', handler: restart, params: D, rawBody: 'null', status: 400 },
  { what: 'JSON array', handler: pin, params: D, rawBody: '[]', status: 400 },
  { what: 'JSON string', handler: unpin, params: D, rawBody: '"unpin"', status: 400 },
  { what: 'NaN', handler: restart, params: D, rawBody: '{"generation":NaN}', status: 400 },
  // Unknown fields: intents never carry a client-built patch.
  { what: 'restart with an unknown field', handler: restart, params: D, body: { force: true }, status: 400 },
  { what: 'pin with a raw patch', handler: pin, params: D, body: { target: TARGET, patch: { spec: { replicas: 0 } } }, status: 400 },
  { what: 'target with extra keys', handler: pin, params: D, body: { target: { ...TARGET, operator: 'Exists' } }, status: 400 },
  { what: 'node class with a raw spec', handler: createNodeClass, params: C, body: { ...NODE_CLASS, spec: { role: 'x' } }, status: 400 },
  { what: 'node pool with raw requirements', handler: createNodeClass, params: C, body: { ...NODE_CLASS, nodePool: { ...NODE_CLASS.nodePool, requirements: [] } }, status: 400 },
  // Prototype pollution.
  { what: '__proto__ at the top', handler: pin, params: D, rawBody: `{"target":${JSON.stringify(TARGET)},"__proto__":{"isAdmin":true}}`, status: 400 },
  { what: 'constructor.prototype nested', handler: createNodeClass, params: C, rawBody: JSON.stringify({ ...NODE_CLASS, tags: { constructor: { prototype: { x: 1 } } } }).replace('"tags"', '"tags"'), status: 400 },
  { what: '__proto__ in labels', handler: createNodeClass, params: C, rawBody: JSON.stringify(NODE_CLASS).replace('"nodePool":{', '"nodePool":{"labels":{"__proto__":"x"},'), status: 400 },
  // Injection strings in labels and values.
  { what: 'markup as a label key', handler: pin, params: D, body: { target: { key: '<img src=x onerror=alert(1)>', value: 'x' } }, status: 400 },
  { what: 'SQL-ish label value', handler: pin, params: D, body: { target: { key: 'workload', value: "x'; DROP TABLE nodes;--" } }, status: 400 },
  { what: 'newline in a label key', handler: plan, params: D, body: { target: { key: 'a\nb', value: 'x' } }, status: 400 },
  { what: 'template string in a node label', handler: createNodeClass, params: C, body: { ...NODE_CLASS, nodePool: { ...NODE_CLASS.nodePool, labels: { team: '${jndi:ldap://x/a}' } } }, status: 400 },
  { what: 'label value of 64 characters', handler: pin, params: D, body: { target: { key: 'workload', value: 'v'.repeat(64) } }, status: 400 },
  { what: 'traversal in a label key prefix', handler: pin, params: D, body: { target: { key: 'kubernetes.io/../x', value: 'x' } }, status: 400 },
  { what: 'the wrong node-class key', handler: pin, params: D, body: { target: { key: 'eks.amazonaws.com/node-class', value: 'default' } }, status: 400 },
  { what: 'empty target value', handler: plan, params: D, body: { target: { key: 'workload', value: '' } }, status: 400 },
  // Over-long and out-of-range values.
  { what: 'node class name of 64 characters', handler: createNodeClass, params: C, body: { ...NODE_CLASS, name: 'n'.repeat(64) }, status: 400 },
  { what: 'role of 65 characters', handler: createNodeClass, params: C, body: { ...NODE_CLASS, role: 'r'.repeat(65) }, status: 400 },
  { what: '51 instance types', handler: createNodeClass, params: C, body: { ...NODE_CLASS, nodePool: { ...NODE_CLASS.nodePool, instanceTypes: Array.from({ length: 51 }, (_, i) => `m${i}.large`) } }, status: 400 },
  { what: '11 budgets', handler: createNodeClass, params: C, body: { ...NODE_CLASS, nodePool: { ...NODE_CLASS.nodePool, budgets: Array.from({ length: 11 }, () => ({ nodes: '1' })) } }, status: 400 },
  { what: 'budget of 101%', handler: createNodeClass, params: C, body: { ...NODE_CLASS, nodePool: { ...NODE_CLASS.nodePool, budgets: [{ nodes: '101%' }] } }, status: 400 },
  { what: 'weight 0', handler: createNodeClass, params: C, body: { ...NODE_CLASS, nodePool: { ...NODE_CLASS.nodePool, weight: 0 } }, status: 400 },
  { what: 'negative generation', handler: restart, params: D, body: { generation: -1 }, status: 400 },
  { what: 'generation as a string', handler: pin, params: D, body: { target: TARGET, generation: '3' }, status: 400 },
  { what: 'dryRun as a string', handler: restart, params: D, body: { dryRun: 'yes' }, status: 400 },
  { what: 'activity id not a UUID', handler: pin, params: D, body: { target: TARGET, activityId: 'abc' }, status: 400 },
  { what: 'batch entry with traversal', handler: pin, params: D, body: { target: TARGET, batch: ['../x'] }, status: 400 },
  { what: 'alsoMoving with 21 entries', handler: plan, params: D, body: { target: TARGET, alsoMoving: Array.from({ length: 21 }, (_, i) => ({ namespace: 'apps', name: `d${i}` })) }, status: 400 },
  // Valid shape, refused by the cluster or the preflight.
  { what: 'unknown instance type', handler: createNodeClass, params: C, body: { ...NODE_CLASS, nodePool: { ...NODE_CLASS.nodePool, instanceTypes: ['z9.huge'] } }, status: 422 },
  { what: 'built-in pool name', handler: createNodeClass, params: C, body: { ...NODE_CLASS, nodePool: { ...NODE_CLASS.nodePool, name: 'general-purpose' } }, status: 422 },
  { what: 'deployment that does not exist', handler: pin, params: { ...D, name: 'no-such-app' }, body: { target: TARGET }, status: 404 },
  { what: 'stale generation', handler: restart, params: D, body: { generation: 999_999 }, status: 409 },
];

describe('bad input is refused and changes nothing', () => {
  it(`has at least 50 hostile requests (${cases.length})`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
  });

  it('each gets the right 4xx with a JSON error, nothing in the cluster changes, nothing is a 500', async () => {
    const before = await versions();
    const wrong: string[] = [];
    for (const c of cases) {
      resetRateLimits();
      const headers: Record<string, string> = { ...c.headers };
      const res = await callRoute(c.handler, c.params ?? C, {
        ...(c.rawBody !== undefined ? { rawBody: c.rawBody } : c.body !== undefined ? { body: c.body } : {}),
        headers,
      }).catch((err) => ({ status: -1, body: String(err) }));
      const ok = res.status === c.status && typeof res.body?.error?.code === 'string' && typeof res.body?.error?.message === 'string';
      if (!ok) wrong.push(`${c.what}: expected ${c.status}, got ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
    }
    expect(wrong).toEqual([]);
    expect(await versions()).toEqual(before);
    expect(logged.filter((l) => l.includes('"level":"error"') || l.includes('unexpected error'))).toEqual([]);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });
});
