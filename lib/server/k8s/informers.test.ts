// The resilient informer through the real client-node code (typed list calls, Watch) against a
// minimal pods API on 127.0.0.1 that this test controls: pagination, watch resume, 410 Expired,
// dropped connections and a server that goes away and comes back.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PodInfo } from '@/lib/domain/model';
import { allowPlainHttp, makeApis } from './client';
import { ResilientInformer, type InformerSink, type RelistReason } from './informers';
import { podKind } from './kinds';
import type { BackoffOptions } from './backoff';

interface RawPod {
  metadata: { namespace: string; name: string; resourceVersion: string; uid: string };
  spec: { nodeName?: string; containers: unknown[] };
  status: { phase: string };
}

/** Pods in memory, one resourceVersion counter, a bounded history like the watch cache. */
class FakePodsApi {
  private rv = 100;
  private floor = 100;
  private readonly pods = new Map<string, RawPod>();
  private history: Array<{ type: string; object: RawPod; rv: number }> = [];
  private readonly watchers = new Set<{ res: http.ServerResponse; since: number }>();
  private server: http.Server | undefined;
  port = 0;
  listRequests: string[] = [];
  watchRequests: string[] = [];
  /** False: the API answers 404, as a server without the CRD (or API version) does. */
  served = true;

  async start(port = 0) {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop() {
    this.dropWatches();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }

  put(namespace: string, name: string, nodeName?: string) {
    const type = this.pods.has(`${namespace}/${name}`) ? 'MODIFIED' : 'ADDED';
    const pod: RawPod = {
      metadata: { namespace, name, resourceVersion: String(++this.rv), uid: `${namespace}-${name}` },
      spec: { nodeName, containers: [{ name: 'c', resources: { requests: { cpu: '100m' } } }] },
      status: { phase: nodeName ? 'Running' : 'Pending' },
    };
    this.pods.set(`${namespace}/${name}`, pod);
    this.emit(type, pod);
  }

  remove(namespace: string, name: string) {
    const pod = this.pods.get(`${namespace}/${name}`);
    if (!pod) return;
    this.pods.delete(`${namespace}/${name}`);
    this.emit('DELETED', { ...pod, metadata: { ...pod.metadata, resourceVersion: String(++this.rv) } });
  }

  /** Other kinds change: the revision moves on with no pod event (etcd's revision is cluster-wide). */
  advance(by: number) {
    this.rv += by;
  }

  /** A bookmark at the current revision, as a watch cache with progress notifications sends. */
  bookmark() {
    for (const w of this.watchers) w.res.write(JSON.stringify({ type: 'BOOKMARK', object: { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: String(this.rv) } } }) + '\n');
  }

  /** Forget the history, as compaction does: every older resourceVersion becomes 410. */
  compact() {
    this.history = [];
    this.floor = this.rv;
  }

  dropWatches() {
    for (const w of this.watchers) w.res.destroy();
    this.watchers.clear();
  }

  private emit(type: string, object: RawPod) {
    const event = { type, object, rv: Number(object.metadata.resourceVersion) };
    this.history.push(event);
    for (const w of this.watchers) w.res.write(JSON.stringify({ type, object }) + '\n');
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/api/v1/pods' || !this.served) {
      res.writeHead(404).end();
      return;
    }
    if (url.searchParams.get('watch') === 'true') return this.watch(url, res);
    this.listRequests.push(url.search);
    const limit = Number(url.searchParams.get('limit') ?? 0) || Infinity;
    const start = Number(url.searchParams.get('continue') ?? 0);
    const all = [...this.pods.values()].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    const items = all.slice(start, start + limit);
    const next = start + items.length < all.length ? String(start + items.length) : undefined;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ apiVersion: 'v1', kind: 'PodList', metadata: { resourceVersion: String(this.rv), continue: next }, items }));
  }

  private watch(url: URL, res: http.ServerResponse) {
    this.watchRequests.push(url.search);
    const since = Number(url.searchParams.get('resourceVersion'));
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    // As the apiserver does: the client knows it is watching before the first event.
    res.flushHeaders();
    if (since < this.floor) {
      res.end(JSON.stringify({ type: 'ERROR', object: { kind: 'Status', status: 'Failure', code: 410, reason: 'Expired', message: 'too old' } }) + '\n');
      return;
    }
    for (const e of this.history) if (e.rv > since) res.write(JSON.stringify({ type: e.type, object: e.object }) + '\n');
    const watcher = { res, since };
    this.watchers.add(watcher);
    res.on('close', () => this.watchers.delete(watcher));
  }
}

