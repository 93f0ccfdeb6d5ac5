// A drain outlives the replica that ran it. The runner is stopped in-process (an AbortSignal: it
// stops where it stands and writes nothing more, no end state, no heartbeat — what a process exit
// does to it), then another runner's resumer pass finds the silent drain and continues it as the
// user who started it, against the same sandbox API server. Also: a forged identity is never
// acted on, and in token mode the drain waits for its user's Resume.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRAIN_STATE, type DrainState } from '@/lib/domain/drain-state';
import { POST as resumeRoute } from '@/app/api/clusters/[cluster]/nodes/[name]/drain/resume/route';
import { drainNode } from '@/lib/server/k8s/mutations/nodes';
import { drainSigner, resumeStaleDrains } from '@/lib/server/drain-resumer';
import { readServerEnv } from '@/lib/server/env';
import { userApis } from '@/lib/server/user-apis';
import { callRoute } from '../support/route-call';
import { eventually, type kubectlFor } from '../support/kubectl';
import { startRouteSandbox, type RouteSandbox } from '../support/route-sandbox';
import { soloBehindPdb } from '../support/solo-behind-pdb';

let env: RouteSandbox;
let kubectl: ReturnType<typeof kubectlFor>;
const operator = { user: 'demo-operator', groups: ['operators'] };
// Beats of 200 ms: a runner is silent after 600 ms, so the test need not wait 30 s.
const fast = { beatMs: 200, pollMs: 100, backoff: { baseMs: 50, maxMs: 200 } };

beforeAll(async () => {
  process.env.NEXTAUTH_SECRET = 'drain-resume-test-secret-'.padEnd(40, 'x');
  env = await startRouteSandbox({ timeScale: 10 });
  kubectl = env.kubectl;
}, 120_000);

afterAll(async () => {
  await env?.stop();
  delete process.env.NEXTAUTH_SECRET;
});

const stateOf = async (name: string): Promise<DrainState> => JSON.parse((await kubectl.json(['get', 'node', name])).metadata.annotations[DRAIN_STATE]);
/** The node's Events of one reason (the tests drain the same nodes: each looks for what names its own drain or pod). */
const nodeEvents = async (name: string, reason: string, naming: string) =>
  ((await kubectl.json(['get', 'events', '-n', 'default', '--field-selector', `involvedObject.name=${name},reason=${reason}`])).items as Array<{ message: string; metadata: { annotations?: Record<string, string> } }>).filter(
    (e) => e.message.includes(naming) || Object.values(e.metadata.annotations ?? {}).some((v) => v.includes(naming)),
  );
const podsOf = async (app: string) =>
  (await kubectl.json(['get', 'pods', '-n', 'apps', '-l', `app=${app}`])).items as Array<{ metadata: { name: string; deletionTimestamp?: string }; spec: { nodeName: string } }>;
const relax = (pdb: string) => kubectl.ok(['patch', 'pdb', pdb, '-n', 'apps', '--type', 'merge', '-p', '{"spec":{"minAvailable":0}}']);
const cleanUp = async (app: string, node: string) => {
  await kubectl.ok(['delete', 'pdb', app, '-n', 'apps']);
  await kubectl.ok(['delete', 'deployment', app, '-n', 'apps']);
  await kubectl.ok(['uncordon', node]);
};

/** Starts a drain held by `app`'s PDB as the operator under runner `runner`, then stops that runner. */
async function drainThenLoseRunner(name: string, app: string, runner: string) {
  const stop = new AbortController();
  const started = await drainNode(
    userApis('sandbox', operator),
    { name, mode: 'evict', deployments: [], options: { timeoutSeconds: 300 }, sign: drainSigner(operator) },
    { actor: 'demo-operator', requestId: `test-${runner}` },
    { ...fast, runner, stop: stop.signal },
  );
  await eventually('an eviction refused by the PDB', async () => (await nodeEvents(name, 'EvictionRefused', `apps/${app}-`))[0]);
  stop.abort();
  await started.done;
  return started.activityId;
}

