// The real kubectl against both servers, for what only kubectl's own bytes exercise: `kubectl
// create role|clusterrole|rolebinding|clusterrolebinding` send protobuf bodies, and both servers
// must store the same objects from them (and refuse an escalating one alike).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { kubectlFor } from '../support/kubectl';
import { diffPaths } from './case';
import { NS } from './fixtures';
import { normalizeObject } from './normalize';
import type { Server } from './http';
import type { Pair } from './servers';

/** A kubeconfig for one of the two servers, as any client reads it (kubectl, client-go). */
export function kubeconfig(dir: string, server: Server): string {
  const file = path.join(dir, `${server.name}.kubeconfig`);
  // Over http kubectl sends no credentials at all; the sandbox then acts as its admin.
  const user = `    token: ${server.token ?? 'sandbox-admin-token'}\n`;
  fs.writeFileSync(
    file,
    `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: ${server.base}\n    insecure-skip-tls-verify: true\nusers:\n- name: u\n  user:\n${user}contexts:\n- name: c\n  context: {cluster: c, user: u}\ncurrent-context: c\n`,
  );
  return file;
}

export function kubectlCases(pair: () => Pair) {
  let dir: string;
  let real: ReturnType<typeof kubectlFor>;
  let sandbox: ReturnType<typeof kubectlFor>;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diff-kubectl-'));
    real = kubectlFor(kubeconfig(dir, pair().real));
    sandbox = kubectlFor(kubeconfig(dir, pair().sandbox));
  });
  afterAll(() => {
    real?.cleanup();
    sandbox?.cleanup();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const creates: [string, string[], string[]][] = [
    ['kubectl create role', ['create', 'role', 'kc-role', '-n', NS, '--verb=get,list', '--resource=pods,deployments.apps', '--resource-name=a'], ['get', 'role', 'kc-role', '-n', NS]],
    ['kubectl create clusterrole', ['create', 'clusterrole', 'kc-clusterrole', '--verb=get', '--non-resource-url=/logs/*', '--non-resource-url=/healthz'], ['get', 'clusterrole', 'kc-clusterrole']],
    ['kubectl create clusterrole --aggregation-rule', ['create', 'clusterrole', 'kc-aggregate', '--aggregation-rule=kc=agg'], ['get', 'clusterrole', 'kc-aggregate']],
    [
      'kubectl create rolebinding',
      ['create', 'rolebinding', 'kc-binding', '-n', NS, '--clusterrole=view', '--user=u1', '--group=g1', `--serviceaccount=${NS}:bot`],
      ['get', 'rolebinding', 'kc-binding', '-n', NS],
    ],
    ['kubectl create clusterrolebinding', ['create', 'clusterrolebinding', 'kc-cluster-binding', '--clusterrole=kc-clusterrole', '--group=g2'], ['get', 'clusterrolebinding', 'kc-cluster-binding']],
  ];

  for (const [name, create, get] of creates) {
    it(name, async () => {
      const [a, b] = await Promise.all([real.run(create), sandbox.run(create)]);
      expect(b.stdout, b.stderr).toBe(a.stdout);
      const [ra, rb] = await Promise.all([real.json(get), sandbox.json(get)]);
      // The aggregation controller writes an aggregated role's rules on its own schedule.
      const shown = (o: unknown) => {
        const n = normalizeObject(o);
        if (n?.aggregationRule) delete n.rules;
        return n;
      };
      expect(diffPaths(shown(ra), shown(rb)), 'paths that differ (path: real → sandbox)').toEqual([]);
    });
  }

  it('kubectl create rolebinding as a user who would escalate', async () => {
    // diff-erin may create RoleBindings in the namespace (cases/rbac.ts) but holds no /logs/*.
    const args = ['--as=diff-erin', 'create', 'rolebinding', 'kc-denied', '-n', NS, '--clusterrole=kc-clusterrole', '--user=x'];
    const [a, b] = await Promise.all([real.run(args), sandbox.run(args)]);
    expect(b.code).toBe(a.code);
    expect(b.stderr).toBe(a.stderr);
  });
}
