// The image's entry point outside the image: the Dockerfile's CMD (`node --import ./nodelanes-preload.mjs server.js`) in .next/standalone, copied away
// from the repository with .next/static and public beside it exactly as the Dockerfile copies
// them (so nothing can fall back on the repository's node_modules), against a sandbox started on
// its own as `npm run sandbox` does. Like the pod it runs as a non-root user in a directory it
// cannot write (readOnlyRootFilesystem), with only a writable TMPDIR (the /tmp emptyDir) and the
// environment the manifests give it: HOSTNAME=0.0.0.0, PORT, the cluster source, and the host name
// it answers (NEXTAUTH_URL in the manifests; NODELANES_ALLOWED_HOSTS here).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleStandalone } from '@/scripts/standalone';
import { startSandboxProcess, type SandboxProcess } from '@/test/support/sandbox-process';
import { eventually } from '@/test/support/kubectl';
import { fetchWithHost } from '@/lib/server/prewarm';

/** The Dockerfile's USER and the Deployment's runAsUser. */
const IMAGE_UID = 10001;
const asRoot = process.getuid?.() === 0;

let sandbox: SandboxProcess;
let work: string;
let app: string;
let server: ChildProcess;
let base: string;
let log = '';
/** The sandbox's API server, read directly: the truth the dashboard's answers are checked against. */
let api: (path: string) => Promise<{ items: Array<{ metadata: { name: string; namespace?: string } }> }>;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Every file under `dir` with its size and mtime: what "wrote nothing" is checked against. */
function listing(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .map((d) => path.join(d.parentPath, d.name))
    .map((p) => {
      const s = fs.lstatSync(p);
      return `${path.relative(dir, p)} ${s.size} ${s.mtimeMs}`;
    })
    .sort();
}

let before: string[];

/** The Dockerfile's CMD after `node` (`--import ./nodelanes-preload.mjs server.js`): started here exactly as the image starts it. */
function imageArgs(): string[] {
  const cmd = /^CMD (\[.*\])$/m.exec(fs.readFileSync(path.join(__dirname, '..', '..', 'Dockerfile'), 'utf8'));
  if (!cmd) throw new Error('the Dockerfile has no CMD in exec form');
  const [node, ...args] = JSON.parse(cmd[1]) as string[];
  if (node !== 'node') throw new Error(`the Dockerfile's CMD starts with ${node}, not node`);
  return args;
}

beforeAll(async () => {
  sandbox = await startSandboxProcess({ scenario: 'migration' });
  const kc = yaml.load(fs.readFileSync(sandbox.kubeconfig, 'utf8')) as { clusters: [{ cluster: { server: string } }]; users: [{ user: { token: string } }] };
  api = async (p) => (await fetch(`${kc.clusters[0].cluster.server}${p}`, { headers: { Authorization: `Bearer ${kc.users[0].user.token}` } })).json();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'nodelanes-image-'));
  fs.chmodSync(work, 0o755);
  app = path.join(work, 'app');
  assembleStandalone(app);
  // What the ConfigMap and the mounts give the pod: a kubeconfig it may read, a /tmp it may write.
  const kubeconfig = path.join(work, 'kubeconfig');
  fs.copyFileSync(sandbox.kubeconfig, kubeconfig);
  fs.chmodSync(kubeconfig, 0o644);
  const tmp = path.join(work, 'tmp');
  fs.mkdirSync(tmp, { mode: 0o1777 });
  fs.chmodSync(tmp, 0o1777);
  // Root could write anywhere, so the server runs as the image's user (owning nothing here);
  // anyone else gets a directory without write permission.
  if (!asRoot) fs.chmodSync(app, 0o555);
  before = listing(app);

  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, imageArgs(), {
    cwd: app,
    ...(asRoot ? { uid: IMAGE_UID, gid: IMAGE_UID } : {}),
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      TMPDIR: tmp,
      HOSTNAME: '0.0.0.0',
      NODELANES_ALLOWED_HOSTS: '127.0.0.1',
      PORT: String(port),
      NODELANES_CLUSTER: 'sandbox',
      NODELANES_SANDBOX_KUBECONFIG: kubeconfig,
      NODELANES_LOG_REQUESTS: '0',
      NEXT_TELEMETRY_DISABLED: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', (d) => (log += d));
  server.stderr?.on('data', (d) => (log += d));
  await eventually(
    'the standalone server to answer',
    async () => {
      if (server.exitCode !== null) throw new Error(`server.js exited with ${server.exitCode}:\n${log}`);
      return (await fetch(`${base}/api/clusters`)).ok;
    },
    60_000,
    250,
  ).catch((err) => {
    throw new Error(`${(err as Error).message}\n${log}`);
  });
});

