// Services, Endpoints/EndpointSlices, ConfigMaps, Secrets, ServiceAccounts, StatefulSets, Jobs and
// CronJobs against kube-apiserver 1.20: server defaults, admission errors, discovery, Table
// columns, what the controllers make (endpoints of ready pods, a Job's and a StatefulSet's pods)
// and namespace deletion. Addresses and uids are each server's own; everything else must agree.
import { expect, it } from 'vitest';
import { code, columns, message, object, reason, diffPaths, type Case, type Check } from '../case';
import { normalizeObject } from '../normalize';
import { NS, workerNode } from '../fixtures';
import { send, type Server } from '../http';
import type { Pair } from '../servers';
import { until } from '../../support/until';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
const LABEL = { 'diff-kinds': 'yes' };
const core = (resource: string) => `/api/v1/namespaces/${NS}/${resource}`;
const servicesPath = core('services');
const secretsPath = core('secrets');
const configMapsPath = core('configmaps');
const jobsPath = `/apis/batch/v1/namespaces/${NS}/jobs`;
const cronJobsPath = `/apis/batch/v1beta1/namespaces/${NS}/cronjobs`;
const statefulSetsPath = `/apis/apps/v1/namespaces/${NS}/statefulsets`;
const slicesPath = `/apis/discovery.k8s.io/v1beta1/namespaces/${NS}/endpointslices`;

const meta = (name: string) => ({ name, labels: { ...LABEL } });
const service = (name: string, spec: Json) => ({ apiVersion: 'v1', kind: 'Service', metadata: meta(name), spec });
const podSpec = (restartPolicy?: string) => ({
  ...(restartPolicy ? { restartPolicy } : {}),
  schedulerName: 'diff-none',
  containers: [{ name: 'app', image: 'busybox:1.36', resources: { requests: { cpu: '10m' } } }],
});
const job = (name: string, spec: Json = { template: { spec: podSpec('Never') } }) => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: meta(name), spec });

/**
 * What each server picks for itself: service addresses (10.96/16 there, EKS's 10.100/16 here),
 * node ports, the uid a Job's selector is made of. The shape around them must still agree.
 */
function ownValues(o: Json): Json {
  const n = normalizeObject(o, { keepStatus: true });
  if (!n || typeof n !== 'object') return n;
  if (n.spec?.clusterIP && n.spec.clusterIP !== 'None') {
    n.spec.clusterIP = '<ip>';
    n.spec.clusterIPs = n.spec.clusterIPs?.map(() => '<ip>');
  }
  for (const p of n.spec?.ports ?? []) if (p.nodePort) p.nodePort = '<port>';
  const uid = o?.metadata?.uid;
  return uid ? JSON.parse(JSON.stringify(n).split(uid).join('<uid>')) : n;
}

const same = object(ownValues);
const refused = [code, reason, message];

