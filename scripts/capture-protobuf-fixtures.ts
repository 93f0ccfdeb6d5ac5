// Captures the protobuf request bodies the real kubectl sends, for the decoder's unit tests
// (lib/sandbox/kube-api/protobuf.test.ts). A small proxy in front of a running sandbox records every
// `application/vnd.kubernetes.protobuf` body; for each `create`/`run` the same command with
// `--dry-run=client -o json` gives the JSON object kubectl built, which is what the decoder must
// produce from the bytes.
//
// With a second kubeconfig for a real API server (scripts/kube/up.sh DIR writes DIR/kubeconfig), it
// also creates a Pod, a Deployment and a Service there whose specs use most of what the types
// offer, and reads each back twice, as protobuf and as JSON: Go's own encoder on both sides,
// including what only the server writes (status, managedFields, timestamps).
//
//   npm run sandbox &   # or any sandbox: SANDBOX_DIR=/tmp/sb npx tsx lib/sandbox/main.ts
//   bash scripts/kube/up.sh /tmp/real
//   npx tsx scripts/capture-protobuf-fixtures.ts .sandbox/kubeconfig /tmp/real/kubeconfig > lib/sandbox/kube-api/protobuf.fixtures.json
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';

const [kubeconfig, realKubeconfig] = process.argv.slice(2);
if (!kubeconfig) {
  console.error('usage: tsx scripts/capture-protobuf-fixtures.ts <sandbox kubeconfig> [<real API server kubeconfig>]');
  process.exit(2);
}
const upstream = new URL(/server:\s*(\S+)/.exec(fs.readFileSync(kubeconfig, 'utf8'))![1]);
const NS = 'capture';

/**
 * A PodSpec with most of what the type offers (volumes, probes, env sources, resources, security
 * contexts, affinity, tolerations, spread), within what a 1.20 API server knows and schedulable on
 * the real tier's stand-in nodes, so the server writes status too.
 */
const RICH_POD_SPEC = {
  volumes: [
    { name: 'cache', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
    { name: 'settings', configMap: { name: 'settings', items: [{ key: 'a', path: 'a.txt', mode: 0o644 }], defaultMode: 0o440 } },
    { name: 'creds', secret: { secretName: 'creds', optional: true } },
    { name: 'token', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3600, audience: 'sts.amazonaws.com' } }] } },
  ],
  initContainers: [{ name: 'init', image: 'busybox:1.36', command: ['sh', '-c', 'true'] }],
  containers: [
    {
      name: 'rich',
      image: 'nginx:1.27',
      ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
      env: [
        { name: 'PLAIN', value: 'x' },
        { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
        { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '1m' } } },
        { name: 'SECRET', valueFrom: { secretKeyRef: { name: 'creds', key: 'password', optional: false } } },
      ],
      envFrom: [{ configMapRef: { name: 'settings' }, prefix: 'CFG_' }],
      resources: { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '1', memory: '128Mi', 'nvidia.com/gpu': '1' } },
      volumeMounts: [{ name: 'cache', mountPath: '/cache' }, { name: 'settings', mountPath: '/etc/settings', readOnly: true }],
      livenessProbe: { httpGet: { path: '/healthz', port: 'http', httpHeaders: [{ name: 'X-Probe', value: '1' }] }, initialDelaySeconds: 5, periodSeconds: 10, failureThreshold: 3 },
      readinessProbe: { tcpSocket: { port: 8080 }, timeoutSeconds: 2, successThreshold: 1 },
      startupProbe: { exec: { command: ['cat', '/tmp/ready'] }, failureThreshold: 30 },
      lifecycle: { preStop: { exec: { command: ['sleep', '5'] } }, postStart: { exec: { command: ['true'] } } },
      securityContext: { runAsNonRoot: true, runAsUser: 1000, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] }, seccompProfile: { type: 'RuntimeDefault' } },
      imagePullPolicy: 'Always',
    },
  ],
  restartPolicy: 'Always',
  terminationGracePeriodSeconds: 45,
  activeDeadlineSeconds: 600,
  dnsPolicy: 'ClusterFirst',
  serviceAccountName: 'default',
  automountServiceAccountToken: false,
  securityContext: { fsGroup: 2000, runAsGroup: 3000, sysctls: [{ name: 'net.core.somaxconn', value: '1024' }] },
  imagePullSecrets: [{ name: 'registry' }],
  hostname: 'rich',
  affinity: {
    nodeAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, preference: { matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'NotIn', values: ['us-west-2d'] }] } }],
    },
    podAntiAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'rich' } }, topologyKey: 'kubernetes.io/hostname' }],
      preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: { labelSelector: { matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, namespaces: ['apps'], topologyKey: 'topology.kubernetes.io/zone' } }],
    },
  },
  tolerations: [
    { key: 'CriticalAddonsOnly', operator: 'Exists' },
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    { operator: 'Exists' },
  ],
  enableServiceLinks: false,
  topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'rich' } } }],
};

