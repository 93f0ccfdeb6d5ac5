import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getCluster, listClusters } from './clusters';
import { pageRequest } from './k8s/list-page';

const kubeconfig = (contexts: Array<{ name: string; server: string }>, current: string) =>
  [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    ...contexts.flatMap((c) => [`- name: ${c.name}-cluster`, '  cluster:', `    server: ${c.server}`]),
    'users:',
    '- name: me',
    '  user:',
    '    token: abc',
    'contexts:',
    ...contexts.flatMap((c) => [`- name: ${c.name}`, '  context:', `    cluster: ${c.name}-cluster`, '    user: me']),
    `current-context: ${current}`,
  ].join('\n');

describe('cluster registry', () => {
  let dir: string;
  const saved = { ...process.env };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodelanes-clusters-'));
  });

  afterEach(() => {
    process.env = { ...saved };
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sandbox mode: one cluster `sandbox`, plain http allowed', () => {
    const file = path.join(dir, 'kubeconfig');
    fs.writeFileSync(file, kubeconfig([{ name: 'sandbox', server: 'http://127.0.0.1:40001' }], 'sandbox'));
    process.env.NODELANES_CLUSTER = 'sandbox';
    process.env.NODELANES_SANDBOX_KUBECONFIG = file;
    expect(listClusters()).toEqual([{ id: 'sandbox', name: 'sandbox', source: 'sandbox', server: 'http://127.0.0.1:40001' }]);
    const handle = getCluster('sandbox')!;
    expect(handle.kubeConfig.getCurrentCluster()).toMatchObject({ server: 'http://127.0.0.1:40001', skipTLSVerify: true });
    expect(getCluster('other')).toBeUndefined();
  });

  it('sandbox mode before the sandbox has written its kubeconfig: listed, not usable', () => {
    process.env.NODELANES_CLUSTER = 'sandbox';
    process.env.NODELANES_SANDBOX_KUBECONFIG = path.join(dir, 'missing');
    expect(listClusters()).toEqual([{ id: 'sandbox', name: 'sandbox', source: 'sandbox', server: '' }]);
    expect(getCluster('sandbox')).toBeUndefined();
  });

  it('follows the file when the sandbox rewrites it on another port', () => {
    const file = path.join(dir, 'kubeconfig');
    process.env.NODELANES_SANDBOX_KUBECONFIG = file;
    fs.writeFileSync(file, kubeconfig([{ name: 'sandbox', server: 'http://127.0.0.1:40001' }], 'sandbox'));
    expect(getCluster('sandbox')!.server).toBe('http://127.0.0.1:40001');
    fs.writeFileSync(file, kubeconfig([{ name: 'sandbox', server: 'http://127.0.0.1:40002' }], 'sandbox'));
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(getCluster('sandbox')!.server).toBe('http://127.0.0.1:40002');
  });

  it('kubeconfig mode: one cluster per context, NODELANES_CONTEXT first, TLS left as configured', () => {
    const file = path.join(dir, 'config');
    fs.writeFileSync(
      file,
      kubeconfig(
        [
          { name: 'prod', server: 'https://prod.example.com' },
          { name: 'staging', server: 'https://staging.example.com' },
          { name: 'dev', server: 'https://dev.example.com' },
        ],
        'prod',
      ),
    );
    process.env.NODELANES_CLUSTER = 'kubeconfig';
    process.env.KUBECONFIG = file;
    process.env.NODELANES_CONTEXT = 'staging';
    expect(listClusters().map((c) => c.id)).toEqual(['staging', 'prod', 'dev']);
    const dev = getCluster('dev')!;
    expect(dev).toMatchObject({ source: 'kubeconfig', name: 'dev-cluster', server: 'https://dev.example.com' });
    expect(dev.kubeConfig.getCurrentContext()).toBe('dev');
    expect(dev.kubeConfig.getCurrentCluster()?.skipTLSVerify).toBeFalsy();
  });

  it("is one registry for every copy of this module in the process, so an exec plugin's token is fetched once and the lists read ahead are taken", async () => {
    // The preload's bundle carries its own copy of clusters.ts; vi.resetModules makes a second copy here.
    const runs = path.join(dir, 'runs');
    const plugin = path.join(dir, 'get-token.sh');
    fs.writeFileSync(
      plugin,
      `#!/bin/sh\necho run >> '${runs}'\necho '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"'$(date +%s%N)'","expirationTimestamp":"2099-01-01T00:00:00Z"}}'\n`,
      { mode: 0o755 },
    );
    const file = path.join(dir, 'config');
    fs.writeFileSync(
      file,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters: [{name: eks, cluster: {server: "https://eks.example.com"}}]',
        `users: [{name: me, user: {exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: "${plugin}", interactiveMode: Never}}}]`,
        'contexts: [{name: eks, context: {cluster: eks, user: me}}]',
        'current-context: eks',
      ].join('\n'),
    );
    process.env.NODELANES_CLUSTER = 'kubeconfig';
    process.env.KUBECONFIG = file;
    const first = getCluster('eks')!;
    vi.resetModules();
    const other = (await import('./clusters')).getCluster('eks')!;
    expect(other.kubeConfig).toBe(first.kubeConfig);
    const asked = await pageRequest(first.kubeConfig, '/api/v1/pods', { limit: 500 });
    const askedAgain = await pageRequest(other.kubeConfig, '/api/v1/pods', { limit: 500 });
    expect(askedAgain.asker).toBe(asked.asker);
    expect(fs.readFileSync(runs, 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('a bad environment lists nothing rather than throwing', () => {
    process.env.NODELANES_CLUSTER = 'nonsense';
    expect(listClusters()).toEqual([]);
    expect(getCluster('sandbox')).toBeUndefined();
  });
});
