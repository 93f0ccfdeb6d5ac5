// Node actions end to end through the route wrapper, the impersonating clients and the sandbox's
// API: cordon / uncordon, do-not-disrupt, drain through the Eviction API (a PDB's 429 retried) and
// drain by rollout restart (a one-replica deployment behind a PDB keeps a ready pod throughout).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAST_ACTION } from '@/lib/domain/rollout';
import { POST as cordon } from '@/app/api/clusters/[cluster]/nodes/[name]/cordon/route';
import { POST as uncordon } from '@/app/api/clusters/[cluster]/nodes/[name]/uncordon/route';
import { POST as doNotDisrupt } from '@/app/api/clusters/[cluster]/nodes/[name]/do-not-disrupt/route';
import { POST as drain } from '@/app/api/clusters/[cluster]/nodes/[name]/drain/route';
import { POST as cancelDrainRoute } from '@/app/api/clusters/[cluster]/nodes/[name]/drain/cancel/route';
import { DRAIN_STATE } from '@/lib/domain/drain-state';
import { GET as activity } from '@/app/api/clusters/[cluster]/activity/[id]/route';
import { drainNode } from '@/lib/server/k8s/mutations/nodes';
import { userApis } from '@/lib/server/user-apis';
import { callRoute } from '../support/route-call';
import { eventually, type kubectlFor } from '../support/kubectl';
import { startRouteSandbox, type RouteSandbox } from '../support/route-sandbox';
import { soloBehindPdb as soloBehindPdbIn } from '../support/solo-behind-pdb';

let env: RouteSandbox;
let kubectl: ReturnType<typeof kubectlFor>;
const params = (name: string) => ({ cluster: 'sandbox', name });

beforeAll(async () => {
  env = await startRouteSandbox({ timeScale: 10 });
  kubectl = env.kubectl;
});

afterAll(async () => {
  await env?.stop();
});

const node = (name: string) => kubectl.json(['get', 'node', name]);
const nodeEvents = async (name: string, reason: string) =>
  (await kubectl.json(['get', 'events', '-n', 'default', '--field-selector', `involvedObject.name=${name},reason=${reason}`])).items as Array<{ message: string }>;

const soloBehindPdb = (name: string, nodeSelector?: Record<string, string>) => soloBehindPdbIn(kubectl, name, nodeSelector);

