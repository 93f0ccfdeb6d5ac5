// The details panel's truth against kubectl on a running sandbox: a node's conditions in the model
// are what `kubectl describe node` lists, and GET events for a node or pod is what
// `kubectl get events --field-selector involvedObject…` lists, newest first, read as the user.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encode } from 'next-auth/jwt';
import { GET as events } from '@/app/api/clusters/[cluster]/events/route';
import { getTopology } from '@/lib/server/topology-hub';
import type { EventInfo } from '@/lib/domain/model';
import { callRoute } from '../support/route-call';
import { eventually } from '../support/kubectl';
import { startRouteSandbox, type RouteSandbox } from '../support/route-sandbox';

const SECRET = 's'.repeat(40);
let env: RouteSandbox;
const saved = { ...process.env };
let alice: Record<string, string>;

beforeAll(async () => {
  env = await startRouteSandbox({ timeScale: 10 });
  // Sign-in on, so each request is the user its cookie names and the API server judges them.
  Object.assign(process.env, {
    NODELANES_OIDC_ISSUER: 'http://127.0.0.1:9/oidc',
    NODELANES_OIDC_CLIENT_ID: 'nodelanes',
    NODELANES_OIDC_CLIENT_SECRET: 'secret',
    NEXTAUTH_SECRET: SECRET,
  });
  alice = await as('alice', ['viewers']);
});

afterAll(async () => {
  process.env = { ...saved };
  await env?.stop();
});

async function as(user: string, groups: string[]) {
  const token = { sub: user, k8sUser: user, groups, sid: `sid-${user}`, signedInAt: Date.now() - 60_000, recheckAt: Date.now() + 600_000 };
  return { cookie: `next-auth.session-token=${await encode({ token, secret: SECRET })}` };
}

const get = (search: string, headers = alice) => callRoute(events, { cluster: 'sandbox' }, { path: `/api/clusters/sandbox/events${search}`, headers });

/** `kubectl describe node`'s Conditions table: Type, Status, heartbeat, transition, Reason, Message. */
function describedConditions(text: string): Array<{ type: string; status: string; reason: string; message: string }> {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith('Conditions:'));
  const rows = [];
  for (const line of lines.slice(start + 3)) {
    if (!line.startsWith(' ')) break;
    const [type, status, , , reason, message] = line.trim().split(/\s{2,}/);
    rows.push({ type, status, reason, message });
  }
  return rows;
}

type KubectlEvent = { metadata: { namespace: string; name: string }; reason: string; message: string };

async function kubectlEvents(selector: string, namespace?: string): Promise<KubectlEvent[]> {
  const scope = namespace ? ['-n', namespace] : ['-A'];
  return (await env.kubectl.json<{ items: KubectlEvent[] }>(['get', 'events', ...scope, '--field-selector', selector, '--sort-by=.lastTimestamp'])).items.reverse();
}

const keyOf = (e: { namespace?: string; metadata?: { namespace: string; name: string }; name?: string }) => (e.metadata ? `${e.metadata.namespace}/${e.metadata.name}` : `${e.namespace}/${e.name}`);

async function recordNodeEvent(node: string, name: string, reason: string, at: string) {
  const manifest = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: 'default' },
    involvedObject: { kind: 'Node', name: node, uid: node },
    reason,
    message: `${reason} on ${node}`,
    type: 'Warning',
    source: { component: 'node-problem-detector' },
    firstTimestamp: at,
    lastTimestamp: at,
    count: 1,
  };
  await env.kubectl.ok(['create', '-f', '-'], { input: JSON.stringify(manifest) });
}

