import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClustersFileError, parseClustersFile } from './clusters-file';
import { getCluster, listClusters, loadClustersFile } from './clusters';
import { readServerEnv } from './env';

const problemsOf = (text: string): string[] => {
  try {
    parseClustersFile(text, 'clusters.yaml');
  } catch (err) {
    if (err instanceof ClustersFileError) return err.problems;
    throw err;
  }
  return [];
};

describe('clusters file', () => {
  it('reads contexts, in-cluster entries and their EKS API', () => {
    const entries = parseClustersFile(
      [
        'clusters:',
        '  - id: prod-eu',
        '    name: Production (eu-west-1)',
        '    context: arn:aws:eks:eu-west-1:111122223333:cluster/prod-eu',
        '    kubeconfig: /etc/nodelanes/kubeconfig',
        '    eks: { region: eu-west-1, clusterName: prod-eu }',
        '  - id: here',
        '    inCluster: true',
      ].join('\n'),
      'clusters.yaml',
    );
    expect(entries).toEqual([
      {
        id: 'prod-eu',
        name: 'Production (eu-west-1)',
        context: 'arn:aws:eks:eu-west-1:111122223333:cluster/prod-eu',
        kubeconfig: '/etc/nodelanes/kubeconfig',
        eks: { region: 'eu-west-1', clusterName: 'prod-eu' },
      },
      { id: 'here', inCluster: true },
    ]);
  });

  it('names the entry (position and id) and the field of every problem at once', () => {
    const problems = problemsOf(
      [
        'clusters:',
        '  - id: ok',
        '    context: a',
        '  - id: prod',
        '    context: b',
        '    eks: { region: Europe, clusterName: prod }',
        '  - id: both',
        '    context: c',
        '    inCluster: true',
        '  - id: neither',
        '  - id: "has space"',
        '    context: d',
        '  - id: ok',
        '    context: e',
        '    contxt: typo',
      ].join('\n'),
    );
    expect(problems).toEqual([
      'clusters[1] (id "prod").eks.region: not an AWS region (e.g. eu-west-1)',
      'clusters[2] (id "both").inCluster: a cluster is reached through a context or in-cluster, not both',
      'clusters[3] (id "neither").context: give a kubeconfig context, or inCluster: true',
      'clusters[4] (id "has space").id: letters, digits, ".", "_" and "-", starting with a letter or digit, at most 63',
      expect.stringMatching(/^clusters\[5\] \(id "ok"\): .*contxt/),
    ]);
  });

  it('refuses a duplicate id, naming both entries', () => {
    expect(problemsOf('clusters:\n  - { id: a, context: x }\n  - { id: a, context: y }')).toEqual(['clusters[1] (id "a"): id: the same as clusters[0]']);
  });

  it('refuses what is not a list of clusters', () => {
    expect(problemsOf('clusters: []')).toEqual(['clusters: list at least one cluster']);
    expect(problemsOf('- id: a')[0]).toMatch(/^\(file\): /);
    expect(problemsOf('clusters: [ {')[0]).toMatch(/^not YAML: /);
  });

  it('the file is the cluster source when NODELANES_CLUSTER is unset, and only then', () => {
    expect(readServerEnv({ NODELANES_CLUSTERS_FILE: '/x.yaml' }).NODELANES_CLUSTER).toBe('file');
    expect(readServerEnv({ NODELANES_CLUSTER: 'file', NODELANES_CLUSTERS_FILE: '/x.yaml' }).NODELANES_CLUSTER).toBe('file');
    expect(() => readServerEnv({ NODELANES_CLUSTER: 'sandbox', NODELANES_CLUSTERS_FILE: '/x.yaml' })).toThrow(/NODELANES_CLUSTER="sandbox": must be `file`/);
    expect(() => readServerEnv({ NODELANES_CLUSTER: 'file' })).toThrow(/NODELANES_CLUSTERS_FILE \(not set\): required/);
  });
});

describe('cluster registry from a clusters file', () => {
  let dir: string;
  const saved = { ...process.env };
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const kubeconfig = (contexts: Array<[string, string]>) =>
    [
      'apiVersion: v1',
      'kind: Config',
      `clusters:`,
      ...contexts.flatMap(([name, server]) => [`- name: ${name}-c`, '  cluster:', `    server: ${server}`]),
      'users: [{ name: me, user: { token: t } }]',
      'contexts:',
      ...contexts.flatMap(([name]) => [`- name: ${name}`, '  context:', `    cluster: ${name}-c`, '    user: me']),
      `current-context: ${contexts[0][0]}`,
    ].join('\n');

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodelanes-clusters-file-'));
    delete process.env.NODELANES_CLUSTER;
    delete process.env.KUBECONFIG;
  });
  afterEach(() => {
    process.env = { ...saved };
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists the entries in the file order, each with its context and EKS API; a missing context is listed with the reason', () => {
    const other = write('other', kubeconfig([['east', 'https://east.example.com']]));
    process.env.KUBECONFIG = write('config', kubeconfig([['prod', 'https://prod.example.com'], ['dev', 'http://127.0.0.1:1']]));
    process.env.NODELANES_CLUSTERS_FILE = write(
      'clusters.yaml',
      [
        'clusters:',
        '  - { id: dev, context: dev }',
        '  - { id: prod, name: Production, context: prod, eks: { region: eu-west-1, clusterName: prod-eu } }',
        `  - { id: east, context: east, kubeconfig: ${other} }`,
        '  - { id: gone, context: nowhere }',
      ].join('\n'),
    );
    expect(listClusters()).toEqual([
      { id: 'dev', name: 'dev', source: 'kubeconfig', server: 'http://127.0.0.1:1' },
      { id: 'prod', name: 'Production', source: 'kubeconfig', server: 'https://prod.example.com' },
      { id: 'east', name: 'east', source: 'kubeconfig', server: 'https://east.example.com' },
      { id: 'gone', name: 'gone', source: 'kubeconfig', server: '', problem: `no context "nowhere" in ${process.env.KUBECONFIG}` },
    ]);
    expect(getCluster('prod')).toMatchObject({ eks: { region: 'eu-west-1', clusterName: 'prod-eu' } });
    expect(getCluster('prod')!.kubeConfig.getCurrentContext()).toBe('prod');
    expect(getCluster('dev')!.kubeConfig.getCurrentCluster()?.skipTLSVerify).toBe(true);
    expect(getCluster('east')!.kubeConfig.getCurrentCluster()?.server).toBe('https://east.example.com');
    expect(getCluster('gone')).toBeUndefined();
  });

  it('follows the file when it changes, and lists nothing (saying why once) when it breaks', () => {
    process.env.KUBECONFIG = write('config', kubeconfig([['a', 'https://a.example.com'], ['b', 'https://b.example.com']]));
    const file = write('clusters.yaml', 'clusters: [{ id: a, context: a }]');
    process.env.NODELANES_CLUSTERS_FILE = file;
    expect(listClusters().map((c) => c.id)).toEqual(['a']);
    fs.writeFileSync(file, 'clusters: [{ id: a, context: a }, { id: b, context: b }]');
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(listClusters().map((c) => c.id)).toEqual(['a', 'b']);
    fs.writeFileSync(file, 'clusters: [{ id: a }]');
    fs.utimesSync(file, new Date(), new Date(Date.now() + 10_000));
    expect(listClusters()).toEqual([]);
    expect(() => loadClustersFile(file)).toThrow(/clusters\[0\] \(id "a"\)\.context: give a kubeconfig context/);
    expect(() => loadClustersFile(path.join(dir, 'missing.yaml'))).toThrow(/cannot read it \(ENOENT\)/);
  });
});