describe('node actions', () => {
  it('cordons and uncordons, leaving the record and an Event on the node, found again as an activity', async () => {
    const nodes = await kubectl.json(['get', 'nodes', '-l', 'workload=cpu']);
    const name = nodes.items[0].metadata.name;
    const dry = await callRoute(cordon, params(name), { body: { dryRun: true } });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, kubectl: `kubectl cordon ${name}` });
    expect((await node(name)).spec.unschedulable).toBeUndefined();

    const res = await callRoute(cordon, params(name), { body: {} });
    expect(res.status).toBe(200);
    const after = await node(name);
    expect(after.spec.unschedulable).toBe(true);
    expect(JSON.parse(after.metadata.annotations[LAST_ACTION])).toMatchObject({ action: 'cordon', by: 'demo-operator', id: res.body.activityId });
    expect((await nodeEvents(name, 'Cordoned')).map((e) => e.message)).toContain(`kubectl cordon ${name} by demo-operator through nodelanes`);
    const found = await callRoute(activity, { cluster: 'sandbox', id: res.body.activityId });
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ action: 'cordon', objects: [{ kind: 'Node', name }] });

    expect((await callRoute(uncordon, params(name), { body: {} })).status).toBe(200);
    expect((await node(name)).spec.unschedulable).toBeUndefined();
  });

  it('marks and unmarks do-not-disrupt', async () => {
    const nodes = await kubectl.json(['get', 'nodes', '-l', 'karpenter.sh/nodepool=general-purpose']);
    const name = nodes.items[0].metadata.name;
    expect((await callRoute(doNotDisrupt, params(name), { body: {} })).status).toBe(200);
    expect((await node(name)).metadata.annotations['karpenter.sh/do-not-disrupt']).toBe('true');
    expect((await callRoute(doNotDisrupt, params(name), { body: { enabled: false } })).status).toBe(200);
    expect((await node(name)).metadata.annotations['karpenter.sh/do-not-disrupt']).toBeUndefined();
  });

  it('refuses a bad node name and an unknown mode', async () => {
    expect((await callRoute(cordon, params('Bad_Name'), { body: {} })).status).toBe(400);
    expect((await callRoute(drain, params('anything'), { body: { mode: 'delete' } })).status).toBe(400);
    expect((await callRoute(cordon, params('no-such-node'), { body: {} })).status).toBe(404);
  });

  it('drain by eviction waits on a PodDisruptionBudget (429, retried) and finishes once it allows', async () => {
    const name = await soloBehindPdb('guarded');
    const { done } = await drainNode(
      userApis('sandbox', { user: 'demo-operator', groups: ['operators'] }),
      { name, mode: 'evict', deployments: [] },
      { actor: 'demo-operator', requestId: 'test-drain-evict-0001' },
      { backoff: { baseMs: 50, maxMs: 200 }, pollMs: 100, timeoutMs: 60_000 },
    );
    const refused = await eventually('an eviction refused by the PDB', async () => (await nodeEvents(name, 'EvictionRefused')).find((e) => e.message.includes('apps/guarded-')));
    expect(refused.message).toMatch(/refused \(429: .*disruption budget/i);
    // The budget lets go: the retry goes through and the drain completes.
    await kubectl.ok(['delete', 'pdb', 'guarded', '-n', 'apps']);
    expect(await done).toBe('drained');
    expect((await nodeEvents(name, 'Drained')).length).toBeGreaterThan(0);
    await kubectl.ok(['uncordon', name]);
    await kubectl.ok(['delete', 'deployment', 'guarded', '-n', 'apps']);
  }, 90_000);

  // On an Auto Mode node: a general-pool node's drain by restart is refused (node-agent's
  // anti-affinity keeps its replacement off the other node; node-action-plan.test.ts).
  it('drain by rollout restart moves a one-replica deployment behind a PDB without a moment of zero ready pods', async () => {
    const name = await soloBehindPdb('solo', { 'karpenter.sh/nodepool': 'general-purpose' });
    // Auto Mode would remove the emptied node, and its activity record with it (records that
    // outlive their node are a later slice): keep it.
    await kubectl.ok(['annotate', 'node', name, 'karpenter.sh/do-not-disrupt=true']);
    const res = await callRoute(drain, params(name), { body: { mode: 'restart' } });
    expect(res.status).toBe(200);
    expect(res.body.drain.deployments).toContain('apps/solo');
    expect(res.body.kubectl).toContain('kubectl rollout restart deployment/solo -n apps');
    let minReady = Number.POSITIVE_INFINITY;
    const landed = await eventually(
      'solo to run on another node and the node to be drained',
      async () => {
        const d = await kubectl.json(['get', 'deployment', 'solo', '-n', 'apps']);
        minReady = Math.min(minReady, d.status.readyReplicas ?? 0);
        const pods = await kubectl.json(['get', 'pods', '-n', 'apps', '-l', 'app=solo']);
        const drained = (await nodeEvents(name, 'Drained')).length > 0;
        const elsewhere = pods.items.filter((p: { spec: { nodeName?: string }; metadata: { deletionTimestamp?: string } }) => p.spec.nodeName && p.spec.nodeName !== name && !p.metadata.deletionTimestamp);
        return drained && pods.items.length === 1 && elsewhere.length === 1 ? elsewhere[0].spec.nodeName : undefined;
      },
      90_000,
      100,
    );
    expect(landed).not.toBe(name);
    expect(minReady).toBeGreaterThanOrEqual(1);
    // The PDB never had to refuse: the rollout moved the pod before anything was evicted.
    expect((await nodeEvents(name, 'EvictionRefused')).filter((e) => e.message.includes('apps/solo-'))).toEqual([]);
    const found = await callRoute(activity, { cluster: 'sandbox', id: res.body.activityId });
    // The node's record names the action the user took; the restarted deployment shares its id.
    expect(found.body.action).toBe('drain-restart');
    expect(found.body.objects).toEqual(expect.arrayContaining([{ kind: 'Node', name }, expect.objectContaining({ kind: 'Deployment', namespace: 'apps', name: 'solo' })]));
    // Leave no PDB that allows nothing behind: the next drain would (rightly) be refused for it.
    await kubectl.ok(['delete', 'pdb', 'solo', '-n', 'apps']);
    await kubectl.ok(['delete', 'deployment', 'solo', '-n', 'apps']);
  }, 120_000);

  it('an evict-drain’s activity still opens after Auto Mode removed the emptied node, from the record on its Event', async () => {
    // A general-purpose node with one small pod: drained, Auto Mode finds it empty and removes it.
    const name = await soloBehindPdb('lonely', { 'karpenter.sh/nodepool': 'general-purpose' });
    await kubectl.ok(['delete', 'pdb', 'lonely', '-n', 'apps']);
    const res = await callRoute(drain, params(name), { body: { mode: 'evict' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const id = res.body.activityId;
    // Drained, or already removed by Auto Mode once empty (the drain then says so too).
    await eventually('the drain to finish', async () => (await nodeEvents(name, 'Drained')).length > 0, 90_000);
    // Whether or not Auto Mode has got to it yet, the node goes: its record with it.
    await kubectl.run(['delete', 'node', name, '--wait=true', '--ignore-not-found']);
    expect((await kubectl.run(['get', 'node', name])).code).not.toBe(0);
    const found = await callRoute(activity, { cluster: 'sandbox', id });
    expect(found.status, JSON.stringify(found.body)).toBe(200);
    expect(found.body).toMatchObject({ id, action: 'drain-evict', by: 'demo-operator', objects: [{ kind: 'Node', name }] });
    expect(Date.parse(found.body.at)).toBeGreaterThan(0);
    await kubectl.ok(['delete', 'deployment', 'lonely', '-n', 'apps']);
  }, 150_000);

  it('a drain held by a PDB is cancelled from another request: it stops, the node is uncordoned, its state says who', async () => {
    const name = await soloBehindPdb('held');
    const { done, activityId } = await drainNode(
      userApis('sandbox', { user: 'demo-operator', groups: ['operators'] }),
      { name, mode: 'evict', deployments: [] },
      { actor: 'demo-operator', requestId: 'test-drain-cancel-0001' },
      { backoff: { baseMs: 50, maxMs: 200 }, pollMs: 100, timeoutMs: 60_000 },
    );
    expect(JSON.parse((await node(name)).metadata.annotations[DRAIN_STATE])).toMatchObject({ id: activityId, state: 'running', mode: 'evict', by: 'demo-operator' });
    await eventually('an eviction refused by the PDB', async () => (await nodeEvents(name, 'EvictionRefused')).find((e) => e.message.includes('apps/held-')));

    const dry = await callRoute(cancelDrainRoute, params(name), { body: { uncordon: true, dryRun: true } });
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(JSON.parse((await node(name)).metadata.annotations[DRAIN_STATE]).state).toBe('running');
    const res = await callRoute(cancelDrainRoute, params(name), { body: { uncordon: true } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.cancelled).toMatchObject({ id: activityId, state: 'cancelled', reason: 'cancelled by demo-operator' });
    expect(await done).toBe('cancelled');
    const after = await node(name);
    expect(after.spec.unschedulable).toBeUndefined();
    expect(JSON.parse(after.metadata.annotations[DRAIN_STATE])).toMatchObject({ state: 'cancelled' });
    expect((await nodeEvents(name, 'DrainCancelled'))[0].message).toContain('uncordoned');
    // The pod the PDB protects was never evicted: it still runs on the node.
    const held = await kubectl.json(['get', 'pods', '-n', 'apps', '-l', 'app=held']);
    expect(held.items.map((p: { spec: { nodeName: string }; metadata: { deletionTimestamp?: string } }) => [p.spec.nodeName, p.metadata.deletionTimestamp])).toEqual([[name, undefined]]);
    const again = await callRoute(cancelDrainRoute, params(name), { body: {} });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('no_drain_running');
    await kubectl.ok(['delete', 'pdb', 'held', '-n', 'apps']);
    await kubectl.ok(['delete', 'deployment', 'held', '-n', 'apps']);
  }, 120_000);

  it('a drain whose node is removed under it ends as drained, saying so, not as a failure', async () => {
    // A pod a PDB holds keeps the drain going; then the node goes (as Auto Mode removes an empty
    // one). A managed node group's node: no Karpenter finalizer waits on that PDB too.
    const name = await soloBehindPdb('orphaned');
    const { done } = await drainNode(
      userApis('sandbox', { user: 'demo-operator', groups: ['operators'] }),
      { name, mode: 'evict', deployments: [] },
      { actor: 'demo-operator', requestId: 'test-drain-gone-0001' },
      { backoff: { baseMs: 50, maxMs: 200 }, pollMs: 100, timeoutMs: 60_000 },
    );
    await eventually('an eviction refused by the PDB', async () => (await nodeEvents(name, 'EvictionRefused')).find((e) => e.message.includes('apps/orphaned-')));
    await kubectl.ok(['delete', 'node', name, '--wait=true']);
    await done;
    expect((await nodeEvents(name, 'Drained')).map((e) => e.message)).toContain('Drained: the node was removed (Auto Mode removes a node once it is empty)');
    expect(await nodeEvents(name, 'DrainFailed')).toEqual([]);
    await kubectl.ok(['delete', 'pdb', 'orphaned', '-n', 'apps']);
    await kubectl.ok(['delete', 'deployment', 'orphaned', '-n', 'apps']);
  }, 120_000);
});