afterAll(async () => {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
  await sandbox?.stop();
  if (work) {
    if (!asRoot && app) fs.chmodSync(app, 0o755);
    fs.rmSync(work, { recursive: true, force: true });
  }
});

describe('the standalone server (the image entry point)', () => {
  it('lists the sandbox cluster', async () => {
    const res = await fetch(`${base}/api/clusters`);
    const kc = yaml.load(fs.readFileSync(sandbox.kubeconfig, 'utf8')) as { clusters: [{ cluster: { server: string } }] };
    expect(await res.json()).toEqual({ clusters: [expect.objectContaining({ id: 'sandbox', source: 'sandbox', server: kc.clusters[0].cluster.server })] });
  });

  it('answers the probes the Deployment sends (deploy/base/deployment.yaml)', async () => {
    const manifest = yaml.load(fs.readFileSync(path.join(__dirname, '../../deploy/base/deployment.yaml'), 'utf8')) as {
      spec: { template: { spec: { containers: Array<{ readinessProbe: { httpGet: { path: string } }; livenessProbe: { httpGet: { path: string } } }> } } };
    };
    const container = manifest.spec.template.spec.containers[0];
    const live = await fetch(`${base}${container.livenessProbe.httpGet.path}`);
    expect(live.status).toBe(200);
    // Asking starts the sync; ready once every informer has listed.
    await eventually('readiness', async () => (await fetch(`${base}${container.readinessProbe.httpGet.path}`)).status === 200, 30_000, 250);
    expect(await (await fetch(`${base}${container.readinessProbe.httpGet.path}`)).json()).toEqual(expect.objectContaining({ status: 'ready' }));
  });

  it('answers only its allowed host name, except the probes, which a kubelet sends to the pod IP', async () => {
    const podIp = fetchWithHost('10.0.0.7:3000');
    for (const path of ['/api/clusters', '/api/clusters/sandbox/topology', '/clusters/sandbox/lanes', '/api/metrics']) {
      expect((await podIp(`${base}${path}`)).status, path).toBe(421);
    }
    expect((await fetchWithHost('localhost')(`${base}/api/clusters`)).status).toBe(421);
    expect((await podIp(`${base}/api/healthz`)).status).toBe(200);
    expect([200, 503]).toContain((await podIp(`${base}/api/readyz`)).status);
  });

  it('will not start on every address with no host name to answer, and says what to set', async () => {
    const serverJs = path.join(app, 'server.js');
    const child = spawn(process.execPath, [serverJs], {
      cwd: '/',
      ...(asRoot ? { uid: IMAGE_UID, gid: IMAGE_UID } : {}),
      env: { PATH: process.env.PATH, NODE_ENV: 'production', TMPDIR: path.join(work, 'tmp'), HOSTNAME: '0.0.0.0', PORT: String(await freePort()), NODELANES_CLUSTER: 'sandbox', NODELANES_PREWARM: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout?.on('data', (d) => (out += d));
    child.stderr?.on('data', (d) => (out += d));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(out).toContain('no host name is allowed: set NEXTAUTH_URL (the public URL) or NODELANES_ALLOWED_HOSTS');
  });

  it('serves the topology API for the sandbox cluster: every node and pod the API server has', async () => {
    const res = await fetch(`${base}/api/clusters/sandbox/topology`);
    expect(res.status).toBe(200);
    const topology = await res.json();
    expect(topology.stale).toBe(false);
    expect(topology.nodes.length).toBeGreaterThan(0);
    // The simulated cluster keeps moving (Auto Mode launches and consolidates): compare until a
    // snapshot and a direct read agree.
    const names = (list: { items: Array<{ metadata: { name: string; namespace?: string } }> }) => list.items.map((o) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`).sort();
    await eventually('the topology and the API server to agree on nodes and pods', async () => {
      const [t, nodes, pods] = await Promise.all([fetch(`${base}/api/clusters/sandbox/topology`).then((r) => r.json()), api('/api/v1/nodes'), api('/api/v1/pods')]);
      const seen = {
        nodes: t.nodes.map((n: { name: string }) => `/${n.name}`).sort(),
        pods: t.pods.map((p: { namespace: string; name: string }) => `${p.namespace}/${p.name}`).sort(),
      };
      return JSON.stringify(seen) === JSON.stringify({ nodes: names(nodes), pods: names(pods) });
    }, 30_000, 500);
    expect(topology.deployments.map((d: { namespace: string; name: string }) => `${d.namespace}/${d.name}`)).toEqual(expect.arrayContaining(['apps/frontend', 'apps/image-proctoring']));
    expect(topology.nodePools.map((p: { name: string }) => p.name).sort()).toEqual(['general-purpose', 'system']);
  });

  it("reads the cluster ahead from the moment it starts (the Dockerfile's --import): pods, nodes and ReplicaSets in one worker thread, the rest as pages", async () => {
    const synced = await eventually(
      'the first sync to be logged',
      async () => {
        const line = /"msg":"topology synced".*"pagesReadAhead":\{"taken":(\d+).*"listsReadAhead":\{"taken":(\d+),"failed":(\d+)/.exec(log);
        if (!line) throw new Error(`no sync logged yet:\n${log.slice(-2000)}`);
        return { pages: Number(line[1]), lists: Number(line[2]), failed: Number(line[3]) };
      },
      30_000,
    );
    expect(synced).toEqual({ pages: expect.any(Number), lists: 3, failed: 0 });
    expect(synced.pages).toBeGreaterThan(0);
  });

  it('loads @kubernetes/client-node as one bundled file with every export of the package (scripts/bundle-client-node.mjs)', async () => {
    const pkgDir = path.join(app, 'node_modules/@kubernetes/client-node');
    const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('dist/nodelanes-bundle.mjs');
    const probe = (code: string) => JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: app, encoding: 'utf8' })) as string[];
    // The server imports the package by name: what that import gives must be what the unbundled package exports.
    const bundled = probe(`const m = await import('@kubernetes/client-node'); console.log(JSON.stringify(Object.keys(m).sort()))`);
    const source = probe(`const m = await import(${JSON.stringify(path.join(pkgDir, (pkg as { nodelanesOriginalMain?: string }).nodelanesOriginalMain ?? ''))}); console.log(JSON.stringify(Object.keys(m).sort()))`);
    expect(source.length).toBeGreaterThan(500);
    expect(bundled.filter((name) => name !== 'default')).toEqual(source);
    expect(bundled).toEqual(expect.arrayContaining(['KubeConfig', 'CoreV1Api', 'Watch']));
  });

  it('serves the lanes page with the scripts and styles it loads (.next/static copied beside server.js)', async () => {
    const res = await fetch(`${base}/clusters/sandbox/lanes`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self' 'nonce-/);
    const html = await res.text();
    const assets = [...new Set([...html.matchAll(/\/_next\/static\/[^"'\s)]+\.(?:js|css)/g)].map((m) => m[0]))];
    expect(assets.filter((a) => a.endsWith('.js')).length).toBeGreaterThan(0);
    expect(assets.filter((a) => a.endsWith('.css')).length).toBeGreaterThan(0);
    for (const asset of assets) {
      const r = await fetch(`${base}${asset}`);
      expect(r.status, asset).toBe(200);
      expect(r.headers.get('content-type'), asset).toMatch(asset.endsWith('.js') ? /javascript/ : /text\/css/);
    }
  });

  it('serves public/ (copied beside server.js)', async () => {
    const res = await fetch(`${base}/screenshot.png`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await res.arrayBuffer()).equals(fs.readFileSync(path.join(app, 'public', 'screenshot.png')))).toBe(true);
  });

  it('streams topology over SSE', async () => {
    const controller = new AbortController();
    const res = await fetch(`${base}/api/clusters/sandbox/topology/stream`, { signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    let text = '';
    while (!/event: snapshot/.test(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    expect(text).toMatch(/event: snapshot/);
  });

  it('wrote nothing into its own directory, and met no permission error', async () => {
    if (asRoot) expect(fs.readFileSync(`/proc/${server.pid}/status`, 'utf8')).toMatch(new RegExp(`\\nUid:\\s+${IMAGE_UID}\\s`));
    expect(listing(app)).toEqual(before);
    expect(log).not.toMatch(/EACCES|EROFS|EPERM/);
  });
});
