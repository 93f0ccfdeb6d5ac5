// Error answers: both servers must refuse the same requests with the same code and reason
// (and, where clients print it, the same message).
import { code, message, reason, status, type Case } from '../case';
import { NS, deployment, nodeClass, nodeClassesPath, pod, podsPath, deploymentsPath } from '../fixtures';

const JSON_PATCH = 'application/json-patch+json';
const MERGE = 'application/merge-patch+json';
const STRATEGIC = 'application/strategic-merge-patch+json';

export const errorCases: Case[] = [
  { name: 'get a missing pod', request: { path: `${podsPath}/nope` }, checks: [...status, message] },
  { name: 'get a missing deployment', request: { path: `${deploymentsPath}/nope` }, checks: [...status, message] },
  { name: 'get a missing node', request: { path: '/api/v1/nodes/nope' }, checks: [...status, message] },
  { name: 'get a missing custom resource', request: { path: `${nodeClassesPath}/nope` }, checks: [...status, message] },
  { name: 'get in a missing namespace', request: { path: '/api/v1/namespaces/no-such-ns/pods/x' }, checks: [...status, message] },
  {
    name: 'create an existing pod',
    setup: [{ method: 'POST', path: podsPath, body: pod('dup-pod') }],
    request: { method: 'POST', path: podsPath, body: pod('dup-pod') },
    checks: [...status, message],
  },
  {
    name: 'create an existing custom resource',
    setup: [{ method: 'POST', path: nodeClassesPath, body: nodeClass('dup-class') }],
    request: { method: 'POST', path: nodeClassesPath, body: nodeClass('dup-class') },
    checks: [...status, message],
  },
  {
    name: 'create in a missing namespace',
    request: { method: 'POST', path: '/api/v1/namespaces/no-such-ns/pods', body: pod('p') },
    checks: [...status, message],
  },
  { name: 'create a pod with an invalid name', request: { method: 'POST', path: podsPath, body: pod('Bad_Name') }, checks: [...status, message] },
  {
    name: 'create a pod with no name',
    request: { method: 'POST', path: podsPath, body: { ...pod(''), metadata: {} } },
    checks: [...status, message],
  },
  {
    name: 'create a pod without containers',
    request: { method: 'POST', path: podsPath, body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'empty' }, spec: { containers: [] } } },
    checks: [...status],
  },
  {
    name: 'create a pod whose container has no image',
    request: {
      method: 'POST',
      path: podsPath,
      body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'noimage' }, spec: { containers: [{ name: 'a' }] } },
    },
    checks: [...status, message],
  },
  {
    name: 'create a namespace with an invalid name',
    request: { method: 'POST', path: '/api/v1/namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'Not.A.Label' } } },
    checks: [...status, message],
  },
  {
    name: 'create a deployment whose selector does not match its template',
    request: {
      method: 'POST',
      path: deploymentsPath,
      body: { ...deployment('mismatch'), spec: { ...deployment('mismatch').spec, selector: { matchLabels: { app: 'other' } } } },
    },
    checks: [...status],
  },
  {
    name: 'create a deployment with an invalid label value',
    request: {
      method: 'POST',
      path: deploymentsPath,
      body: { ...deployment('badlabel'), metadata: { name: 'badlabel', labels: { app: 'not valid!' } } },
    },
    checks: [...status, message],
  },
  {
    name: 'update with a stale resourceVersion',
    setup: [{ method: 'POST', path: podsPath, body: pod('stale-pod') }, { method: 'PATCH', path: `${podsPath}/stale-pod`, contentType: MERGE, body: { metadata: { labels: { touched: 'yes' } } } }],
    request: {
      method: 'PUT',
      path: `${podsPath}/stale-pod`,
      body: { ...pod('stale-pod'), metadata: { name: 'stale-pod', namespace: NS, resourceVersion: '2' } },
    },
    checks: [...status, message],
  },
  {
    name: 'update of a missing object',
    request: { method: 'PUT', path: `${podsPath}/ghost`, body: { ...pod('ghost'), metadata: { name: 'ghost', namespace: NS, resourceVersion: '5' } } },
    checks: [...status, message],
  },
  {
    name: 'PUT whose body names another object',
    setup: [{ method: 'POST', path: podsPath, body: pod('named-a') }],
    request: { method: 'PUT', path: `${podsPath}/named-a`, body: pod('named-b') },
    checks: [...status],
  },
  { name: 'malformed JSON body', request: { method: 'POST', path: podsPath, raw: '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x"' }, checks: [...status] },
  {
    name: 'body of another kind than the URL',
    request: { method: 'POST', path: podsPath, body: deployment('wrong-kind') },
    checks: [...status],
  },
  { name: 'create with an unsupported content type', request: { method: 'POST', path: podsPath, raw: 'name: x', contentType: 'text/plain' }, checks: [...status] },
  {
    name: 'strategic merge patch on a custom resource',
    setup: [{ method: 'POST', path: nodeClassesPath, body: nodeClass('smp-class') }],
    request: { method: 'PATCH', path: `${nodeClassesPath}/smp-class`, contentType: STRATEGIC, body: { spec: { role: 'Other' } } },
    checks: [...status, message],
  },
  {
    name: 'patch with an unknown patch type',
    setup: [{ method: 'POST', path: podsPath, body: pod('weird-patch') }],
    request: { method: 'PATCH', path: `${podsPath}/weird-patch`, contentType: 'application/x-made-up-patch', body: {} },
    checks: [...status],
  },
  {
    name: 'JSON patch whose test fails',
    setup: [{ method: 'POST', path: podsPath, body: pod('jp-test', { a: 'b' }) }],
    request: { method: 'PATCH', path: `${podsPath}/jp-test`, contentType: JSON_PATCH, body: [{ op: 'test', path: '/metadata/labels/a', value: 'c' }] },
    checks: [code],
  },
  {
    name: 'JSON patch removing a missing path',
    setup: [{ method: 'POST', path: podsPath, body: pod('jp-missing') }],
    request: { method: 'PATCH', path: `${podsPath}/jp-missing`, contentType: JSON_PATCH, body: [{ op: 'remove', path: '/metadata/labels/nope' }] },
    checks: [code],
  },
  {
    name: 'patch of a missing object',
    request: { method: 'PATCH', path: `${podsPath}/ghost`, contentType: MERGE, body: { metadata: { labels: { a: 'b' } } } },
    checks: [...status, message],
  },
  { name: 'label selector with a syntax error', request: { path: `${podsPath}?labelSelector=${encodeURIComponent('a=b=c')}` }, checks: [...status] },
  { name: 'label selector with an unclosed set', request: { path: `${podsPath}?labelSelector=${encodeURIComponent('a in (x')}` }, checks: [...status] },
  { name: 'label selector with an invalid key', request: { path: `${podsPath}?labelSelector=${encodeURIComponent('-bad=x')}` }, checks: [...status] },
  { name: 'field selector on an unsupported field', request: { path: `${podsPath}?fieldSelector=${encodeURIComponent('spec.foo=x')}` }, checks: [...status, message] },
  { name: 'field selector without an operator', request: { path: `${podsPath}?fieldSelector=nonsense` }, checks: [...status] },
  { name: 'unknown core resource', request: { path: '/api/v1/foos' }, checks: [...status] },
  { name: 'unknown group', request: { path: '/apis/nope.example.com/v1/things' }, checks: [...status] },
  {
    name: 'dryRun with a bad value',
    request: { method: 'POST', path: `${podsPath}?dryRun=Bogus`, body: pod('dry-bogus') },
    checks: [...status, message],
  },
  {
    name: 'delete of a missing object',
    request: { method: 'DELETE', path: `${podsPath}/ghost` },
    checks: [...status, message],
  },
  {
    name: 'list with a malformed continue token',
    request: { path: `${podsPath}?limit=1&continue=not-a-token` },
    checks: [code, reason],
  },
  {
    name: 'PUT on the scale subresource with a stale resourceVersion',
    setup: [{ method: 'POST', path: deploymentsPath, body: deployment('scale-stale') }],
    request: {
      method: 'PUT',
      path: `${deploymentsPath}/scale-stale/scale`,
      body: { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'scale-stale', namespace: NS, resourceVersion: '3' }, spec: { replicas: 2 } },
    },
    checks: [...status, message],
  },
  { name: 'get with an unknown subresource', request: { path: `${podsPath}/whatever/nonsense` }, checks: [code] },
  { name: 'list with an invalid resourceVersion', request: { path: `${podsPath}?resourceVersion=abc` }, checks: [...status, message] },
];
