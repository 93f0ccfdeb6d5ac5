// The app's EKS adapter (lib/server/eks) against the sandbox's EKS API, configured only from the
// variables the sandbox writes to .sandbox/env — the same path it takes to AWS.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '@/lib/sandbox/sandbox';
import { readServerEnv } from '@/lib/server/env';
import { createEksClient, describeCluster, eksClusterName, listNodegroups } from '@/lib/server/eks/client';

let sandbox: Sandbox;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodelanes-eks-'));
  sandbox = await startSandbox({ scenario: 'migration', dir, port: 0, quiet: true });
});

afterAll(async () => {
  await sandbox?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('lib/server/eks against the sandbox', () => {
  it('reads the Auto Mode cluster and its managed node group', async () => {
    const vars = Object.fromEntries(
      fs
        .readFileSync(sandbox.envPath, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(/=(.*)/s).slice(0, 2)),
    );
    const env = readServerEnv(vars);
    const client = createEksClient(env);
    const name = eksClusterName(env)!;
    expect(name).toBe('sandbox');
    expect(await describeCluster(client, name)).toMatchObject({
      name: 'sandbox',
      status: 'ACTIVE',
      autoMode: true,
      builtInNodePools: ['general-purpose', 'system'],
      nodeRoleArn: 'arn:aws:iam::111122223333:role/AmazonEKSAutoNodeRole',
    });
    const groups = await listNodegroups(client, name);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({
      name: 'general-pool',
      status: 'ACTIVE',
      capacityType: 'ON_DEMAND',
      instanceTypes: ['t3.medium'],
      scaling: { minSize: 2, maxSize: 5, desiredSize: 2 },
      labels: { workload: 'cpu' },
    });
  });
});