class RecordingSink implements InformerSink<PodInfo> {
  readonly pods = new Map<string, PodInfo>();
  readonly log: string[] = [];
  staleFlag = false;
  readonly reasons: RelistReason[] = [];
  replace(items: Map<string, PodInfo>, reason: RelistReason) {
    this.pods.clear();
    for (const [k, v] of items) this.pods.set(k, v);
    this.log.push(`replace:${items.size}`);
    this.reasons.push(reason);
  }
  upsert(key: string, item: PodInfo) {
    this.pods.set(key, item);
    this.log.push(`upsert:${key}`);
  }
  remove(key: string) {
    this.pods.delete(key);
    this.log.push(`remove:${key}`);
  }
  stale(stale: boolean) {
    this.staleFlag = stale;
    this.log.push(`stale:${stale}`);
  }
}

async function eventually(check: () => boolean, timeoutMs = 5000) {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function kubeConfigFor(port: number) {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'fake', server: `http://127.0.0.1:${port}`, skipTLSVerify: false }],
    users: [{ name: 'u' }],
    contexts: [{ name: 'fake', cluster: 'fake', user: 'u' }],
    currentContext: 'fake',
  });
  return allowPlainHttp(kc);
}

describe('ResilientInformer', () => {
  let api = new FakePodsApi();
  let informer: ResilientInformer<PodInfo> | undefined;

  beforeEach(() => {
    api = new FakePodsApi();
  });

  afterEach(async () => {
    informer?.stop();
    await api.stop();
  });

  async function startWith(pods: number, options: { pageSize?: number; log?: (line: string) => void; backoff?: BackoffOptions } = {}) {
    await api.start();
    for (let i = 0; i < pods; i++) api.put('apps', `web-${String(i).padStart(3, '0')}`, 'node-a');
    const sink = new RecordingSink();
    informer = new ResilientInformer(makeApis(kubeConfigFor(api.port)), podKind(() => undefined), sink, {
      pageSize: options.pageSize ?? 500,
      backoff: options.backoff ?? { baseMs: 20, maxMs: 200 },
      ...(options.log ? { log: options.log } : {}),
    });
    await informer.start();
    return sink;
  }

  it('lists in pages, then watches from the list resourceVersion with bookmarks', async () => {
    const sink = await startWith(12, { pageSize: 5 });
    expect(api.listRequests.map((q) => new URLSearchParams(q).get('continue'))).toEqual([null, '5', '10']);
    expect(new URLSearchParams(api.listRequests[0]).get('limit')).toBe('5');
    expect(sink.pods.size).toBe(12);
    await eventually(() => api.watchRequests.length === 1);
    const watch = new URLSearchParams(api.watchRequests[0]);
    expect(watch.get('resourceVersion')).toBe('112');
    expect(watch.get('allowWatchBookmarks')).toBe('true');
  });

  it('applies watch events as they come', async () => {
    const sink = await startWith(2);
    await eventually(() => api.watchRequests.length === 1);
    api.put('apps', 'web-new', 'node-b');
    api.remove('apps', 'web-000');
    await eventually(() => sink.pods.has('apps/web-new') && !sink.pods.has('apps/web-000'));
    expect(sink.pods.get('apps/web-new')).toMatchObject({ nodeName: 'node-b', requests: { cpuMillis: 100 } });
  });

  it('resumes from the last resourceVersion when the connection drops, and relists on 410', async () => {
    const sink = await startWith(3);
    await eventually(() => api.watchRequests.length === 1);
    api.put('apps', 'web-x', 'node-a');
    await eventually(() => sink.pods.has('apps/web-x'));
    api.dropWatches();
    await eventually(() => api.watchRequests.length === 2);
    expect(new URLSearchParams(api.watchRequests[1]).get('resourceVersion')).toBe('104');
    expect(informer!.lists).toBe(1);

    // Changes happen while the history is compacted away: only a relist can catch up.
    api.dropWatches();
    api.remove('apps', 'web-001');
    api.compact();
    await eventually(() => informer!.lists === 2);
    expect(sink.pods.has('apps/web-001')).toBe(false);
    expect(sink.log).toContain('replace:3');
    expect(sink.reasons).toEqual(['initial', 'expired']);
  });

  it('keeps its resourceVersion fresh from bookmarks, so a quiet kind resumes after compaction instead of relisting', async () => {
    const sink = await startWith(2);
    await eventually(() => api.watchRequests.length === 1);
    // Nothing happens to pods while the rest of the cluster moves on; a bookmark says so.
    api.advance(50);
    api.bookmark();
    await new Promise((r) => setTimeout(r, 100));
    api.compact();
    api.dropWatches();
    await eventually(() => api.watchRequests.length === 2);
    expect(new URLSearchParams(api.watchRequests[1]).get('resourceVersion')).toBe('152');
    await new Promise((r) => setTimeout(r, 200));
    expect(informer!.lists).toBe(1);
    expect(sink.reasons).toEqual(['initial']);
  });

  it('starts its backoff over once a watch has worked, so a second outage is not waited out at the cap', async () => {
    // Delays at their ceiling (no jitter): 50, 100, 200, … ms, capped at 4 s.
    const sink = await startWith(1, { backoff: { baseMs: 50, maxMs: 4_000, random: () => 1 } });
    await eventually(() => api.watchRequests.length === 1);
    const port = api.port;
    await api.stop();
    // Six failures in a row: the next wait would be 3.2 s, the one after 4 s.
    await eventually(() => informer!.errors >= 6, 10_000);
    await api.start(port);
    await eventually(() => !sink.staleFlag, 10_000);
    api.put('apps', 'after-first-outage', 'node-a');
    await eventually(() => sink.pods.has('apps/after-first-outage'));

    // The connection is cut again (an API server restart): the first retry comes at once.
    const watches = api.watchRequests.length;
    const cutAt = Date.now();
    api.dropWatches();
    await eventually(() => api.watchRequests.length > watches, 5_000);
    expect(Date.now() - cutAt).toBeLessThan(1_500);
  });

  it('reports stale while the server is gone and recovers when it returns on the same port', async () => {
    const logged: string[] = [];
    const sink = await startWith(2, { log: (line) => logged.push(line) });
    await eventually(() => api.watchRequests.length === 1);
    const port = api.port;
    await api.stop();
    await eventually(() => sink.staleFlag);
    expect(informer!.stale).toBe(true);
    // Retried every 10–200 ms meanwhile, and said once.
    await new Promise((r) => setTimeout(r, 600));
    expect(informer!.errors).toBeGreaterThan(2);
    expect(logged.filter((l) => l.includes('error:'))).toHaveLength(1);

    await api.start(port);
    await eventually(() => !sink.staleFlag, 4000);
    api.put('apps', 'after-restart', 'node-a');
    await eventually(() => sink.pods.has('apps/after-restart'));
    expect(logged.at(-1)).toMatch(/^\[informer pods\] recovered after \d+ failed attempts in \d+ s$/);
  });

  it('rejects the first sync when the server cannot be reached', async () => {
    await api.start();
    const port = api.port;
    await api.stop();
    const sink = new RecordingSink();
    informer = new ResilientInformer(makeApis(kubeConfigFor(port)), podKind(() => undefined), sink, { backoff: { baseMs: 20, maxMs: 50 } });
    await expect(informer.start()).rejects.toThrow();
  });

  describe('an optional kind (a CRD, an API version the server may not have)', () => {
    const optionalPods = { ...podKind(() => undefined), optional: true };

    async function startOptional(served: boolean) {
      await api.start();
      api.served = served;
      const sink = new RecordingSink();
      informer = new ResilientInformer(makeApis(kubeConfigFor(api.port)), optionalPods, sink, { backoff: { baseMs: 20, maxMs: 100 }, absentRetryMs: 50 });
      await informer.start();
      return sink;
    }

    it('syncs empty and not stale on 404, and is found once the server serves it', async () => {
      const sink = await startOptional(false);
      expect(sink.log).toEqual(['replace:0']);
      expect(informer!).toMatchObject({ absent: true, stale: false, lists: 0 });
      // Looked for again every 50 ms and still absent: nothing is listed, nothing reported as a relist.
      await new Promise((r) => setTimeout(r, 250));
      expect(sink.log).toEqual(['replace:0']);
      api.put('apps', 'web-late', 'node-a');
      api.served = true;
      await eventually(() => sink.pods.has('apps/web-late'));
      expect(informer!).toMatchObject({ absent: false, lists: 1 });
      await eventually(() => api.watchRequests.length === 1);
      api.put('apps', 'web-watched', 'node-a');
      await eventually(() => sink.pods.has('apps/web-watched'));
      expect(sink.log).not.toContain('stale:true');
    });

    it('empties and ends up not stale when the kind goes away under a watch', async () => {
      const sink = await startOptional(true);
      api.put('apps', 'web-1', 'node-a');
      await eventually(() => sink.pods.size === 1);
      api.served = false;
      api.dropWatches();
      await eventually(() => informer!.absent);
      expect(sink.pods.size).toBe(0);
      // The cut connection may count as stale for a moment; absent is a settled state, not stale.
      expect(informer!.stale).toBe(false);
      expect(sink.staleFlag).toBe(false);
    });

    it('is still an error for a kind every server must serve', async () => {
      await api.start();
      api.served = false;
      informer = new ResilientInformer(makeApis(kubeConfigFor(api.port)), podKind(() => undefined), new RecordingSink(), { backoff: { baseMs: 20, maxMs: 50 } });
      await expect(informer.start()).rejects.toMatchObject({ code: 404 });
    });
  });
});
