// The embedded sandbox cluster: store + Kubernetes API + EKS API on one loopback HTTP server,
// the core controllers and EKS Auto Mode, seeded from a scenario. `npm run sandbox` and
// `npm start` both start it through here and write the same kubeconfig and env files.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Store } from './store';
import { createKubeApi } from './kube-api';
import { ADMIN_TOKEN } from './kube-api/authentication';
import { oidcTrustFromEnv, type OidcTrust } from './kube-api/oidc-authenticator';
import { EksCluster, REGION } from './eks/cluster';
import { handleEks, isEksPath } from './eks/api';
import { eventRecorder } from './events';
import { makeServingCert } from './serving-cert';
import { Iam, startAutoMode, type AutoMode } from './automode';
import { SimClock } from './sim/clock';
import { WorkloadControllers } from './sim/workloads';
import { KindControllers } from './sim/kinds';
import { schedule } from './sim/scheduler';
import { runKubelet } from './sim/kubelet';
import { KubeletMemory } from './sim/container-fate';
import { NodeLifecycle } from './sim/node-lifecycle';
import { TaintManager } from './sim/taint-manager';
import { updateNodePoolStatus } from './sim/nodepool-status';
import { seedEmpty, seedMigration, seedSynthetic, seededRandom } from './sim/scenario';
import { dailySeed, seedDaily } from './sim/scenario-daily';
import { seedCrds } from './crds';
import { seedPriorityClasses } from './kube-api/priority-admission';
import { seedRbac, startAggregation } from './rbac/policy';
import { SANDBOX_EXTENSION, SANDBOX_PROOF_PATH, sandboxProof } from '@/lib/domain/sandbox-proof';

export interface SandboxOptions {
  port?: number;
  /** The HTTPS listener's port (`SANDBOX_TLS_PORT`; default any free one). */
  tlsPort?: number;
  host?: string;
  /** `migration` (default), `empty`, `daily[:<seed>]` or `synthetic:<nodes>x<podsPerNode>`. */
  scenario?: string;
  timeScale?: number;
  /** Where kubeconfig and env are written (default `.sandbox`). */
  dir?: string;
  quiet?: boolean;
  /** Log every API request to stderr. */
  verbose?: boolean;
  /** Watch events kept per resource for resuming watches (the real watch cache keeps ~100). */
  historySize?: number;
  /** The controllers' loop interval in ms (default 200, 2,000 above 20,000 pods). */
  controllerTickMs?: number;
  /** Answer every list this many ms late (`SANDBOX_LIST_DELAY_MS`): a far or loaded API server. */
  listDelayMs?: number;
  /**
   * The secret this sandbox proves it knows (lib/domain/sandbox-proof.ts), so a dashboard runs its
   * demo sign-in against it and nothing else: `npm start` gives the one it gives its server;
   * otherwise `SANDBOX_NONCE` or a new one, written into the kubeconfig.
   */
  nonce?: string;
  /** Trust this identity provider's ID tokens as users (`SANDBOX_OIDC_ISSUER`, `SANDBOX_OIDC_CLIENT_ID`…). */
  oidc?: OidcTrust;
}

export interface Sandbox {
  url: string;
  /** The same API over TLS, with `caPem` as its CA: EKS's describe-cluster endpoint. */
  tlsUrl: string;
  caPem: string;
  port: number;
  store: Store;
  clock: SimClock;
  eks: EksCluster;
  autoMode: AutoMode;
  kubeconfigPath: string;
  envPath: string;
  /**
   * Takes the API off the network (listener closed, every connection cut: clients get refused)
   * or puts it back on the same port. For tests of what clients do in an outage.
   */
  setReachable(reachable: boolean): Promise<void>;
  /** Requests served on a path (the query left out) since start: what a client's load on the API costs. */
  requestsTo(path: string): number;
  stop(): Promise<void>;
}

