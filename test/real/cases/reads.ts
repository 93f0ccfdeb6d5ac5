// Reads: selectors, pagination, list metadata and Table responses.
import { code, columns, listShape, names, object, type Case } from '../case';
import { NS, deployment, pod, podsPath, deploymentsPath } from '../fixtures';

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
const sel = (s: string) => `${podsPath}?labelSelector=${encodeURIComponent(s)}`;
const fields = (s: string) => `${podsPath}?fieldSelector=${encodeURIComponent(s)}`;

const selectorPods = [
  pod('sel-a', { tier: 'web', env: 'prod' }),
  pod('sel-b', { tier: 'api', env: 'prod' }),
  pod('sel-c', { tier: 'web', env: 'dev' }),
  pod('sel-d', {}),
].map((body) => ({ method: 'POST', path: podsPath, body }));

export const readCases: Case[] = [
  { name: 'label selector =', setup: selectorPods, request: { path: sel('tier=web') }, checks: [code, listShape, names] },
  { name: 'label selector ==', request: { path: sel('tier==api') }, checks: [code, names] },
  { name: 'label selector !=', request: { path: sel('tier!=web') }, checks: [code, names] },
  { name: 'label selector in', request: { path: sel('env in (prod, staging)') }, checks: [code, names] },
  { name: 'label selector notin', request: { path: sel('env notin (prod)') }, checks: [code, names] },
  { name: 'label selector exists', request: { path: sel('tier') }, checks: [code, names] },
  { name: 'label selector does not exist', request: { path: sel('!tier') }, checks: [code, names] },
  { name: 'label selector with several terms', request: { path: sel('tier=web,env!=dev') }, checks: [code, names] },
  { name: 'empty label selector', request: { path: sel('') }, checks: [code, names] },
  { name: 'field selector metadata.name', request: { path: fields('metadata.name=sel-b') }, checks: [code, names] },
  { name: 'field selector metadata.namespace', request: { path: `/api/v1/pods?fieldSelector=${encodeURIComponent(`metadata.namespace=${NS}`)}&labelSelector=tier` }, checks: [code, names] },
  { name: 'field selector spec.nodeName (unbound)', request: { path: fields('spec.nodeName=') }, checks: [code, names] },
  { name: 'field selector status.phase !=', request: { path: fields('status.phase!=Running,status.phase!=Succeeded') }, checks: [code, names] },
  { name: 'label and field selector together', request: { path: `${sel('tier=web')}&fieldSelector=${encodeURIComponent('metadata.name!=sel-a')}` }, checks: [code, names] },
  { name: 'list with limit returns a continue token', request: { path: `${podsPath}?limit=2` }, checks: [code, listShape, names] },
  { name: 'list with limit larger than the collection', request: { path: `${podsPath}?labelSelector=tier&limit=50` }, checks: [code, listShape, names] },
  { name: 'list with resourceVersion=0', request: { path: `${podsPath}?resourceVersion=0&labelSelector=tier` }, checks: [code, listShape, names] },
  { name: 'list across all namespaces by label', request: { path: `/api/v1/pods?labelSelector=${encodeURIComponent('env in (prod,dev)')}` }, checks: [code, names] },
  { name: 'list of a namespace that does not exist is empty', request: { path: '/api/v1/namespaces/no-such-ns/pods' }, checks: [code, listShape, names] },
  { name: 'Table for pods', request: { path: `${podsPath}?labelSelector=tier`, accept: TABLE }, checks: [code, columns] },
  { name: 'Table for one pod', request: { path: `${podsPath}/sel-a`, accept: TABLE }, checks: [code, columns] },
  {
    name: 'Table for deployments',
    setup: [{ method: 'POST', path: deploymentsPath, body: deployment('table-deploy') }],
    request: { path: deploymentsPath, accept: TABLE },
    checks: [code, columns],
  },
  { name: 'Table for replicasets', request: { path: `/apis/apps/v1/namespaces/${NS}/replicasets?labelSelector=nothing-has-this`, accept: TABLE }, checks: [code, columns] },
  { name: 'Table for namespaces', request: { path: `/api/v1/namespaces?fieldSelector=metadata.name%3D${NS}`, accept: TABLE }, checks: [code, columns] },
  {
    name: 'Table for nodes',
    setup: [{ method: 'POST', path: '/api/v1/nodes', body: { apiVersion: 'v1', kind: 'Node', metadata: { name: 'diff-node-1', labels: { diff: 'table' } } } }],
    request: { path: '/api/v1/nodes?labelSelector=diff%3Dtable', accept: TABLE },
    checks: [code, columns],
  },
  { name: 'Table for events', request: { path: `/api/v1/namespaces/${NS}/events?fieldSelector=reason%3DNothingLikeThis`, accept: TABLE }, checks: [code, columns] },
  { name: 'Table with includeObject=Object', request: { path: `${podsPath}?labelSelector=tier&includeObject=Object`, accept: TABLE }, checks: [code, columns] },
  { name: 'Table with includeObject=None', request: { path: `${podsPath}?labelSelector=tier&includeObject=None`, accept: TABLE }, checks: [code, columns] },
  { name: 'events through events.k8s.io/v1', request: { path: `/apis/events.k8s.io/v1/namespaces/${NS}/events?fieldSelector=${encodeURIComponent('metadata.name=none')}` }, checks: [code, listShape, names] },
  { name: 'Table for one namespace', request: { path: `/api/v1/namespaces/${NS}`, accept: TABLE }, checks: [code, columns] },
  { name: 'get a node as JSON', request: { path: '/api/v1/nodes/diff-node-1' }, checks: [code, object((o: any) => ({ kind: o?.kind, name: o?.metadata?.name, labels: o?.metadata?.labels }))] }, // eslint-disable-line @typescript-eslint/no-explicit-any
];