export const kindCases: Case[] = [
  // Services
  { name: 'create a ClusterIP Service (port defaults, address from the service range)', request: { method: 'POST', path: servicesPath, body: service('svc-plain', { selector: { app: 'x' }, ports: [{ port: 80 }] }) }, checks: [code, same] },
  {
    name: 'create a NodePort Service (node ports, traffic policy)',
    request: { method: 'POST', path: servicesPath, body: service('svc-nodeport', { type: 'NodePort', selector: { app: 'x' }, ports: [{ name: 'web', port: 80, targetPort: 'http' }, { name: 'dns', port: 53, protocol: 'UDP' }] }) },
    checks: [code, same],
  },
  { name: 'create a LoadBalancer Service', request: { method: 'POST', path: servicesPath, body: service('svc-lb', { type: 'LoadBalancer', selector: { app: 'x' }, ports: [{ port: 443 }] }) }, checks: [code, same] },
  { name: 'create an ExternalName Service', request: { method: 'POST', path: servicesPath, body: service('svc-ext', { type: 'ExternalName', externalName: 'example.com' }) }, checks: [code, same] },
  { name: 'create a headless Service', request: { method: 'POST', path: servicesPath, body: service('svc-headless', { clusterIP: 'None', selector: { app: 'x' }, ports: [{ port: 80 }] }) }, checks: [code, same] },
  { name: 'a Service name that is no DNS-1035 label, without ports', request: { method: 'POST', path: servicesPath, body: service('1svc', {}) }, checks: refused },
  { name: 'a Service port out of range', request: { method: 'POST', path: servicesPath, body: service('svc-port0', { ports: [{ port: 0 }] }) }, checks: refused },
  {
    name: 'a Service update without its clusterIP keeps it',
    setup: [{ method: 'POST', path: servicesPath, body: service('svc-keep', { selector: { app: 'x' }, ports: [{ port: 80 }] }) }],
    request: { method: 'PATCH', path: `${servicesPath}/svc-keep`, contentType: 'application/merge-patch+json', body: { spec: { selector: { app: 'y' } } } },
    then: [{ path: `${servicesPath}/svc-keep` }],
    checks: [code, same, object(ownValues, (o) => o.followUps[0])],
  },

  // ConfigMaps and Secrets
  { name: 'create a ConfigMap', request: { method: 'POST', path: configMapsPath, body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('cm-1'), data: { 'log.level': 'debug' }, binaryData: { blob: 'aGVsbG8=' } } }, checks: [code, same] },
  { name: 'a ConfigMap key with a slash', request: { method: 'POST', path: configMapsPath, body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('cm-bad'), data: { 'a/b': '1' } } }, checks: refused },
  { name: 'a ConfigMap value that is not a string', request: { method: 'POST', path: configMapsPath, body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('cm-num'), data: { a: 1 } } }, checks: [code, reason] },
  {
    name: 'create a Secret: Opaque, stringData folded into data',
    request: { method: 'POST', path: secretsPath, body: { apiVersion: 'v1', kind: 'Secret', metadata: meta('secret-1'), data: { a: 'aGVsbG8=' }, stringData: { b: 'world', a: 'over' } } },
    checks: [code, same],
  },
  { name: 'a Secret value that is not base64', request: { method: 'POST', path: secretsPath, body: { apiVersion: 'v1', kind: 'Secret', metadata: meta('secret-bad'), data: { a: 'not base64!' } } }, checks: [code, reason] },
  { name: 'a Secret key with a space', request: { method: 'POST', path: secretsPath, body: { apiVersion: 'v1', kind: 'Secret', metadata: meta('secret-key'), data: { 'bad key': 'aGVsbG8=' } } }, checks: refused },
  { name: 'create a ServiceAccount', request: { method: 'POST', path: core('serviceaccounts'), body: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('robot') } }, checks: [code, same] },

  // Jobs, CronJobs, StatefulSets
  { name: 'create a Job (selector and labels from its uid, defaults)', request: { method: 'POST', path: jobsPath, body: job('job-1') }, checks: [code, same] },
  { name: 'create a Job with parallelism only', request: { method: 'POST', path: jobsPath, body: job('job-par', { parallelism: 2, template: { spec: podSpec('OnFailure') } }) }, checks: [code, same] },
  { name: 'a Job without restartPolicy', request: { method: 'POST', path: jobsPath, body: job('job-always', { template: { spec: podSpec() } }) }, checks: refused },
  {
    name: 'create a CronJob in batch/v1beta1',
    request: { method: 'POST', path: cronJobsPath, body: { apiVersion: 'batch/v1beta1', kind: 'CronJob', metadata: meta('cron-1'), spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: podSpec('Never') } } } } } },
    checks: [code, same],
  },
  {
    name: 'a CronJob with a schedule of one field',
    request: { method: 'POST', path: cronJobsPath, body: { apiVersion: 'batch/v1beta1', kind: 'CronJob', metadata: meta('cron-bad'), spec: { schedule: 'bogus', jobTemplate: { spec: { template: { spec: podSpec('Never') } } } } } },
    checks: refused,
  },
  // Where the two servers differ on purpose: the sandbox is a 1.32 cluster, which serves CronJobs
  // at batch/v1 and EndpointSlices at discovery.k8s.io/v1 (GA in 1.21); 1.20 has only v1beta1,
  // which the sandbox serves too so that the cases above can compare them.
  { name: 'CronJobs in batch/v1: not served by 1.20, served by the sandbox as by 1.32', request: { path: `/apis/batch/v1/namespaces/${NS}/cronjobs` }, checks: [servedOnlyBySandboxCheck()] },
  { name: 'EndpointSlices in discovery.k8s.io/v1: not served by 1.20, served by the sandbox as by 1.32', request: { path: `/apis/discovery.k8s.io/v1/namespaces/${NS}/endpointslices` }, checks: [servedOnlyBySandboxCheck()] },
  {
    name: 'discovery of discovery.k8s.io: v1beta1 on 1.20; v1 preferred, then v1beta1, in the sandbox',
    request: { path: '/apis/discovery.k8s.io' },
    checks: [code, versionsDiffer(['v1beta1'], ['v1', 'v1beta1'])],
  },
  {
    name: 'create a StatefulSet (defaults, generation, status)',
    request: {
      method: 'POST',
      path: statefulSetsPath,
      body: { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: meta('sts-0'), spec: { replicas: 0, selector: { matchLabels: { app: 'sts-0' } }, template: { metadata: { labels: { app: 'sts-0' } }, spec: podSpec() } } },
    },
    checks: [code, same],
  },

  // Tables (only this file's objects: the real server's token controller adds Secrets of its own)
  ...(
    [
      ['services', servicesPath],
      ['configmaps', configMapsPath],
      ['secrets', secretsPath],
      ['serviceaccounts', core('serviceaccounts')],
      ['endpoints', core('endpoints')],
      ['jobs', jobsPath],
      ['cronjobs', cronJobsPath],
      ['statefulsets', statefulSetsPath],
      // A headless Service without ipFamilies gets an IPv4 and an IPv6 slice on 1.20 only (later
      // versions default its ipFamilies to the cluster's one): left out here.
      ['endpointslices', `${slicesPath}?labelSelector=${encodeURIComponent('diff-kinds=yes,!service.kubernetes.io/headless')}`],
    ] as const
  ).map(([what, path]): Case => ({
    name: `Table for ${what}`,
    ...(what === 'endpoints' ? { settle: endpointsOfEveryService } : what === 'endpointslices' ? { settle: slicesOfEveryService } : {}),
    request: { path: path.includes('?') ? path : `${path}?labelSelector=diff-kinds%3Dyes`, accept: TABLE },
    checks: [code, columns, tableCells(what)],
  })),

  // Discovery of the new kinds
  // The batch group lists v1 (preferred) and v1beta1 on both; only what v1 holds differs (below).
  { name: 'discovery of the batch group', request: { path: '/apis/batch' }, checks: [code, object((o: Json) => ({ versions: o?.versions, preferred: o?.preferredVersion }))] },
  {
    name: 'discovery of batch/v1: jobs on 1.20; jobs and cronjobs in the sandbox, as on 1.32',
    request: { path: '/apis/batch/v1' },
    checks: [code, resourcesDiffer(['jobs', 'jobs/status'], ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status'])],
  },
  ...(
    [
      ['/api/v1', ['services', 'endpoints', 'configmaps', 'secrets', 'serviceaccounts']],
      ['/apis/apps/v1', ['statefulsets']],
      ['/apis/batch/v1', ['jobs']],
      ['/apis/batch/v1beta1', ['cronjobs']],
      ['/apis/discovery.k8s.io/v1beta1', ['endpointslices']],
    ] as const
  ).map(([path, resources]): Case => ({ name: `discovery of ${resources.join(', ')}`, request: { path }, checks: [code, object(discovered(resources))] })),
];

/** A path 1.20 does not serve (404) and the sandbox, being 1.32, does. */
function servedOnlyBySandboxCheck(): Check {
  return {
    label: 'served only by the sandbox (1.32)',
    run: (a, b) => {
      expect(a.response.status).toBe(404);
      expect(b.response.status, b.response.text.slice(0, 300)).toBe(200);
    },
  };
}

/** An API group whose versions differ between 1.20 and 1.32, each side as expected; the first is preferred. */
function versionsDiffer(real: string[], sandbox: string[]): Check {
  const versions = (o: Json) => ({ versions: (o?.versions ?? []).map((v: Json) => v.version), preferred: o?.preferredVersion?.version });
  return {
    label: 'group versions (1.20 vs 1.32)',
    run: (a, b) => {
      expect(versions(a.response.json)).toEqual({ versions: real, preferred: real[0] });
      expect(versions(b.response.json)).toEqual({ versions: sandbox, preferred: sandbox[0] });
    },
  };
}

/** A group version whose resources differ between 1.20 and 1.32, each side as expected. */
function resourcesDiffer(real: string[], sandbox: string[]): Check {
  const names = (o: Json) => (o?.resources ?? []).map((r: Json) => r.name).sort();
  return {
    label: 'resources (1.20 vs 1.32)',
    run: (a, b) => {
      expect(names(a.response.json)).toEqual(real);
      expect(names(b.response.json)).toEqual(sandbox);
    },
  };
}

/** The discovery entries of some resources: names, kinds, scope, verbs, short names, categories. */
function discovered(resources: readonly string[]) {
  return (o: Json) =>
    (o?.resources ?? [])
      .filter((r: Json) => resources.some((name) => r.name === name || r.name.startsWith(`${name}/`)))
      .filter((r: Json) => !/\/(proxy|token)$/.test(r.name))
      .map((r: Json) => ({ name: r.name, kind: r.kind, namespaced: r.namespaced, verbs: [...r.verbs].sort(), shortNames: r.shortNames, categories: r.categories }))
      .sort((a: Json, b: Json) => a.name.localeCompare(b.name));
}

/** Cells that hold neither addresses nor ages must read the same. */
function tableCells(what: string): Check {
  return {
    label: 'Table cells',
    run: (a, b) => {
      const cols = (a.response.json?.columnDefinitions ?? []).map((c: Json) => c.name);
      const skip = new Set(['Age', 'Cluster-IP', 'Port(s)', 'Endpoints', 'Duration', 'Last Schedule', 'Selector', 'Name']);
      // 1.20's token controller gives every ServiceAccount a token Secret; from 1.24 on there is none.
      if (what === 'serviceaccounts') skip.add('Secrets');
      const cells = (o: typeof a) =>
        (o.response.json?.rows ?? [])
          .map((r: Json) => r.cells.filter((_: unknown, i: number) => !skip.has(cols[i])))
          .sort((x: unknown[], y: unknown[]) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
      expect(cells(b), what).toEqual(cells(a));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Controllers: what the endpoints, Job and StatefulSet controllers and the namespace controller do.

const worker = (name: string) => workerNode(name, { 'topology.kubernetes.io/zone': 'us-east-1a' });

const runnable = (labels: Record<string, string>, restartPolicy?: string) => ({
  metadata: { labels },
  spec: {
    ...(restartPolicy ? { restartPolicy } : {}),
    nodeSelector: { 'diff-role': 'worker' },
    terminationGracePeriodSeconds: 0,
    containers: [{ name: 'app', image: 'nginx:1.27', ports: [{ name: 'http', containerPort: 8080 }], resources: { requests: { cpu: '10m' } } }],
  },
});

const get = async (server: Server, path: string) => (await send(server, { path })).json;

/** The endpoints controller has caught up: exactly the Services of this file with a selector have Endpoints. */
async function endpointsOfEveryService(server: Server): Promise<void> {
  const names = (path: string) => get(server, `${path}?labelSelector=diff-kinds%3Dyes`).then((l) => l.items);
  await until(`${server.name}: Endpoints for every Service with a selector`, async () => {
    const services = (await names(servicesPath)).filter((s: Json) => s.spec.selector).map((s: Json) => s.metadata.name);
    const endpoints = new Set((await names(core('endpoints'))).map((e: Json) => e.metadata.name));
    return (services.length === endpoints.size && services.every((n: string) => endpoints.has(n))) || undefined;
  }, 30_000);
}

/** The slice controller is as late as the endpoints one: every listed Service with a selector has its slice. */
async function slicesOfEveryService(server: Server): Promise<void> {
  await until(`${server.name}: an EndpointSlice for every Service with a selector`, async () => {
    const services = (await get(server, `${servicesPath}?labelSelector=${encodeURIComponent('diff-kinds=yes,!service.kubernetes.io/headless')}`)).items
      .filter((s: Json) => s.spec.selector && s.spec.clusterIP !== 'None')
      .map((s: Json) => s.metadata.name);
    const sliced = new Set(
      (await get(server, `${slicesPath}?labelSelector=${encodeURIComponent('diff-kinds=yes,!service.kubernetes.io/headless')}`)).items.map(
        (e: Json) => e.metadata.labels?.['kubernetes.io/service-name'],
      ),
    );
    return services.every((n: string) => sliced.has(n)) || undefined;
  }, 30_000);
}

async function endpointsOf(server: Server) {
  for (const n of ['diff-worker-1', 'diff-worker-2']) await send(server, { method: 'POST', path: '/api/v1/nodes', body: worker(n) });
  await send(server, {
    method: 'POST',
    path: `/apis/apps/v1/namespaces/${NS}/deployments`,
    body: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'ep-app' }, spec: { replicas: 2, selector: { matchLabels: { app: 'ep-app' } }, template: runnable({ app: 'ep-app' }) } },
  });
  await send(server, { method: 'POST', path: servicesPath, body: service('ep-svc', { selector: { app: 'ep-app' }, ports: [{ name: 'web', port: 80, targetPort: 'http' }, { name: 'raw', port: 81 }] }) });
  const pods = await until(`${server.name}: two running pods`, async () =>
    ((l) => (l?.items?.length === 2 && l.items.every((p: Json) => p.status.podIP) ? l.items : undefined))(await get(server, `${core('pods')}?labelSelector=app%3Dep-app`)),
  );
  const ep = await until(`${server.name}: two ready endpoints`, async () => ((e) => (e?.subsets?.[0]?.addresses?.length === 2 ? e : undefined))(await get(server, `${core('endpoints')}/ep-svc`)));
  const slice = await until(`${server.name}: a slice with two endpoints`, async () =>
    ((l) => (l?.items?.[0]?.endpoints?.length === 2 ? l.items[0] : undefined))(await get(server, `${slicesPath}?labelSelector=kubernetes.io%2Fservice-name%3Dep-svc`)),
  );
  const ips = pods.map((p: Json) => p.status.podIP).sort();
  return {
    endpoints: {
      labels: ep.metadata.labels,
      ips: ep.subsets[0].addresses.map((a: Json) => a.ip).sort(),
      // Which node each pod landed on is each scheduler's choice: each address must name its pod's node.
      nodes: ep.subsets[0].addresses.map((a: Json) => (a.nodeName === pods.find((p: Json) => p.metadata.name === a.targetRef.name)?.spec.nodeName ? '<the pod node>' : a.nodeName)),
      targets: ep.subsets[0].addresses.map((a: Json) => `${a.targetRef.kind}/${a.targetRef.namespace}`),
      ports: [...ep.subsets[0].ports].sort((x: Json, y: Json) => x.name.localeCompare(y.name)),
      notReady: ep.subsets[0].notReadyAddresses,
    },
    slice: {
      generateName: slice.metadata.generateName,
      labels: slice.metadata.labels,
      owner: slice.metadata.ownerReferences.map((r: Json) => ({ ...r, uid: r.uid === ep.metadata.uid ? '' : '<service uid>' })),
      addressType: slice.addressType,
      ports: [...slice.ports].sort((x: Json, y: Json) => x.name.localeCompare(y.name)),
      // Which node each pod landed on is each scheduler's choice: the hostname must be the pod's node.
      endpoints: slice.endpoints
        .map((e: Json) => {
          const node = pods.find((p: Json) => p.metadata.name === e.targetRef.name)?.spec.nodeName;
          const topology = { ...e.topology, 'kubernetes.io/hostname': e.topology['kubernetes.io/hostname'] === node ? '<the pod node>' : e.topology['kubernetes.io/hostname'] };
          return { conditions: e.conditions, topology, target: e.targetRef.kind, count: e.addresses.length };
        })
        .sort((x: Json, y: Json) => JSON.stringify(x).localeCompare(JSON.stringify(y))),
      ips: slice.endpoints.map((e: Json) => e.addresses[0]).sort(),
    },
    podIps: ips,
  };
}

async function jobPod(server: Server) {
  await send(server, { method: 'POST', path: jobsPath, body: job('run-once', { template: runnable({ app: 'run-once' }, 'Never') }) });
  const j = await get(server, `${jobsPath}/run-once`);
  const pod = await until(`${server.name}: the Job's pod`, async () => (await get(server, `${core('pods')}?labelSelector=job-name%3Drun-once`))?.items?.[0]);
  const uid = j.metadata.uid;
  const strip = (o: Json) => JSON.parse(JSON.stringify(o).split(uid).join('<job uid>'));
  return strip({ generateName: pod.metadata.generateName, labels: pod.metadata.labels, owners: pod.metadata.ownerReferences, restartPolicy: pod.spec.restartPolicy });
}

async function statefulSet(server: Server) {
  await send(server, {
    method: 'POST',
    path: statefulSetsPath,
    body: { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' }, spec: { serviceName: 'db', replicas: 2, selector: { matchLabels: { app: 'db' } }, template: runnable({ app: 'db' }) } },
  });
  const sts = await until(`${server.name}: db ready`, async () => ((s) => (s?.status?.readyReplicas === 2 && s.status.currentRevision === s.status.updateRevision ? s : undefined))(await get(server, `${statefulSetsPath}/db`)));
  const pods = (await get(server, `${core('pods')}?labelSelector=app%3Ddb`)).items;
  const rev = sts.status.updateRevision;
  return {
    status: { ...sts.status, currentRevision: sts.status.currentRevision === rev, updateRevision: rev.startsWith('db-') },
    pods: pods.map((p: Json) => ({
      name: p.metadata.name,
      generateName: p.metadata.generateName,
      labels: { ...p.metadata.labels, 'controller-revision-hash': p.metadata.labels['controller-revision-hash'] === rev },
      owner: p.metadata.ownerReferences.map((r: Json) => `${r.apiVersion} ${r.kind} ${r.name} ${r.controller}`),
      hostname: p.spec.hostname,
      subdomain: p.spec.subdomain,
    })),
  };
}

async function namespaceDeletion(server: Server) {
  const ns = 'diff-doomed';
  await send(server, { method: 'POST', path: '/api/v1/namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } });
  await send(server, { method: 'POST', path: `/api/v1/namespaces/${ns}/configmaps`, body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } } });
  const deleted = await send(server, { method: 'DELETE', path: `/api/v1/namespaces/${ns}` });
  const createLate = await send(server, { method: 'POST', path: `/api/v1/namespaces/${ns}/configmaps`, body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'late' } } });
  await until(`${server.name}: ${ns} gone`, async () => ((await send(server, { path: `/api/v1/namespaces/${ns}` })).status === 404 ? true : undefined), 90_000);
  const left = await send(server, { path: `/api/v1/namespaces/${ns}/configmaps` });
  return {
    deleted: { status: deleted.status, kind: deleted.json?.kind, phase: deleted.json?.status?.phase, marked: Boolean(deleted.json?.metadata?.deletionTimestamp) },
    createLate: { status: createLate.status, reason: createLate.json?.reason, message: createLate.json?.message },
    left: left.json?.items?.length,
  };
}

const deploymentsPath = `/apis/apps/v1/namespaces/${NS}/deployments`;
const replicaSetsPath = `/apis/apps/v1/namespaces/${NS}/replicasets`;
const deleteOptions = (propagationPolicy: string) => ({ kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy });
const gone = (server: Server, path: string) => until(`${server.name}: ${path} gone`, async () => ((await send(server, { path })).status === 404 ? true : undefined), 90_000);

/** What a DELETE answered: a Status, or the object kept behind a finalizer. */
const answered = (r: { status: number; json: Json }) => ({ status: r.status, kind: r.json?.kind, finalizers: r.json?.metadata?.finalizers, marked: Boolean(r.json?.metadata?.deletionTimestamp), grace: r.json?.metadata?.deletionGracePeriodSeconds });

/**
 * A Deployment of two running pods deleted with a propagation policy (none: apps/v1's default,
 * background), then what the garbage collector left once it settled.
 */
async function deploymentCascade(server: Server, name: string, policy?: string) {
  for (const n of ['diff-worker-1', 'diff-worker-2']) await send(server, { method: 'POST', path: '/api/v1/nodes', body: worker(n) });
  await send(server, { method: 'POST', path: deploymentsPath, body: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name }, spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: runnable({ app: name }) } } });
  const podsPath = `${core('pods')}?labelSelector=app%3D${name}`;
  const rsPath = `${replicaSetsPath}?labelSelector=app%3D${name}`;
  await until(`${server.name}: ${name} running`, async () => ((l) => (l?.items?.length === 2 && l.items.every((p: Json) => p.status?.phase === 'Running') ? true : undefined))(await get(server, podsPath)));
  const deleted = await send(server, { method: 'DELETE', path: `${deploymentsPath}/${name}`, ...(policy ? { body: deleteOptions(policy) } : {}) });
  await gone(server, `${deploymentsPath}/${name}`);
  const settled = await until(`${server.name}: ${name} settled`, async () => {
    const rs = (await get(server, rsPath)).items;
    const pods = (await get(server, podsPath)).items;
    if (policy === 'Orphan') return rs.length === 1 && !rs[0].metadata.ownerReferences ? { rs, pods } : undefined;
    return rs.length === 0 && pods.length === 0 ? { rs, pods } : undefined;
  });
  return {
    deleted: answered(deleted),
    replicaSets: settled.rs.map((r: Json) => ({ owners: r.metadata.ownerReferences ?? null, replicas: r.spec.replicas })),
    pods: settled.pods.map((p: Json) => ({ owners: p.metadata.ownerReferences.map((o: Json) => `${o.kind} ${o.controller}`), deleting: Boolean(p.metadata.deletionTimestamp) })),
  };
}