describe('node details against kubectl', () => {
  it('the model holds every condition kubectl describe node lists, with its status, reason and message', async () => {
    const node = (await env.kubectl.ok(['get', 'nodes', '-o', 'jsonpath={.items[0].metadata.name}'])).trim();
    const snapshot = await eventually('the node in the model with its conditions', async () => {
      const s = await getTopology('sandbox');
      return s.nodes.find((n) => n.name === node)?.conditions ? s : undefined;
    });
    const described = describedConditions(await env.kubectl.ok(['describe', 'node', node]));
    expect(described.map((c) => c.type)).toEqual(expect.arrayContaining(['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure']));
    const ours = snapshot.nodes.find((n) => n.name === node)!.conditions!.map((c) => ({ type: c.type, status: c.status, reason: c.reason ?? '', message: c.message ?? '' }));
    expect(ours).toEqual(described);
  });

  it('GET events for a node is kubectl get events --field-selector on it, newest first', async () => {
    const node = (await env.kubectl.ok(['get', 'nodes', '-o', 'jsonpath={.items[1].metadata.name}'])).trim();
    await recordNodeEvent(node, 'npd-older', 'KernelOops', '2026-01-01T10:00:00Z');
    await recordNodeEvent(node, 'npd-newer', 'FilesystemIsReadOnly', '2026-01-02T10:00:00Z');
    const res = await get(`?kind=Node&name=${node}`);
    expect(res.status).toBe(200);
    const listed = await kubectlEvents(`involvedObject.kind=Node,involvedObject.name=${node}`);
    expect(res.body.events.map(keyOf).sort()).toEqual(listed.map(keyOf).sort());
    const mine = res.body.events.filter((e: EventInfo) => e.name.startsWith('npd-'));
    expect(mine.map((e: EventInfo) => [e.name, e.reason, e.type, e.source])).toEqual([
      ['npd-newer', 'FilesystemIsReadOnly', 'Warning', 'node-problem-detector'],
      ['npd-older', 'KernelOops', 'Warning', 'node-problem-detector'],
    ]);
    const times = res.body.events.map((e: EventInfo) => e.lastTimestamp);
    expect(times).toEqual([...times].sort().reverse());
    // kubectl's short form (the one the issue names) finds the same events in their namespace.
    const short = await kubectlEvents(`involvedObject.name=${node}`, 'default');
    expect(short.map(keyOf).sort()).toEqual(res.body.events.filter((e: EventInfo) => e.namespace === 'default').map(keyOf).sort());
  });

  it('GET events for a pod lists its namespace only, as kubectl -n does, and is not empty for a pod the cluster has spoken of', async () => {
    const name = await eventually('a pod in apps with events', async () => {
      const list = await env.kubectl.json<{ items: Array<{ involvedObject: { kind: string; name: string } }> }>(['get', 'events', '-n', 'apps']);
      return list.items.find((e) => e.involvedObject.kind === 'Pod')?.involvedObject.name;
    });
    const res = await get(`?kind=Pod&namespace=apps&name=${name}`);
    expect(res.status).toBe(200);
    const listed = await kubectlEvents(`involvedObject.kind=Pod,involvedObject.name=${name},involvedObject.namespace=apps`, 'apps');
    expect(res.body.events.length).toBeGreaterThan(0);
    expect(res.body.events.map(keyOf).sort()).toEqual(listed.map(keyOf).sort());
  });
});

describe('GET events refuses', () => {
  it('403 to a user who may not list events there, 200 where they may', async () => {
    const tess = await as('tess', ['team-apps']);
    const node = (await env.kubectl.ok(['get', 'nodes', '-o', 'jsonpath={.items[0].metadata.name}'])).trim();
    const refused = await get(`?kind=Node&name=${node}`, tess);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBeTruthy();
    const nobody = await get('?kind=Pod&namespace=apps&name=x', await as('nobody', []));
    expect(nobody.status).toBe(403);
    expect((await get('?kind=Pod&namespace=apps&name=x', tess)).status).toBe(200);
  });

  it('bad input with a JSON 400', async () => {
    for (const search of ['', '?kind=Node', '?kind=node&name=a', '?kind=Node&name=A_B', '?kind=Pod&name=a', '?kind=Node&name=a&namespace=default', '?kind=Node&name=a&extra=1', '?kind=Pod&name=a&namespace=Bad']) {
      const res = await get(search);
      expect(res.status, search).toBe(400);
      expect(res.body.error.code, search).toBe('invalid_request');
    }
  });
});