/**
 * Fixtures: name, the command, whether `--dry-run=client -o json` gives the expected object.
 * (kubectl 1.32's `run` and `expose` send JSON, so they are not here; a rich PodSpec is read back
 * from a real API server instead, below.)
 */
const COMMANDS: { name: string; args: string[]; expected: boolean }[] = [
  { name: 'namespace', args: ['create', 'namespace', 'team-a'], expected: true },
  { name: 'deployment', args: ['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=2', '--port=80', '-n', NS], expected: true },
  { name: 'configmap', args: ['create', 'configmap', 'settings', '--from-literal=a=1', '--from-literal=b=two words', '-n', NS], expected: true },
  { name: 'secret', args: ['create', 'secret', 'generic', 'creds', '--from-literal=password=s3cr3t', '--from-literal=empty=', '-n', NS], expected: true },
  { name: 'job', args: ['create', 'job', 'once', '--image=busybox:1.36', '-n', NS, '--', 'echo', 'hi'], expected: true },
  { name: 'cronjob', args: ['create', 'cronjob', 'nightly', '--image=busybox:1.36', '--schedule=0 3 * * *', '--restart=OnFailure', '-n', NS, '--', 'echo', 'hi'], expected: true },
  { name: 'serviceaccount', args: ['create', 'serviceaccount', 'robot', '-n', NS], expected: true },
  { name: 'service-clusterip', args: ['create', 'service', 'clusterip', 'web', '--tcp=80:8080', '--tcp=443:https', '-n', NS], expected: true },
  { name: 'service-nodeport', args: ['create', 'service', 'nodeport', 'edge', '--tcp=80:8080', '--node-port=30080', '-n', NS], expected: true },
  { name: 'pdb', args: ['create', 'poddisruptionbudget', 'web', '--selector=app=web', '--min-available=50%', '-n', NS], expected: true },
  { name: 'role', args: ['create', 'role', 'reader', '--verb=get,list', '--resource=pods,deployments.apps', '--resource-name=web', '-n', NS], expected: true },
  { name: 'clusterrole-aggregated', args: ['create', 'clusterrole', 'aggregate', '--aggregation-rule=team=a'], expected: true },
  { name: 'rolebinding', args: ['create', 'rolebinding', 'readers', '--role=reader', '--user=alice', '--group=viewers', '--serviceaccount=capture:robot', '-n', NS], expected: true },
  { name: 'access-review', args: ['auth', 'can-i', 'create', 'pods', '--subresource=eviction', '-n', NS], expected: false },
  { name: 'rules-review', args: ['auth', 'can-i', '--list', '-n', NS], expected: false },
];

interface Captured {
  method: string;
  path: string;
  body: Buffer;
}
const captured: Captured[] = [];

const proxy = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    if ((req.headers['content-type'] ?? '').startsWith('application/vnd.kubernetes.protobuf')) captured.push({ method: req.method!, path: req.url!, body });
    const out = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode!, up.headers);
      up.pipe(res);
    });
    out.on('error', () => res.destroy());
    out.end(body);
  });
});

