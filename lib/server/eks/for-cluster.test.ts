import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eksFor } from './for-cluster';

describe('the EKS API of a cluster from a clusters file', () => {
  let dir: string;
  const saved = { ...process.env };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodelanes-eks-for-'));
    const kubeconfig = path.join(dir, 'config');
    fs.writeFileSync(
      kubeconfig,
      'apiVersion: v1\nkind: Config\nclusters: [{ name: c, cluster: { server: "https://k.example.com" } }]\nusers: [{ name: u, user: { token: t } }]\ncontexts: [{ name: a, context: { cluster: c, user: u } }, { name: b, context: { cluster: c, user: u } }]\ncurrent-context: a\n',
    );
    const file = path.join(dir, 'clusters.yaml');
    fs.writeFileSync(file, 'clusters:\n  - { id: eu, context: a, eks: { region: eu-west-1, clusterName: prod-eu } }\n  - { id: plain, context: b }\n');
    for (const k of ['NODELANES_CLUSTER', 'EKS_CLUSTER_NAME', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_EKS']) delete process.env[k];
    process.env.KUBECONFIG = kubeconfig;
    process.env.NODELANES_CLUSTERS_FILE = file;
    process.env.AWS_REGION = 'us-east-1';
  });
  afterEach(() => {
    process.env = { ...saved };
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("calls the cluster's own region and EKS name, whatever the server's AWS_REGION", async () => {
    const eks = eksFor('eu')!;
    expect(eks).toMatchObject({ clusterName: 'prod-eu', region: 'eu-west-1' });
    expect(await eks.client.config.region()).toBe('eu-west-1');
    expect(eksFor('eu')!.client).toBe(eks.client);
  });

  it('has none for an entry without eks, even with EKS_CLUSTER_NAME set (that names one cluster, not every one)', () => {
    process.env.EKS_CLUSTER_NAME = 'elsewhere';
    expect(eksFor('plain')).toBeUndefined();
    expect(eksFor('nope')).toBeUndefined();
  });
});
