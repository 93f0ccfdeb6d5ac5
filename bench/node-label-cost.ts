// What keeping every node label costs: 5,000 nodes with the 32 labels an EKS + Karpenter node
// carries, each parsed on its own as the API server sends it, transformed into the model; the
// model's heap, its JSON and gzipped size. Run: node --expose-gc --import tsx bench/node-label-cost.ts
import { gzipSync } from 'node:zlib';
import { transformNode } from '@/lib/domain/transform/nodes';
import type { NodeInfo } from '@/lib/domain/model';

const NODES = 5000;
const zones = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
const families = ['m6a', 'c6a', 'r6a', 'm7i', 'c7g'];
const sizes = ['large', 'xlarge', '2xlarge', '4xlarge'];

function karpenterLabels(i: number, fam: string, size: string, zone: string): Record<string, string> {
  return {
    'karpenter.k8s.aws/ec2nodeclass': 'default',
    'karpenter.k8s.aws/instance-category': fam[0],
    'karpenter.k8s.aws/instance-cpu': '4',
    'karpenter.k8s.aws/instance-cpu-manufacturer': 'amd',
    'karpenter.k8s.aws/instance-ebs-bandwidth': '10000',
    'karpenter.k8s.aws/instance-encryption-in-transit-supported': 'true',
    'karpenter.k8s.aws/instance-family': fam,
    'karpenter.k8s.aws/instance-generation': fam.slice(1, 2),
    'karpenter.k8s.aws/instance-hypervisor': 'nitro',
    'karpenter.k8s.aws/instance-memory': '16384',
    'karpenter.k8s.aws/instance-network-bandwidth': '1562',
    'karpenter.k8s.aws/instance-size': size,
    'karpenter.sh/capacity-type': i % 4 ? 'spot' : 'on-demand',
    'karpenter.sh/initialized': 'true',
    'karpenter.sh/nodepool': `pool-${i % 8}`,
    'karpenter.sh/registered': 'true',
    'topology.ebs.csi.aws.com/zone': zone,
    'topology.k8s.aws/zone-id': `use1-az${i % 3}`,
  };
}

function rawNode(i: number): unknown {
  const [fam, size, zone] = [families[i % families.length], sizes[i % sizes.length], zones[i % zones.length]];
  const labels = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/instance-type': `${fam}.${size}`,
    'beta.kubernetes.io/os': 'linux',
    'failure-domain.beta.kubernetes.io/region': 'us-east-1',
    'failure-domain.beta.kubernetes.io/zone': zone,
    'k8s.io/cloud-provider-aws': 'a94967527effcefb5f5829f529c0a1b9',
    ...karpenterLabels(i, fam, size, zone),
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': `ip-10-0-${i >> 8}-${i & 255}.ec2.internal`,
    'kubernetes.io/os': 'linux',
    'node.kubernetes.io/instance-type': `${fam}.${size}`,
    'node-role.kubernetes.io/worker': '',
    'topology.kubernetes.io/region': 'us-east-1',
    'topology.kubernetes.io/zone': zone,
    team: `team-${i % 12}`,
  };
  const status = { capacity: { cpu: '4', memory: '16Gi', pods: '58' }, allocatable: { cpu: '3920m', memory: '15Gi', pods: '58' }, conditions: [{ type: 'Ready', status: 'True' }] };
  return JSON.parse(JSON.stringify({ metadata: { name: `i-0${(1e12 + i * 7919).toString(16)}`, uid: `uid-${i}`, labels, creationTimestamp: '2026-01-01T00:00:00Z' }, spec: {}, status }));
}

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
gc();
const before = process.memoryUsage().heapUsed;
const nodes: NodeInfo[] = [];
for (let i = 0; i < NODES; i++) nodes.push(transformNode(rawNode(i)));
gc();
const heap = process.memoryUsage().heapUsed - before;
const json = JSON.stringify(nodes);
const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`;
console.log(`${NODES} nodes, ${Object.keys(nodes[0].labels).length} labels each: heap ${mb(heap)}, JSON ${mb(json.length)}, gzip ${mb(gzipSync(json).length)}`);
