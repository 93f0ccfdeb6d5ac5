// The topology stream's snapshot encodings against a running sandbox: the page's column-wise one,
// with the deltas that follow it, gives back the topology the JSON route answers with; an encoding
// the route does not know is a 400 before any stream starts.
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as topology } from '@/app/api/clusters/[cluster]/topology/route';
import { GET as stream } from '@/app/api/clusters/[cluster]/topology/stream/route';
import { applyEvents } from '@/lib/domain/apply-event';
import { freshDeltas, type TopologyDelta } from '@/lib/domain/deltas';
import type { TopologySnapshot } from '@/lib/domain/model';
import { decodeSnapshot } from '@/lib/domain/snapshot-codec';
import { callRoute, TEST_ORIGIN } from '../support/route-call';
import { startRouteSandbox, type RouteSandbox } from '../support/route-sandbox';

let env: RouteSandbox;

beforeAll(async () => {
  env = await startRouteSandbox({ timeScale: 10, quietLevels: ['log', 'warn'] });
  // The scenario's controllers make its pods in their first moments: wait until there are some.
  for (let i = 0; ; i++) {
    const res = await callRoute(topology, { cluster: 'sandbox' }, { path: '/api/clusters/sandbox/topology' });
    if (res.status === 200 && (res.body as TopologySnapshot).pods.some((p) => p.nodeName)) break;
    if (i > 100) throw new Error('the scenario never scheduled a pod');
    await new Promise((r) => setTimeout(r, 200));
  }
});

afterAll(async () => {
  await env?.stop();
});

/**
 * A stream opened with `?encoding=…`: the data of its `event` (the snapshot) and the deltas that
 * came with it in the next moment (a snapshot held by the hub is followed by the deltas since).
 */
async function openWith(encoding: string, event: string): Promise<{ data: string; deltas: TopologyDelta[] }> {
  const response = await stream(new Request(`${TEST_ORIGIN}/api/clusters/sandbox/topology/stream?encoding=${encoding}`), { params: Promise.resolve({ cluster: 'sandbox' }) });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  let received = '';
  const read = async () => {
    const { value, done } = await reader.read();
    if (done) throw new Error(`the stream ended before a ${event} event`);
    received += new TextDecoder().decode(value);
  };
  try {
    while (!new RegExp(`event: ${event}\n[^]*?\n\n`).test(received)) await read();
    const settle = new Promise((r) => setTimeout(r, 300));
    await Promise.race([settle, (async () => { for (;;) await read(); })()]);
  } catch {
    // the race's reader is cancelled below
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const events = received.split('\n\n').map((block) => ({ type: /^event: (.*)$/m.exec(block)?.[1], data: /^data: (.*)$/m.exec(block)?.[1] }));
  const data = events.find((e) => e.type === event)!.data!;
  const deltas = events.filter((e) => e.type === 'delta').map((e) => JSON.parse(e.data!) as TopologyDelta);
  return { data, deltas };
}

/** The snapshot with its deltas applied, as the page does. */
const caughtUp = (snapshot: TopologySnapshot, deltas: TopologyDelta[]) => applyEvents(snapshot, freshDeltas(snapshot.resourceVersion, deltas).events);

const names = (s: TopologySnapshot) => ({
  nodes: s.nodes.map((n) => n.name).sort(),
  pods: s.pods.map((p) => `${p.namespace}/${p.name}`).sort(),
  nodePools: s.nodePools.map((p) => p.name).sort(),
});

describe('GET /api/clusters/{c}/topology/stream?encoding=', () => {
  it('columns: the snapshot the JSON route answers with, as snapshot-columns', async () => {
    const plain = (await callRoute(topology, { cluster: 'sandbox' }, { path: '/api/clusters/sandbox/topology' })).body as TopologySnapshot;
    const { data, deltas } = await openWith('columns', 'snapshot-columns');
    const snapshot = caughtUp(decodeSnapshot(JSON.parse(zlib.gunzipSync(Buffer.from(data, 'base64')).toString('utf8'))), deltas);
    expect(snapshot.cluster).toBe('sandbox');
    expect(snapshot.pods.length).toBeGreaterThan(0);
    // The scenario keeps moving; what is stable between the two reads is which objects exist.
    expect(names(snapshot)).toEqual(names(plain));
    const pod = plain.pods.find((p) => p.nodeName)!;
    expect(snapshot.pods.find((p) => p.uid === pod.uid)).toMatchObject({ namespace: pod.namespace, name: pod.name, nodeName: pod.nodeName, requests: pod.requests });
  });

  it('gzip stays plain JSON for simple clients', async () => {
    const { data, deltas } = await openWith('gzip', 'snapshot-gzip');
    const snapshot = caughtUp(JSON.parse(zlib.gunzipSync(Buffer.from(data, 'base64')).toString('utf8')) as TopologySnapshot, deltas);
    expect(snapshot.pods.length).toBeGreaterThan(0);
  });

  it('an unknown encoding is a 400 in JSON, and no stream', async () => {
    const res = await callRoute(stream, { cluster: 'sandbox' }, { path: '/api/clusters/sandbox/topology/stream?encoding=brotli' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(res.body.error.message).toMatch(/encoding/);
  });
});
