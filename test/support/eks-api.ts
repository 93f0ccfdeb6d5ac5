// The sandbox's EKS API alone on a local port, on a manual clock, with an AWS SDK client set up
// the way .sandbox/env sets it up (endpoint, region, dummy credentials).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { EKSClient } from '@aws-sdk/client-eks';
import { Store } from '@/lib/sandbox/store';
import { EksCluster } from '@/lib/sandbox/eks/cluster';
import { handleEks } from '@/lib/sandbox/eks/api';
import { ManualClock } from './manual-clock';

export const NODE_ROLE = 'arn:aws:iam::111122223333:role/AmazonEKSNodeRole';
export const SUBNET = 'subnet-0a1b2c3d4e5f60001';

export interface EksApi {
  url: string;
  eks: EKSClient;
  store: Store;
  clock: ManualClock;
  cluster: EksCluster;
  /** Nodes carrying eks.amazonaws.com/nodegroup=<name>. */
  groupNodes(name: string): ReturnType<Store['list']>;
  stop(): Promise<void>;
}

export async function startEksApi(): Promise<EksApi> {
  const clock = new ManualClock();
  const store = new Store({ now: clock.now });
  const cluster = new EksCluster(store, clock, 'sandbox');
  const server = http.createServer((req, res) => void handleEks(cluster, req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const eks = new EKSClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' } });
  return {
    url,
    eks,
    store,
    clock,
    cluster,
    groupNodes: (name) => store.list('nodes').filter((n) => n.metadata.labels?.['eks.amazonaws.com/nodegroup'] === name),
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}
