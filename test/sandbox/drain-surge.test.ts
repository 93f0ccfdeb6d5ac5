// The surge offer of a drain by restart, through the route: a one-replica Recreate deployment
// behind a PDB is refused by default (409, the plan naming it and offering the surge); asked with
// `surge: true`, the dry run changes nothing, and the real drain patches it to RollingUpdate
// maxSurge 1 / maxUnavailable 0, restarts it without a moment of zero ready pods, and sets it back
// to Recreate after the rollout.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as drain } from '@/app/api/clusters/[cluster]/nodes/[name]/drain/route';
import { DRAIN_STATE } from '@/lib/domain/drain-state';
import { callRoute } from '../support/route-call';
import { eventually, type kubectlFor } from '../support/kubectl';
import { startRouteSandbox, type RouteSandbox } from '../support/route-sandbox';
import { soloBehindPdb } from '../support/solo-behind-pdb';

let env: RouteSandbox;
let kubectl: ReturnType<typeof kubectlFor>;

beforeAll(async () => {
  env = await startRouteSandbox({ timeScale: 10 });
  kubectl = env.kubectl;
}, 120_000);

afterAll(async () => {
  await env?.stop();
});

const strategyOf = async () => (await kubectl.json(['get', 'deployment', 'once', '-n', 'apps'])).spec.strategy;
const events = async (kind: string, name: string, reason: string) =>
  (await kubectl.json(['get', 'events', '-A', '--field-selector', `involvedObject.kind=${kind},involvedObject.name=${name},reason=${reason}`])).items as Array<{ message: string }>;

describe('the surge offer of a drain by restart', () => {
  it('refuses a Recreate deployment by default, offering the surge; asked, patches it, drains with a ready pod throughout, and sets it back', async () => {
    const name = await soloBehindPdb(kubectl, 'once', { 'karpenter.sh/nodepool': 'general-purpose' });
    await kubectl.ok(['patch', 'deployment', 'once', '-n', 'apps', '--type', 'merge', '-p', '{"spec":{"strategy":{"type":"Recreate","rollingUpdate":null}}}']);
    await kubectl.ok(['annotate', 'node', name, 'karpenter.sh/do-not-disrupt=true']);
    const params = { cluster: 'sandbox', name };

    const refused = await callRoute(drain, params, { body: { mode: 'restart' } });
    expect(refused.status, JSON.stringify(refused.body)).toBe(409);
    expect(refused.body.error.message).toContain('Deployment apps/once uses the Recreate strategy');
    expect(refused.body.error.details.plan.surge).toEqual([{ deployment: 'apps/once', from: { type: 'Recreate' } }]);
    expect((await kubectl.json(['get', 'node', name])).spec.unschedulable).toBeUndefined();

    const dry = await callRoute(drain, params, { body: { mode: 'restart', surge: true, dryRun: true } });
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body.plan.steps.map((s: { step: string }) => s.step)).toEqual(expect.arrayContaining(['cordon', 'surge', 'restart']));
    expect((await strategyOf()).type).toBe('Recreate');

    const res = await callRoute(drain, params, { body: { mode: 'restart', surge: true } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    let minReady = Number.POSITIVE_INFINITY;
    await eventually(
      'the drain to finish',
      async () => {
        const d = await kubectl.json(['get', 'deployment', 'once', '-n', 'apps']);
        minReady = Math.min(minReady, d.status.readyReplicas ?? 0);
        const st = (await kubectl.json(['get', 'node', name])).metadata.annotations[DRAIN_STATE];
        return st && JSON.parse(st).state !== 'running' ? JSON.parse(st) : undefined;
      },
      90_000,
      100,
    );
    expect(JSON.parse((await kubectl.json(['get', 'node', name])).metadata.annotations[DRAIN_STATE])).toMatchObject({ state: 'done', surged: [{ deployment: 'apps/once', from: { type: 'Recreate' } }] });
    expect(minReady).toBeGreaterThanOrEqual(1);
    const pods = (await kubectl.json(['get', 'pods', '-n', 'apps', '-l', 'app=once'])).items as Array<{ spec: { nodeName: string }; metadata: { deletionTimestamp?: string } }>;
    expect(pods.filter((p) => !p.metadata.deletionTimestamp).map((p) => p.spec.nodeName)).not.toContain(name);
    expect(await strategyOf()).toEqual({ type: 'Recreate' });
    expect((await events('Deployment', 'once', 'SurgeForDrain'))[0].message).toContain('(was Recreate; set back after the rollout)');
    expect((await events('Deployment', 'once', 'SurgeRestored'))[0].message).toContain('Strategy set back to Recreate');
    await kubectl.ok(['delete', 'pdb', 'once', '-n', 'apps']);
    await kubectl.ok(['delete', 'deployment', 'once', '-n', 'apps']);
  }, 180_000);
});
