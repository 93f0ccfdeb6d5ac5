import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { allowPlainHttp, makeApis } from './client';
import { LIST_PAGE_SIZE, listAll, type KindSpec } from './informers';
import { listAheadHere, startListAhead, type ListAheadRequests, type ListedAheadMessage } from './list-ahead';
import { pageRequest, plainPageReader, plainPageRequest } from './list-page';
import { putListedAhead, takeListedAhead, type ListedAhead } from './listed-ahead';
import https from 'node:https';
import { rawNode } from '@/test/support/objects';
import { makeServingCert } from '@/lib/sandbox/serving-cert';

// A stand-in API server with one ReplicaSet whose name does not look like its Deployment's (so
// only the ReplicaSet itself can tell a pod's Deployment), one node and one pod; it records
// every request.
let server: http.Server | undefined;

const COLLECTIONS: Record<string, unknown[]> = {
  '/apis/apps/v1/replicasets': [{ metadata: { namespace: 'n', name: 'odd-rs', ownerReferences: [{ kind: 'Deployment', name: 'api', controller: true }] } }],
  '/api/v1/nodes': [rawNode('n1')],
  '/api/v1/pods': [{ metadata: { namespace: 'n', name: 'p1', ownerReferences: [{ kind: 'ReplicaSet', name: 'odd-rs', controller: true }] }, spec: { nodeName: 'n1', containers: [] } }],
};

/** `holdReplicaSets`: the ReplicaSets are answered only once the pods have been asked for. */
async function serve(token = 't', { holdReplicaSets = false } = {}): Promise<{ kc: KubeConfig; requests: string[] }> {
  const requests: string[] = [];
  let podsAsked!: () => void;
  const podsAskedFor = new Promise<void>((r) => (podsAsked = r));
  server = http.createServer(async (req, res) => {
    requests.push(req.url ?? '');
    const collection = new URL(req.url ?? '/', 'http://x').pathname;
    if (collection === '/api/v1/pods') podsAsked();
    if (holdReplicaSets && collection === '/apis/apps/v1/replicasets') await podsAskedFor;
    const items = COLLECTIONS[collection];
    res.setHeader('Content-Type', 'application/json');
    if (!items) return void res.writeHead(404).end('{}');
    res.end(JSON.stringify({ kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: '41' }, items }));
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { kc: kubeConfig((server.address() as AddressInfo).port, token), requests };
}

function kubeConfig(port: number, token: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: `http://127.0.0.1:${port}` }],
    users: [{ name: 'u', token }],
    contexts: [{ name: 'ctx', cluster: 'c', user: 'u' }],
    currentContext: 'ctx',
  });
  return allowPlainHttp(kc);
}

/** What the server thread hands the worker, through a structured clone as postMessage makes one. */
async function requestsFor(kc: KubeConfig): Promise<ListAheadRequests> {
  const requests: ListAheadRequests = {};
  for (const collection of Object.keys(COLLECTIONS)) requests[collection] = plainPageRequest(await pageRequest(kc, collection, { limit: LIST_PAGE_SIZE }))!;
  return structuredClone(requests);
}

const asker = async (kc: KubeConfig, collection: string) => (await pageRequest(kc, collection, { limit: LIST_PAGE_SIZE })).asker;

afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

const names: KindSpec<string> = {
  resource: 'pods',
  path: '/api/v1/pods',
  transform: (raw) => (raw as { metadata: { name: string } }).metadata.name,
  listedAhead: true,
};