const TICK_MS = 200;

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const scenario = options.scenario ?? process.env.SANDBOX_SCENARIO ?? 'migration';
  const timeScale = options.timeScale ?? Number(process.env.SANDBOX_TIME_SCALE ?? 1);
  const clock = new SimClock(timeScale);
  const store = sandboxStore(clock, options.historySize);
  const eks = new EksCluster(store, clock, 'sandbox');
  const nonce = options.nonce ?? process.env.SANDBOX_NONCE ?? randomBytes(32).toString('base64url');
  const host = options.host ?? '127.0.0.1';
  const servingCert = await makeServingCert(host, clock.now());
  const servers = apiServers(store, eks, clock, nonce, servingCert, options);

  const synthetic = seedScenario(store, eks, scenario);
  const stopAggregation = startAggregation(store);
  // The IAM stand-in knows AmazonEKSAutoNodeRole; SANDBOX_IAM_ROLES adds roles "created" in it.
  const iam = new Iam();
  for (const role of (process.env.SANDBOX_IAM_ROLES ?? '').split(',')) if (role.trim()) iam.createRole(role.trim());
  const autoMode = startAutoMode(store, clock, iam);
  // Large synthetic clusters are static: a slower loop keeps the CPU for the API.
  const tickMs = options.controllerTickMs ?? (synthetic && synthetic.nodes * synthetic.podsPerNode > 20_000 ? 2_000 : TICK_MS);
  const stopControllers = startControllers(store, servingCert.cert, tickMs);

  const port = await listen(servers.http, host, options.port ?? Number(process.env.SANDBOX_PORT ?? 0));
  const tlsPort = await listen(servers.https, host, options.tlsPort ?? Number(process.env.SANDBOX_TLS_PORT ?? 0));
  servers.setAddress(`${host}:${port}`);
  const url = `http://${host}:${port}`;
  const tlsUrl = `https://${host}:${tlsPort}`;
  eks.serveAt(tlsUrl, servingCert.cert);
  const { kubeconfigPath, envPath } = writeClientFiles(path.resolve(options.dir ?? process.env.SANDBOX_DIR ?? '.sandbox'), url, nonce);
  if (!options.quiet) {
    console.log(`[sandbox] EKS Auto Mode cluster "sandbox" (${scenario}, time x${timeScale}) at ${url}`);
    console.log(`[sandbox] kubeconfig: ${kubeconfigPath}   AWS env: ${envPath}`);
    console.log(`[sandbox] the same API over TLS at ${tlsUrl} (aws eks update-kubeconfig --name sandbox points there)`);
  }

  return {
    url,
    tlsUrl,
    caPem: servingCert.cert,
    port,
    store,
    clock,
    eks,
    autoMode,
    kubeconfigPath,
    envPath,
    requestsTo: (p) => servers.served.get(p) ?? 0,
    async setReachable(reachable) {
      if (reachable === servers.http.listening) return;
      if (!reachable) return servers.cut();
      await listen(servers.http, host, port);
      await listen(servers.https, host, tlsPort);
    },
    async stop() {
      stopControllers();
      stopAggregation();
      autoMode.stop();
      clock.stopAll();
      await servers.cut();
    },
  };
}

/** The store, with uids from a fixed seed so a scenario's objects are the same on every start. */
function sandboxStore(clock: SimClock, historySize: number | undefined): Store {
  const uidRandom = seededRandom(1234);
  return new Store({
    now: clock.now,
    historySize,
    uid: () => {
      const h = () => Math.floor(uidRandom() * 0x10000).toString(16).padStart(4, '0');
      return `${h()}${h()}-${h()}-4${h().slice(1)}-a${h().slice(1)}-${h()}${h()}${h()}`;
    },
  });
}

/** The scenario's objects, then the roles, groups and CRDs every scenario has (so impersonated requests answer alike). */
function seedScenario(store: Store, eks: EksCluster, scenario: string): { nodes: number; podsPerNode: number } | undefined {
  const m = /^synthetic:(\d+)x(\d+)$/.exec(scenario);
  const synthetic = m ? { nodes: Number(m[1]), podsPerNode: Number(m[2]) } : undefined;
  if (scenario === 'migration') seedMigration(store, eks);
  else if (scenario === 'empty') seedEmpty(store);
  else if (dailySeed(scenario) !== undefined) seedDaily(store, dailySeed(scenario)!);
  else if (synthetic) seedSynthetic(store, synthetic.nodes, synthetic.podsPerNode);
  else throw new Error(`unknown SANDBOX_SCENARIO "${scenario}": use migration, empty, daily[:<seed>] or synthetic:<nodes>x<podsPerNode>`);
  seedRbac(store);
  seedCrds(store);
  seedPriorityClasses(store);
  // Seeding leaves every key waiting to be ordered: ordering them now keeps the first list after
  // start from paying a sort of the whole resource (about 0.5 s at 150,000 pods).
  store.orderKeys();
  return synthetic;
}

/** The Kubernetes and EKS APIs on one handler, served over http and over TLS, with every socket tracked so an outage can cut them. */
function apiServers(store: Store, eks: EksCluster, clock: SimClock, nonce: string, servingCert: { cert: string; key: string }, options: SandboxOptions) {
  let address = '127.0.0.1:0';
  const kubeApi = createKubeApi(store, {
    serverAddress: () => address,
    log: options.verbose ? (line) => process.stderr.write(`[sandbox] ${line}\n`) : undefined,
    listDelayMs: options.listDelayMs ?? Number(process.env.SANDBOX_LIST_DELAY_MS ?? 0),
    oidc: options.oidc ?? oidcTrustFromEnv(process.env),
  });
  const served = new Map<string, number>();
  const serve = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const p = (req.url ?? '').split('?')[0];
    // Bounded: a client reading object after object by name must not grow this without end.
    if (served.has(p) || served.size < 10_000) served.set(p, (served.get(p) ?? 0) + 1);
    // An API server's Date header is its clock; here that is the simulated one, like every
    // timestamp it writes, so a client can tell how far consolidateAfter has run.
    res.setHeader('Date', clock.now().toUTCString());
    if ((req.url ?? '').startsWith(`${SANDBOX_PROOF_PATH}?`)) return answerProof(req.url ?? '', nonce, res);
    if (isEksPath(req.url ?? '')) void handleEks(eks, req, res);
    else kubeApi(req, res);
  };
  const sockets = new Set<import('node:net').Socket>();
  const plain = http.createServer(serve);
  // The same API over TLS: the endpoint EKS's describe-cluster names, so a kubeconfig written by
  // `aws eks update-kubeconfig` trusts the sandbox's CA and kubectl sends its token (client-go
  // sends credentials over TLS only).
  const tls = https.createServer({ cert: servingCert.cert, key: servingCert.key }, serve);
  for (const srv of [plain, tls]) {
    srv.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
  }
  return {
    http: plain,
    https: tls,
    served,
    setAddress: (a: string) => void (address = a),
    /** Stop accepting first, then cut every connection: no connection slips in between. */
    async cut() {
      const closed = Promise.all([plain, tls].filter((srv) => srv.listening).map((srv) => new Promise<void>((resolve) => srv.close(() => resolve()))));
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}

function listen(srv: http.Server | https.Server, host: string, port: number): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(port, host, () => {
      srv.off('error', reject);
      resolve((srv.address() as AddressInfo).port);
    });
  });
}

