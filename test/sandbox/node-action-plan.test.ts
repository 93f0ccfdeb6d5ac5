// Node actions are planned before they run, on a fresh sandbox (default scenario, nothing moved
// by hand first): a drain by restart of a managed node group node is refused up front, naming
// node-agent's hostname anti-affinity (the node's DaemonSet pod left alone, as kubectl drain leaves
// it), and leaves the node uncordoned and no deployment restarted;
// a Recreate deployment is refused with its reason; a dry run answers with the same plan.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as drain } from '@/app/api/clusters/[cluster]/nodes/[name]/drain/route';
import { POST as cordon } from '@/app/api/clusters/[cluster]/nodes/[name]/cordon/route';
import { callRoute } from '../support/route-call';
import { eventually, type kubectlFor } from '../support/kubectl';
import { startRouteSandbox, type RouteSandbox } from '../support/route-sandbox';

let env: RouteSandbox;
let kubectl: ReturnType<typeof kubectlFor>;
const params = (name: string) => ({ cluster: 'sandbox', name });

beforeAll(async () => {
  env = await startRouteSandbox({ timeScale: 10 });
  kubectl = env.kubectl;
}, 60_000);

afterAll(async () => {
  await env?.stop();
});

type Refusal = { code: string; workload?: string; deployment?: string; landing?: { code: string } };
type Deployment = { metadata: { name: string; generation: number } };

const generations = async (namespace: string) => Object.fromEntries(((await kubectl.json(['get', 'deployments', '-n', namespace])).items as Deployment[]).map((d) => [d.metadata.name, d.metadata.generation]));

/** The node a workload's first Running pod is on, once every replica runs. */
async function nodeOf(namespace: string, app: string, replicas: number): Promise<string> {
  return eventually(`${app} to run`, async () => {
    const pods = await kubectl.json(['get', 'pods', '-n', namespace, '-l', `app=${app}`]);
    const running = pods.items.filter((p: { status: { phase: string }; spec: { nodeName?: string } }) => p.status.phase === 'Running' && p.spec.nodeName);
    return running.length === replicas ? (running[0].spec.nodeName as string) : undefined;
  });
}

describe('node action plans on a fresh sandbox', () => {
  it('refuses a drain by restart of a general-pool node up front, naming node-agent anti-affinity, and cordons nothing', async () => {
    const name = await nodeOf('platform', 'node-agent', 2);
    const before = await generations('platform');
    // The dry run and the real run ask the same plan; the cache may still be syncing pods at first.
    const dry = await eventually('the plan to see node-agent', async () => {
      const res = await callRoute(drain, params(name), { body: { mode: 'restart', dryRun: true } });
      return res.status === 200 && res.body.plan.pods.some((p: { pod: string }) => p.pod.startsWith('platform/node-agent-')) ? res : undefined;
    });
    expect(dry.body.plan.canProceed).toBe(false);
    expect(dry.body.plan.refusals).toContainEqual(expect.objectContaining({ code: 'cannot-land', workload: 'platform/node-agent', landing: expect.objectContaining({ code: 'pod-anti-affinity' }) }));
    // The node's log agent (a DaemonSet pod) stays, as kubectl drain leaves it: no landing, no refusal, no restart.
    const agents = dry.body.plan.pods.filter((p: { pod: string }) => p.pod.startsWith('kube-system/fluent-bit-'));
    expect(agents).toEqual([{ pod: expect.any(String), workload: { kind: 'DaemonSet', name: 'fluent-bit' }, exit: 'ignored-daemonset' }]);
    expect(JSON.stringify(dry.body.plan.refusals)).not.toContain('fluent-bit');
    expect(dry.body.plan.restart).not.toContain('kube-system/fluent-bit');

    const res = await callRoute(drain, params(name), { body: { mode: 'restart' } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('plan_refused');
    expect(res.body.error.message).toMatch(/platform\/node-agent.*anti-affinity/);
    const refusals: Refusal[] = res.body.error.details.plan.refusals;
    expect(refusals.some((r) => r.code === 'cannot-land' && r.workload === 'platform/node-agent')).toBe(true);
    // Nothing changed: the node takes pods, and no deployment was restarted.
    expect((await kubectl.json(['get', 'node', name])).spec.unschedulable).toBeUndefined();
    expect(await generations('platform')).toEqual(before);
  }, 90_000);

  it('refuses to restart a Recreate deployment, with its reason, before the cordon', async () => {
    const labels = { app: 'recreated' };
    await kubectl.ok(['apply', '-f', '-'], {
      input: JSON.stringify({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'recreated', namespace: 'apps' },
        spec: {
          replicas: 1,
          strategy: { type: 'Recreate' },
          selector: { matchLabels: labels },
          template: { metadata: { labels }, spec: { nodeSelector: { 'karpenter.sh/nodepool': 'general-purpose' }, containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '50m', memory: '64Mi' } } }] } },
        },
      }),
    });
    const name = await nodeOf('apps', 'recreated', 1);
    const res = await eventually('the plan to see the Recreate deployment', async () => {
      const r = await callRoute(drain, params(name), { body: { mode: 'restart' } });
      return r.status === 409 && (r.body.error.details.plan.refusals as Refusal[]).some((x) => x.code === 'recreate-strategy') ? r : undefined;
    });
    expect(res.body.error.details.plan.refusals).toContainEqual({ code: 'recreate-strategy', deployment: 'apps/recreated' });
    expect(res.body.error.message).toMatch(/apps\/recreated uses the Recreate strategy/);
    expect((await kubectl.json(['get', 'node', name])).spec.unschedulable).toBeUndefined();
    expect((await kubectl.json(['get', 'deployment', 'recreated', '-n', 'apps'])).metadata.generation).toBe(1);
  }, 90_000);

  it('answers a cordon dry run with its plan: the pods that stay', async () => {
    const name = await nodeOf('platform', 'node-agent', 2);
    const res = await callRoute(cordon, params(name), { body: { dryRun: true } });
    expect(res.status).toBe(200);
    expect(res.body.plan).toMatchObject({ action: 'cordon', canProceed: true, steps: [{ step: 'cordon' }] });
    expect(res.body.plan.pods.every((p: { exit: string }) => p.exit === 'stays')).toBe(true);
    expect(res.body.plan.pods.length).toBeGreaterThan(0);
  }, 30_000);
});