describe('listing ahead in a worker', () => {
  it("lists with the requests it is handed, the pods' Deployments resolved through the ReplicaSets", async () => {
    const { kc, requests } = await serve();
    const posted: ListedAheadMessage[] = [];
    await listAheadHere(await requestsFor(kc), (m) => posted.push(m));
    // Each collection: its objects page by page, then its resourceVersion.
    const done = posted.filter((m) => m.resourceVersion !== undefined);
    expect(done.map((m) => m.path).sort()).toEqual(['/api/v1/nodes', '/api/v1/pods', '/apis/apps/v1/replicasets']);
    for (const m of done) expect(m.resourceVersion).toBe('41');
    expect(posted.filter((m) => m.error !== undefined)).toEqual([]);
    const pods = posted.filter((m) => m.path === '/api/v1/pods').flatMap((m) => m.entries ?? []);
    expect(pods).toHaveLength(1);
    expect(pods[0][0]).toBe('n/p1');
    expect(pods[0][1]).toMatchObject({ name: 'p1', nodeName: 'n1', owner: { kind: 'Deployment', name: 'api' } });
    expect(posted.findIndex((m) => m.path === '/api/v1/pods' && m.entries)).toBeLessThan(posted.findIndex((m) => m.path === '/api/v1/pods' && m.resourceVersion));
    expect(requests.every((r) => r.startsWith('/') && r.includes('limit=500'))).toBe(true);
  });

  it('asks for the pods while the ReplicaSets are still being listed, and reshapes them once the owners are known', async () => {
    const { kc } = await serve('t', { holdReplicaSets: true });
    const posted: ListedAheadMessage[] = [];
    // Listing the pods only after the ReplicaSets would wait here for ever: this server answers them once the pods are asked for.
    await listAheadHere(await requestsFor(kc), (m) => posted.push(m));
    const pods = posted.filter((m) => m.path === '/api/v1/pods').flatMap((m) => m.entries ?? []);
    expect(pods.map(([, pod]) => pod)).toMatchObject([{ name: 'p1', owner: { kind: 'Deployment', name: 'api' } }]);
    expect(posted.filter((m) => m.error !== undefined)).toEqual([]);
  });

  it('posts no pods when the ReplicaSets could not be listed', async () => {
    const { kc } = await serve();
    const handed = await requestsFor(kc);
    const saved = COLLECTIONS['/apis/apps/v1/replicasets'];
    delete COLLECTIONS['/apis/apps/v1/replicasets'];
    try {
      const posted: ListedAheadMessage[] = [];
      await listAheadHere(handed, (m) => posted.push(m));
      expect(posted.find((m) => m.path === '/apis/apps/v1/replicasets')).toMatchObject({ error: expect.stringContaining('404') });
      expect(posted.find((m) => m.path === '/api/v1/pods')).toEqual({ path: '/api/v1/pods', error: expect.any(String) });
    } finally {
      COLLECTIONS['/apis/apps/v1/replicasets'] = saved;
    }
  });

  it("carries the server thread's credentials and TLS material over to the worker", async () => {
    const { cert, key } = await makeServingCert('127.0.0.1');
    const seen: (string | undefined)[] = [];
    const tls = https.createServer({ cert, key }, (req, res) => {
      seen.push(req.headers.authorization);
      res.setHeader('Content-Type', 'application/json');
      res.end('{"kind":"PodList","metadata":{"resourceVersion":"3"},"items":[{"metadata":{"name":"p","namespace":"n"}}]}');
    });
    await new Promise<void>((r) => tls.listen(0, '127.0.0.1', r));
    try {
      const kc = new KubeConfig();
      kc.loadFromOptions({
        clusters: [{ name: 'c', server: `https://127.0.0.1:${(tls.address() as AddressInfo).port}`, caData: Buffer.from(cert).toString('base64') }],
        users: [{ name: 'u', token: 'secret-token' }],
        contexts: [{ name: 'ctx', cluster: 'c', user: 'u' }],
        currentContext: 'ctx',
      });
      const handed = structuredClone(plainPageRequest(await pageRequest(kc, '/api/v1/pods', { limit: 2 }))!);
      const page = await plainPageReader(handed)('/api/v1/pods', { limit: 2 });
      expect(page.items).toHaveLength(1);
      expect(seen).toEqual(['Bearer secret-token']);
    } finally {
      await new Promise<void>((r) => tls.close(() => r()));
    }
  });

  it('gives a list read ahead to the same asker only, and only once', async () => {
    const { kc, requests } = await serve('mine');
    const port = (server!.address() as AddressInfo).port;
    putListedAhead(await asker(kc, '/api/v1/pods'), Promise.resolve({ entries: [['n/ahead', 'ahead']], resourceVersion: '9' }));

    const other = await listAll(makeApis(kubeConfig(port, 'someone-else')), names, LIST_PAGE_SIZE);
    expect([...other.items.values()]).toEqual(['p1']);
    expect(requests).toHaveLength(1);

    const mine = await listAll(makeApis(kc), names, LIST_PAGE_SIZE);
    expect([...mine.items.entries()]).toEqual([['n/ahead', 'ahead']]);
    expect(mine.resourceVersion).toBe('9');
    expect(requests).toHaveLength(1);

    const again = await listAll(makeApis(kc), names, LIST_PAGE_SIZE);
    expect([...again.items.values()]).toEqual(['p1']);
    expect(requests).toHaveLength(2);
  });

  it("keeps the worker's lists under this thread's asker, and gives up on what the worker never posts", async () => {
    const { kc } = await serve();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'list-ahead-'));
    const file = path.join(dir, 'worker.cjs');
    // Posts the pods (one named after the URL it was handed for them) in pages, with a list that
    // started over in between, and the nodes' first page only; then ends.
    fs.writeFileSync(
      file,
      "const { parentPort, workerData } = require('node:worker_threads');\n" +
        "const post = (m) => parentPort.postMessage({ path: '/api/v1/pods', ...m });\n" +
        "post({ entries: [['n/void', 'void']] });\n" +
        "post({ entries: [['n/p', workerData['/api/v1/pods'].url]], startedOver: true });\n" +
        "post({ entries: [['n/q', 'q']] });\n" +
        "post({ resourceVersion: '5' });\n" +
        "parentPort.postMessage({ path: '/api/v1/nodes', entries: [['/n1', 'n1']] });\n",
    );
    try {
      expect(await startListAhead(kc, file)).toBe(true);
      const podsAsker = await asker(kc, '/api/v1/pods');
      expect(takeListedAhead(await asker(kubeConfig((server!.address() as AddressInfo).port, 'someone-else'), '/api/v1/pods'))).toBeUndefined();
      expect(await takeListedAhead(podsAsker)).toEqual({ entries: [['n/p', expect.stringContaining('/api/v1/pods?limit=500')], ['n/q', 'q']], resourceVersion: '5' });
      expect(takeListedAhead(podsAsker)).toBeUndefined();
      expect(await takeListedAhead(await asker(kc, '/api/v1/nodes'))).toBeUndefined();
      expect(await takeListedAhead(await asker(kc, '/apis/apps/v1/replicasets'))).toBeUndefined();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 10_000);

  it('tells each page, and whether the list started over with it (an expired continue token)', async () => {
    let asked = 0;
    const listPage = async (_path: string, { continueToken }: { continueToken?: string }) => {
      asked++;
      if (continueToken === 'expired') throw Object.assign(new Error('too old'), { code: 410 });
      if (asked === 1) return { items: [{ metadata: { name: 'a', namespace: 'n' } }], resourceVersion: '1', continueToken: 'expired' };
      return { items: [{ metadata: { name: 'b', namespace: 'n' } }], resourceVersion: '2' };
    };
    const pages: [number, boolean][] = [];
    const { items } = await listAll({ listPage }, { ...names, listedAhead: false }, 1, (listed, startedOver) => pages.push([listed, startedOver]));
    expect([...items.values()]).toEqual(['b']);
    expect(pages).toEqual([
      [1, false],
      [1, true],
    ]);
  });
});