/** A Job with a pod deleted without options (batch/v1's default: orphan) or in the background. */
async function jobCascade(server: Server, name: string, policy?: string) {
  for (const n of ['diff-worker-1', 'diff-worker-2']) await send(server, { method: 'POST', path: '/api/v1/nodes', body: worker(n) });
  await send(server, { method: 'POST', path: jobsPath, body: job(name, { template: runnable({ app: name }, 'Never') }) });
  const podsPath = `${core('pods')}?labelSelector=job-name%3D${name}`;
  await until(`${server.name}: ${name} pod`, async () => ((await get(server, podsPath))?.items?.length === 1 ? true : undefined));
  const deleted = await send(server, { method: 'DELETE', path: `${jobsPath}/${name}`, ...(policy ? { body: deleteOptions(policy) } : {}) });
  await gone(server, `${jobsPath}/${name}`);
  const pods = await until(`${server.name}: ${name} settled`, async () => {
    const items = (await get(server, podsPath)).items;
    if (policy === 'Background') return items.length === 0 ? items : undefined;
    return items.length === 1 && !items[0].metadata.ownerReferences ? items : undefined;
  });
  return { deleted: answered(deleted), pods: pods.length };
}

export function kindControllerCases(pair: () => Pair) {
  describeCascades(pair);

  it('a Service gets Endpoints and an EndpointSlice of its ready pods, named ports resolved', async () => {
    const [real, sandbox] = await Promise.all([endpointsOf(pair().real), endpointsOf(pair().sandbox)]);
    expect(real.endpoints.ips).toEqual(real.podIps);
    expect(sandbox.endpoints.ips).toEqual(sandbox.podIps);
    expect(sandbox.slice.ips).toEqual(sandbox.podIps);
    const shape = (r: typeof real) => ({ endpoints: { ...r.endpoints, ips: r.endpoints.ips.length }, slice: { ...r.slice, ips: r.slice.ips.length } });
    expect(diffPaths(shape(real), shape(sandbox)), 'paths that differ (path: real → sandbox)').toEqual([]);
  }, 120_000);

  it("a Job's pod: generateName, labels and owner", async () => {
    const [real, sandbox] = await Promise.all([jobPod(pair().real), jobPod(pair().sandbox)]);
    expect(diffPaths(real, sandbox), 'paths that differ (path: real → sandbox)').toEqual([]);
  }, 90_000);

  it('a StatefulSet of two: pods db-0 and db-1 with hostname, subdomain, labels, and the same status', async () => {
    const [real, sandbox] = await Promise.all([statefulSet(pair().real), statefulSet(pair().sandbox)]);
    expect(real.pods.map((p: Json) => p.name)).toEqual(['db-0', 'db-1']);
    expect(diffPaths(real, sandbox), 'paths that differ (path: real → sandbox)').toEqual([]);
  }, 120_000);

  it('deleting a namespace: Terminating at once, new content refused, then it and its objects are gone', async () => {
    const [real, sandbox] = await Promise.all([namespaceDeletion(pair().real), namespaceDeletion(pair().sandbox)]);
    expect(real.deleted).toEqual({ status: 200, kind: 'Namespace', phase: 'Terminating', marked: true });
    expect(diffPaths(real, sandbox), 'paths that differ (path: real → sandbox)').toEqual([]);
  }, 120_000);
}

