// Idle stop: a cluster's informers stop once nothing has used it for the idle time (no stream
// open, no request), on a manual clock; the API server below counts the watches they hold open.

import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '@/test/support/manual-clock';
import { configureTopologyHub, followTopology, getTopology, stopTopology, topologyRunning } from './topology-hub';

const IDLE_MS = 600_000;

/** Empty collections at resourceVersion 1 (no Karpenter CRDs), and watches that stay open. */
function emptyCluster() {
  const openWatches = new Set<http.ServerResponse>();
  let lists = 0;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname.includes('karpenter') || url.pathname.includes('eks.amazonaws.com')) return void res.writeHead(404).end();
    if (url.searchParams.get('watch') === 'true') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.flushHeaders();
      openWatches.add(res);
      res.on('close', () => openWatches.delete(res));
      return;
    }
    lists += 1;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items: [] }));
  });
  return { server, openWatches, lists: () => lists };
}

describe('topology hub: idle stop', () => {
  const api = emptyCluster();
  const savedEnv = { ...process.env };
  let dir: string;
  let clock: ManualClock;

  beforeAll(async () => {
    await new Promise<void>((resolve) => api.server.listen(0, '127.0.0.1', resolve));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodelanes-idle-'));
    const kubeconfig = path.join(dir, 'kubeconfig');
    const server = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
    fs.writeFileSync(
      kubeconfig,
      `apiVersion: v1\nkind: Config\nclusters: [{ name: s, cluster: { server: '${server}' } }]\nusers: [{ name: u, user: { token: t } }]\ncontexts: [{ name: sandbox, context: { cluster: s, user: u } }]\ncurrent-context: sandbox\n`,
    );
    process.env.NODELANES_CLUSTER = 'sandbox';
    process.env.NODELANES_SANDBOX_KUBECONFIG = kubeconfig;
  });

  beforeEach(() => {
    stopTopology();
    clock = new ManualClock();
    configureTopologyHub({
      informer: { backoff: { baseMs: 20, maxMs: 100 }, absentRetryMs: 60_000, log: () => undefined },
      syncTimeoutMs: 3000,
      idleMs: IDLE_MS,
      clock: { now: () => clock.now().getTime(), setTimeout: clock.setTimeout, clearTimeout: () => undefined },
    });
  });

  afterAll(async () => {
    stopTopology();
    api.server.closeAllConnections();
    await new Promise((resolve) => api.server.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
    process.env = { ...savedEnv };
  });

  const watchesSettle = (n: (count: number) => boolean) => expect.poll(() => api.openWatches.size, { timeout: 3000 }).toSatisfy(n);

  it('stops the informers (closing their watches) after the idle time without a request, not before', async () => {
    await getTopology('sandbox');
    await watchesSettle((c) => c > 0);
    clock.advance(IDLE_MS - 1);
    expect(topologyRunning('sandbox')).toBe(true);
    clock.advance(1);
    expect(topologyRunning('sandbox')).toBe(false);
    await watchesSettle((c) => c === 0);
  });

  it('a request moves the deadline: idle counts from the last use', async () => {
    await getTopology('sandbox');
    clock.advance(IDLE_MS / 2);
    await getTopology('sandbox');
    clock.advance(IDLE_MS - 1);
    expect(topologyRunning('sandbox')).toBe(true);
    clock.advance(1);
    expect(topologyRunning('sandbox')).toBe(false);
  });

  it('an open stream keeps the cluster running however long; idle counts from when it closes', async () => {
    const { unsubscribe } = await followTopology('sandbox', () => undefined, () => undefined);
    clock.advance(IDLE_MS * 5);
    expect(topologyRunning('sandbox')).toBe(true);
    unsubscribe();
    unsubscribe(); // twice is once
    clock.advance(IDLE_MS - 1);
    expect(topologyRunning('sandbox')).toBe(true);
    clock.advance(1);
    expect(topologyRunning('sandbox')).toBe(false);
  });

  it('the next request after a stop starts the informers again with a fresh list', async () => {
    await getTopology('sandbox');
    clock.advance(IDLE_MS);
    expect(topologyRunning('sandbox')).toBe(false);
    const listsBefore = api.lists();
    const snapshot = await getTopology('sandbox');
    expect(snapshot.cluster).toBe('sandbox');
    expect(topologyRunning('sandbox')).toBe(true);
    expect(api.lists()).toBeGreaterThan(listsBefore);
    await watchesSettle((c) => c > 0);
  });
});