describe('drains resumed after their runner died', () => {
  it('a drain held by a PDB, its runner stopped, is taken over by exactly one of two runners and finishes as the same user once the PDB allows', async () => {
    const name = await soloBehindPdb(kubectl, 'resumed');
    const id = await drainThenLoseRunner(name, 'resumed', 'replica-a');
    const left = await stateOf(name);
    expect(left).toMatchObject({ id, state: 'running', runner: 'replica-a', options: { timeoutSeconds: 300 }, as: { user: 'demo-operator', groups: ['operators'] } });

    // While its beat is fresh nobody takes it; 600 ms of silence later, one of two racing replicas does.
    expect((await resumeStaleDrains('sandbox', { runner: 'replica-b', beatMs: 60_000, drain: fast })).filter((o) => o.node === name)).toEqual([]);
    await new Promise((r) => setTimeout(r, 700));
    expect((await stateOf(name)).beat).toBe(left.beat);
    const [b, c] = await Promise.all([
      resumeStaleDrains('sandbox', { runner: 'replica-b', beatMs: 200, drain: fast }),
      resumeStaleDrains('sandbox', { runner: 'replica-c', beatMs: 200, drain: fast }),
    ]);
    const resumed = [...b, ...c].filter((o) => o.node === name);
    expect(resumed.map((o) => [o.id, o.kind])).toEqual([[id, 'resume']]);
    const holder = b.some((o) => o.node === name) ? 'replica-b' : 'replica-c';
    await eventually('the new runner to beat', async () => {
      const st = await stateOf(name);
      return st.runner === holder && st.beat !== undefined && Date.parse(st.beat) > Date.parse(left.beat!) && st;
    });
    expect((await nodeEvents(name, 'DrainResumed', id))[0].message).toContain(`Drain ${id} resumed by replica ${holder} as demo-operator`);

    await relax('resumed');
    await resumed[0].done;
    expect(await stateOf(name)).toMatchObject({ id, state: 'done', runner: holder });
    expect(await nodeEvents(name, 'Evicted', 'apps/resumed-')).toHaveLength(1);
    expect(await nodeEvents(name, 'Drained', `drain-resume-${id}`)).toHaveLength(1);
    expect(await nodeEvents(name, 'DrainFailed', id)).toEqual([]);
    const pods = await eventually('the replacement pod elsewhere', async () => {
      const p = await podsOf('resumed');
      return p.length === 1 && !p[0].metadata.deletionTimestamp && p;
    });
    expect(pods[0].spec.nodeName).not.toBe(name);
    await cleanUp('resumed', name);
  }, 180_000);

  it('a drain whose identity was rewritten to another user is ended failed with nothing done as anyone', async () => {
    const name = await soloBehindPdb(kubectl, 'forged');
    const id = await drainThenLoseRunner(name, 'forged', 'replica-d');
    const st = await stateOf(name);
    // Someone who may patch node annotations claims the drain for an administrator.
    const forged: DrainState = { ...st, as: { ...st.as!, user: 'admin', groups: ['system:masters'] } };
    await kubectl.ok(['annotate', 'node', name, '--overwrite', `${DRAIN_STATE}=${JSON.stringify(forged)}`]);
    await relax('forged');
    await new Promise((r) => setTimeout(r, 700));
    const out = (await resumeStaleDrains('sandbox', { runner: 'replica-e', beatMs: 200, drain: fast })).filter((o) => o.node === name);
    expect(out.map((o) => [o.id, o.kind])).toEqual([[id, 'fail']]);
    const ended = await stateOf(name);
    expect(ended.state).toBe('failed');
    expect(ended.reason).toContain("does not carry this server's signature");
    expect((await nodeEvents(name, 'DrainFailed', id))[0].message).toContain('node left cordoned');
    // Nothing was evicted though the PDB now allows it: the pod still runs on the node.
    await new Promise((r) => setTimeout(r, 500));
    expect((await podsOf('forged')).map((p) => [p.spec.nodeName, p.metadata.deletionTimestamp])).toEqual([[name, undefined]]);
    expect(await nodeEvents(name, 'DrainResumed', id)).toEqual([]);
    await cleanUp('forged', name);
  }, 180_000);

  it('in token mode the drain pauses for its user, and their own Resume finishes it', async () => {
    const name = await soloBehindPdb(kubectl, 'paused');
    const id = await drainThenLoseRunner(name, 'paused', 'replica-f');
    await new Promise((r) => setTimeout(r, 700));
    const tokenMode = { ...readServerEnv(), NODELANES_IDENTITY: 'token' as const };
    const out = (await resumeStaleDrains('sandbox', { runner: 'replica-g', beatMs: 200, env: tokenMode, drain: fast })).filter((o) => o.node === name);
    expect(out.map((o) => [o.id, o.kind])).toEqual([[id, 'pause']]);
    expect(await stateOf(name)).toMatchObject({ id, state: 'paused', reason: 'waiting for demo-operator to resume it (this server holds no credential of theirs)' });
    expect(await nodeEvents(name, 'Evicted', 'apps/paused-')).toEqual([]);

    await relax('paused');
    const dry = await callRoute(resumeRoute, { cluster: 'sandbox', name }, { body: { dryRun: true } });
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect((await stateOf(name)).state).toBe('paused');
    const res = await callRoute(resumeRoute, { cluster: 'sandbox', name }, { body: {} });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.resumed).toMatchObject({ id, state: 'running', resumedBy: 'demo-operator' });
    await eventually('the resumed drain to finish', async () => (await stateOf(name)).state === 'done', 90_000);
    expect((await nodeEvents(name, 'DrainResumed', id))[0].message).toContain('(asked by demo-operator)');
    const again = await callRoute(resumeRoute, { cluster: 'sandbox', name }, { body: {} });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('no_drain_paused');
    await cleanUp('paused', name);
  }, 180_000);
});