async function main() {
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  const port = (proxy.address() as { port: number }).port;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'capture-'));
  const config = path.join(dir, 'kubeconfig');
  fs.writeFileSync(config, fs.readFileSync(kubeconfig, 'utf8').replace(/server:\s*\S+/, `server: http://127.0.0.1:${port}`));
  const kubectl = (args: string[]) =>
    new Promise<string>((resolve) => execFile('/usr/bin/kubectl', [`--kubeconfig=${config}`, `--cache-dir=${dir}/cache`, ...args], (_err, stdout) => resolve(stdout)));
  await kubectl(['create', 'namespace', NS]);

  const fixtures = [];
  for (const c of COMMANDS) {
    // Flags go before `--`, after which everything is the container's command.
    const dash = c.args.includes('--') ? c.args.indexOf('--') : c.args.length;
    const dryRun = [...c.args.slice(0, dash), '--dry-run=client', '-o', 'json', ...c.args.slice(dash)];
    const expected = c.expected ? JSON.parse(await kubectl(dryRun)) : null;
    captured.length = 0;
    await kubectl(c.args);
    const body = captured.find((b) => b.method === 'POST');
    if (!body) {
      console.error(`skipped: kubectl ${c.args.join(' ')} sent no protobuf body`);
      continue;
    }
    fixtures.push({ name: c.name, command: ['kubectl', ...c.args].join(' '), method: body.method, path: body.path, protobuf: body.body.toString('base64'), expected });
  }

  // kubectl drain --disable-eviction deletes each pod with a protobuf DeleteOptions body.
  const node = JSON.parse(await kubectl(['get', 'nodes', '-l', 'eks.amazonaws.com/nodegroup=general-pool', '-o', 'json'])).items[0].metadata.name;
  captured.length = 0;
  await kubectl(['drain', node, '--disable-eviction', '--ignore-daemonsets', '--delete-emptydir-data', '--force', '--grace-period=7', '--timeout=20s']);
  await kubectl(['uncordon', node]);
  const del = captured.find((b) => b.method === 'DELETE');
  if (!del) throw new Error('kubectl drain --disable-eviction sent no protobuf DeleteOptions');
  fixtures.push({ name: 'delete-options', command: `kubectl drain ${node} --disable-eviction --ignore-daemonsets --delete-emptydir-data --force --grace-period=7`, method: del.method, path: del.path, protobuf: del.body.toString('base64'), expected: null });

  if (realKubeconfig) fixtures.push(...(await readBackFromServer(realKubeconfig)));

  process.stdout.write(`${JSON.stringify({ kubectl: execFileSync('/usr/bin/kubectl', ['version', '--client', '-o', 'json'], { encoding: 'utf8' }).match(/"gitVersion":\s*"([^"]+)"/)?.[1], fixtures }, null, 1)}\n`);
  proxy.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

async function readBackFromServer(config: string) {
  const kc = yaml.load(fs.readFileSync(config, 'utf8')) as { clusters: { cluster: { server: string } }[]; users: { user: { token: string } }[] };
  const server = new URL(kc.clusters[0].cluster.server);
  const token = kc.users[0].user.token;
  const get = (p: string, accept: string) =>
    new Promise<Buffer>((resolve, reject) => {
      const req = https.request({ host: server.hostname, port: server.port, path: p, headers: { Authorization: `Bearer ${token}`, Accept: accept }, rejectUnauthorized: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`GET ${p}: ${res.statusCode} ${Buffer.concat(chunks)}`))));
      });
      req.on('error', reject);
      req.end();
    });
  const kubectl = (args: string[], input?: string) => execFileSync('/usr/bin/kubectl', [`--kubeconfig=${config}`, ...args], { encoding: 'utf8', input });
  const objects = [
    { name: 'server-pod', path: `/api/v1/namespaces/${NS}/pods/rich`, object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'rich', namespace: NS, labels: { app: 'rich' }, annotations: { note: 'read back' } }, spec: RICH_POD_SPEC } },
    {
      name: 'server-deployment',
      path: `/apis/apps/v1/namespaces/${NS}/deployments/rich`,
      object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'rich', namespace: NS }, spec: { replicas: 0, revisionHistoryLimit: 3, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '50%', maxUnavailable: 0 } }, selector: { matchLabels: { app: 'rich-deploy' } }, template: { metadata: { labels: { app: 'rich-deploy' } }, spec: { ...RICH_POD_SPEC, activeDeadlineSeconds: undefined } } } },
    },
    {
      name: 'server-service',
      path: `/api/v1/namespaces/${NS}/services/rich`,
      object: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'rich', namespace: NS }, spec: { type: 'NodePort', selector: { app: 'rich' }, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }, { name: 'metrics', port: 9090, targetPort: 9090, protocol: 'TCP' }], sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 600 } }, externalTrafficPolicy: 'Local' } },
    },
  ];
  kubectl(['apply', '-f', '-'], kubectl(['create', 'namespace', NS, '--dry-run=client', '-o', 'yaml']));
  for (const o of objects) kubectl(['create', '--validate=false', '-f', '-'], JSON.stringify(o.object));
  await new Promise((r) => setTimeout(r, 5000)); // scheduled, started and reported by the node stand-in
  const out = [];
  for (const o of objects) {
    // The two reads must see the same resourceVersion (status keeps moving for a while).
    for (;;) {
      const before = JSON.parse((await get(o.path, 'application/json')).toString('utf8'));
      const proto = await get(o.path, 'application/vnd.kubernetes.protobuf');
      const after = JSON.parse((await get(o.path, 'application/json')).toString('utf8'));
      if (before.metadata.resourceVersion !== after.metadata.resourceVersion) continue;
      out.push({ name: o.name, command: `GET ${o.path} from kube-apiserver ${JSON.parse((await get('/version', 'application/json')).toString('utf8')).gitVersion}`, method: 'GET', path: o.path, protobuf: proto.toString('base64'), expected: after });
      break;
    }
  }
  kubectl(['delete', 'namespace', NS, '--wait=false']);
  return out;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
