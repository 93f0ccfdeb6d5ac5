// GET review end to end: the route wrapper, the shared cache, the metrics adapter (metrics.k8s.io
// through the impersonating client) and the verdicts, against a running sandbox.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as review } from '@/app/api/clusters/[cluster]/review/route';
import { callRoute } from '../support/route-call';
import { eventually, type kubectlFor } from '../support/kubectl';
import { startRouteSandbox, type RouteSandbox } from '../support/route-sandbox';

let env: RouteSandbox;
let kubectl: ReturnType<typeof kubectlFor>;

beforeAll(async () => {
  env = await startRouteSandbox({ timeScale: 10 });
  kubectl = env.kubectl;
});

afterAll(async () => {
  await env?.stop();
});

type Row = { node: string; pool: string; code: string; state: string; words: string; used?: { cpuMillis: number }; requested: { cpuMillis: number } };

describe('GET review', () => {
  it('lists every node with its verdict, usage from metrics.k8s.io, totals and history, at the cluster clock', async () => {
    // Let simulated time run ahead of ours (5 s per half second) so the two clocks differ.
    await new Promise((r) => setTimeout(r, 600));
    const before = env.sandbox.clock.now().getTime();
    const res = await callRoute(review, { cluster: 'sandbox' });
    const after = env.sandbox.clock.now().getTime();
    expect(res.status).toBe(200);
    // Simulated time runs ten times faster than ours: the review is judged at the sandbox's time
    // (its Date header, whole seconds), not at the dashboard's.
    const judgedAt = Date.parse(res.body.generatedAt);
    expect(judgedAt).toBeGreaterThanOrEqual(before - 1_000);
    expect(judgedAt).toBeLessThanOrEqual(after);
    expect(judgedAt - Date.now()).toBeGreaterThan(3_000);
    const nodes = await kubectl.json(['get', 'nodes']);
    const rows: Row[] = res.body.nodes;
    expect(rows.map((r) => r.node).sort()).toEqual(nodes.items.map((n: { metadata: { name: string } }) => n.metadata.name).sort());
    // The managed node group's nodes scale only through the group.
    const group = rows.filter((r) => r.pool === 'general-pool');
    expect(group.length).toBe(2);
    for (const r of group) expect(r).toMatchObject({ code: 'ManagedNodeGroup', state: 'unmanaged' });
    // Its sizes come from the EKS API (the sandbox's, found beside its kubeconfig).
    for (const r of group) expect(r.words).toMatch(/^Managed node group general-pool: scales only through the node group \(min 2, desired 2, max \d+\)/);
    // kubectl top's numbers, through the same metrics API (a node too new for a sample has none).
    expect(res.body.metrics).toBe(true);
    const measured = JSON.parse(await kubectl.ok(['get', '--raw', '/apis/metrics.k8s.io/v1beta1/nodes'])).items.map((m: { metadata: { name: string } }) => m.metadata.name);
    expect(measured.length).toBeGreaterThan(0);
    for (const r of rows.filter((x) => measured.includes(x.node))) expect(r.used?.cpuMillis).toBeGreaterThan(0);
    expect(res.body.totals.nodes).toBe(rows.length);
    expect(res.body.pools.map((p: { pool: string }) => p.pool)).toContain('general-purpose');
    expect(res.body.history.samples.length).toBeGreaterThan(0);
  });

  it('names the node that carries do-not-disrupt', async () => {
    const res = await callRoute(review, { cluster: 'sandbox' });
    const target: Row = res.body.nodes.find((r: Row) => r.pool === 'general-purpose');
    await kubectl.ok(['annotate', 'node', target.node, 'karpenter.sh/do-not-disrupt=true']);
    const row = await eventually('the node\'s verdict to be DoNotDisrupt', async () => {
      const again = await callRoute(review, { cluster: 'sandbox' });
      const r: Row = again.body.nodes.find((x: Row) => x.node === target.node);
      return r?.code === 'DoNotDisrupt' ? r : undefined;
    });
    expect(row.words).toBe(`Blocked: node ${target.node} is annotated karpenter.sh/do-not-disrupt: "true".`);
    await kubectl.ok(['annotate', 'node', target.node, 'karpenter.sh/do-not-disrupt-']);
  });

  it('exports CSV with a header row, one line per node', async () => {
    const res = await callRoute(review, { cluster: 'sandbox' }, { path: '/api/clusters/sandbox/review?format=csv' });
    expect(res.status).toBe(200);
    const lines = String(res.body).trimEnd().split('\r\n');
    expect(lines[0].split(',').slice(0, 3)).toEqual(['node', 'pool', 'instanceType']);
    const nodes = await kubectl.json(['get', 'nodes']);
    expect(lines.length).toBe(nodes.items.length + 1);
  });

  it('refuses an unknown format', async () => {
    const res = await callRoute(review, { cluster: 'sandbox' }, { path: '/api/clusters/sandbox/review?format=xml' });
    expect(res.status).toBe(400);
  });
});