/** The garbage collector: kube-controller-manager's on 1.20, sim/garbage-collector.ts in the sandbox. */
function describeCascades(pair: () => Pair) {
  for (const [policy, name] of [[undefined, 'gc-default'], ['Background', 'gc-background'], ['Orphan', 'gc-orphan'], ['Foreground', 'gc-foreground']] as const) {
    it(`deleting a Deployment (${policy ?? 'no policy: background'}): what the answer says and what the collector leaves`, async () => {
      const [real, sandbox] = await Promise.all([deploymentCascade(pair().real, name, policy), deploymentCascade(pair().sandbox, name, policy)]);
      if (policy === 'Orphan') expect(real.deleted.finalizers).toEqual(['orphan']);
      if (policy === 'Foreground') expect(real.deleted.finalizers).toEqual(['foregroundDeletion']);
      expect(diffPaths(real, sandbox), 'paths that differ (path: real → sandbox)').toEqual([]);
    }, 150_000);
  }
  for (const [policy, name] of [[undefined, 'gc-job-default'], ['Background', 'gc-job-background']] as const) {
    it(`deleting a batch/v1 Job (${policy ?? 'no policy: orphan, for compatibility'}): its pod ${policy ? 'goes' : 'stays, unowned'}`, async () => {
      const [real, sandbox] = await Promise.all([jobCascade(pair().real, name, policy), jobCascade(pair().sandbox, name, policy)]);
      expect(real.pods).toBe(policy ? 0 : 1);
      expect(diffPaths(real, sandbox), 'paths that differ (path: real → sandbox)').toEqual([]);
    }, 150_000);
  }
}
