import { describe, expect, it } from 'vitest';
import { readServerEnv } from '../env';
import { createEksClient, eksClientConfig } from './client';
import { toClusterInfo, toNodegroupInfo } from './transform';

describe('EKS client configuration', () => {
  it('points at the endpoint, region and static credentials of .sandbox/env', async () => {
    const env = readServerEnv({
      AWS_ENDPOINT_URL_EKS: 'http://127.0.0.1:43111',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'sandbox',
      AWS_SECRET_ACCESS_KEY: 'sandbox-secret',
      EKS_CLUSTER_NAME: 'sandbox',
    });
    const client = createEksClient(env);
    expect(await client.config.region()).toBe('us-east-1');
    const endpoint = await client.config.endpoint!();
    expect(`${endpoint.protocol}//${endpoint.hostname}:${endpoint.port}`).toBe('http://127.0.0.1:43111');
    expect(await client.config.credentials()).toMatchObject({ accessKeyId: 'sandbox', secretAccessKey: 'sandbox-secret' });
    client.destroy();
  });

  it('falls back to AWS_ENDPOINT_URL, AWS_DEFAULT_REGION and the SDK credential chain', () => {
    expect(eksClientConfig(readServerEnv({ AWS_ENDPOINT_URL: 'http://localhost:4566', AWS_DEFAULT_REGION: 'eu-west-1' }))).toEqual({
      region: 'eu-west-1',
      endpoint: 'http://localhost:4566',
      maxAttempts: 3,
    });
    expect(eksClientConfig(readServerEnv({}))).toEqual({ region: 'us-east-1', maxAttempts: 3 });
  });
});

describe('EKS transforms', () => {
  it('reads Auto Mode from DescribeCluster', () => {
    expect(
      toClusterInfo({
        name: 'sandbox',
        status: 'ACTIVE',
        version: '1.31',
        computeConfig: { enabled: true, nodePools: ['general-purpose', 'system'], nodeRoleArn: 'arn:aws:iam::111122223333:role/AmazonEKSAutoNodeRole' },
      }),
    ).toEqual({
      name: 'sandbox',
      status: 'ACTIVE',
      version: '1.31',
      autoMode: true,
      builtInNodePools: ['general-purpose', 'system'],
      nodeRoleArn: 'arn:aws:iam::111122223333:role/AmazonEKSAutoNodeRole',
    });
    expect(toClusterInfo({ name: 'old', status: 'ACTIVE' })).toMatchObject({ autoMode: false, builtInNodePools: [] });
  });

  it('reads a managed node group', () => {
    expect(
      toNodegroupInfo({
        nodegroupName: 'general-pool',
        status: 'ACTIVE',
        capacityType: 'ON_DEMAND',
        instanceTypes: ['t3.medium'],
        scalingConfig: { minSize: 2, maxSize: 5, desiredSize: 2 },
        labels: { workload: 'cpu' },
        taints: [{ key: 'dedicated', value: 'batch', effect: 'NO_SCHEDULE' }],
        createdAt: new Date('2025-05-01T10:00:00Z'),
      }),
    ).toEqual({
      name: 'general-pool',
      status: 'ACTIVE',
      capacityType: 'ON_DEMAND',
      instanceTypes: ['t3.medium'],
      scaling: { minSize: 2, maxSize: 5, desiredSize: 2 },
      labels: { workload: 'cpu' },
      taints: [{ key: 'dedicated', value: 'batch', effect: 'NO_SCHEDULE' }],
      createdAt: '2025-05-01T10:00:00.000Z',
    });
  });
});
