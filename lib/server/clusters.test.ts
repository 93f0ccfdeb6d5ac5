import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getCluster, listClusters } from './clusters';

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

  it('a bad environment lists nothing rather than throwing', () => {
    process.env.NODELANES_CLUSTER = 'nonsense';
    expect(listClusters()).toEqual([]);
    expect(getCluster('sandbox')).toBeUndefined();
  });
});