/** The controllers' loop: kubelet, workloads, the other kinds, the scheduler and NodePool status, one pass per tick. */
function startControllers(store: Store, caPem: string, tickMs: number): () => void {
  const record = (component: string) => eventRecorder(store, component);
  const workloads = new WorkloadControllers(store, record, seededRandom(99));
  const kinds = new KindControllers(store, record, seededRandom(7), caPem);
  const schedulerEvents = record('default-scheduler');
  const kubeletEvents = record('kubelet');
  const kubeletMemory = new KubeletMemory(store);
  const nodeLifecycle = new NodeLifecycle(store, record('node-controller'), kubeletEvents);
  const taintManager = new TaintManager(store, record('taint-eviction-controller'));
  const retryAt = new Map<string, number>();
  // New or changed capacity: retry unschedulable pods now rather than after their backoff.
  const unwatchNodes = store.watch('nodes', () => retryAt.clear());
  let running = false;
  const loop = setInterval(() => {
    if (running) return;
    running = true;
    try {
      runKubelet(store, kubeletEvents, kubeletMemory);
      nodeLifecycle.run();
      taintManager.run();
      workloads.reconcile();
      kinds.reconcile();
      schedule(store, schedulerEvents, retryAt);
      updateNodePoolStatus(store);
    } catch (err) {
      console.error('[sandbox] controller loop', err);
    } finally {
      running = false;
    }
  }, tickMs);
  return () => {
    clearInterval(loop);
    unwatchNodes();
  };
}

/** The kubeconfig and the shell-sourceable AWS env a user points kubectl and the AWS CLI with. */
function writeClientFiles(dir: string, url: string, nonce: string): { kubeconfigPath: string; envPath: string } {
  fs.mkdirSync(dir, { recursive: true });
  const kubeconfigPath = path.join(dir, 'kubeconfig');
  const envPath = path.join(dir, 'env');
  fs.writeFileSync(kubeconfigPath, kubeconfig(url, nonce), { mode: 0o600 });
  fs.writeFileSync(
    envPath,
    [
      `KUBECONFIG=${kubeconfigPath}`,
      `AWS_ENDPOINT_URL_EKS=${url}`,
      `AWS_REGION=${REGION}`,
      // The AWS CLI v1 takes the region only from AWS_DEFAULT_REGION (v2 reads AWS_REGION too).
      `AWS_DEFAULT_REGION=${REGION}`,
      'AWS_ACCESS_KEY_ID=sandbox',
      'AWS_SECRET_ACCESS_KEY=sandbox',
      'EKS_CLUSTER_NAME=sandbox',
      '',
    ].join('\n'),
  );
  return { kubeconfigPath, envPath };
}

/** HMAC of the caller's challenge: proves the nonce without sending it. */
function answerProof(url: string, nonce: string, res: http.ServerResponse) {
  const challenge = new URL(url, 'http://sandbox.invalid').searchParams.get('challenge') ?? '';
  res.setHeader('Content-Type', 'application/json');
  if (!/^[\w-]{16,128}$/.test(challenge)) {
    res.statusCode = 400;
    return void res.end(JSON.stringify({ error: 'challenge must be 16-128 base64url characters' }));
  }
  res.end(JSON.stringify({ proof: sandboxProof(nonce, challenge) }));
}

function kubeconfig(url: string, nonce: string): string {
  return `apiVersion: v1
kind: Config
clusters:
- name: sandbox
  cluster:
    server: ${url}
    insecure-skip-tls-verify: true
    extensions:
    - name: ${SANDBOX_EXTENSION}
      extension:
        nonce: ${nonce}
users:
- name: sandbox-admin
  user:
    token: ${ADMIN_TOKEN}
contexts:
- name: sandbox
  context:
    cluster: sandbox
    user: sandbox-admin
current-context: sandbox
`;
}
