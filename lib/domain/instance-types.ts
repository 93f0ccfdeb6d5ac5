// The EC2 instance types the sandbox offers and the dashboard prices: shape (vCPU, memory, max
// pods on EKS with the VPC CNI), the well-known labels Auto Mode puts on such a node, and the
// public on-demand list price in us-east-1 (USD/hour, AWS public pricing). Prices are estimates, labelled so
// in the UI; Auto Mode adds a management fee of roughly 12% of the on-demand price.

import type { Resources } from './model';

export interface InstanceSpec {
  type: string;
  vcpu: number;
  memoryGiB: number;
  /** ENI-limited max pods for the VPC CNI without prefix delegation. */
  maxPods: number;
  arch: 'amd64' | 'arm64';
  category: string;
  family: string;
  generation: number;
  size: string;
  gpu?: number;
  /** On-demand USD per hour, us-east-1. */
  price: number;
}

const spec = (type: string, vcpu: number, memoryGiB: number, maxPods: number, price: number, gpu?: number): InstanceSpec => {
  const [family, size] = type.split('.');
  const category = family.replace(/\d.*$/, '');
  const generation = Number(/\d+/.exec(family)?.[0] ?? 0);
  return { type, vcpu, memoryGiB, maxPods, arch: 'amd64', category, family, generation, size, price, ...(gpu ? { gpu } : {}) };
};

export const INSTANCE_TYPES: readonly InstanceSpec[] = [
  spec('t3.medium', 2, 4, 17, 0.0416),
  spec('t3.large', 2, 8, 35, 0.0832),
  spec('c5.large', 2, 4, 29, 0.085),
  spec('c6a.large', 2, 4, 29, 0.0765),
  spec('c6a.xlarge', 4, 8, 58, 0.153),
  spec('m5.large', 2, 8, 29, 0.096),
  spec('m5.xlarge', 4, 16, 58, 0.192),
  spec('m6a.large', 2, 8, 29, 0.0864),
  spec('m6a.xlarge', 4, 16, 58, 0.1728),
  spec('m6a.2xlarge', 8, 32, 58, 0.3456),
  spec('r6a.large', 2, 16, 29, 0.1134),
  spec('g5.xlarge', 4, 16, 58, 1.006, 1),
];

const BY_TYPE = new Map(INSTANCE_TYPES.map((s) => [s.type, s]));

export function instanceSpec(type: string | undefined): InstanceSpec | undefined {
  return type ? BY_TYPE.get(type) : undefined;
}

/** Share of the on-demand price EKS Auto Mode charges on top, per instance (an estimate). */
export const AUTO_MODE_FEE = 0.12;

/** Estimated USD/hour of a node: list price, plus the Auto Mode fee for Auto Mode nodes. */
export function hourlyPrice(type: string | undefined, opts: { autoMode?: boolean } = {}): number | undefined {
  const s = instanceSpec(type);
  if (!s) return undefined;
  return s.price * (opts.autoMode ? 1 + AUTO_MODE_FEE : 1);
}

/** The well-known labels EKS Auto Mode puts on a node of this type. */
export function instanceLabels(s: InstanceSpec): Record<string, string> {
  return {
    'node.kubernetes.io/instance-type': s.type,
    'kubernetes.io/arch': s.arch,
    'kubernetes.io/os': 'linux',
    'eks.amazonaws.com/instance-category': s.category,
    'eks.amazonaws.com/instance-family': s.family,
    'eks.amazonaws.com/instance-generation': String(s.generation),
    'eks.amazonaws.com/instance-size': s.size,
    'eks.amazonaws.com/instance-cpu': String(s.vcpu),
    'eks.amazonaws.com/instance-memory': String(s.memoryGiB * 1024),
    ...(s.gpu ? { 'eks.amazonaws.com/instance-gpu-count': String(s.gpu) } : {}),
  };
}

const GI = 1024 ** 3;

/** Node capacity as the kubelet reports it. */
export function capacityOf(s: InstanceSpec): Resources {
  return { cpuMillis: s.vcpu * 1000, memoryBytes: s.memoryGiB * GI, pods: s.maxPods };
}

/**
 * What the kubelet holds back from a node's capacity, following the EKS AMI's formulas
 * (kube-reserved plus the hard eviction threshold): CPU 6% of the first core, 1% of the second,
 * 0.5% of cores 3–4, 0.25% above; memory 255 MiB + 11 MiB per pod the node may run, plus the
 * 100 MiB eviction threshold. Every simulated node (Auto Mode, managed node group, a node
 * applied by hand) is sized with it, and the dashboard's what-if offerings too.
 */
export function kubeletReserved(capacity: Resources): Resources {
  const cores = Math.ceil(capacity.cpuMillis / 1000);
  let cpu = 0;
  for (let core = 1; core <= cores; core++) cpu += core === 1 ? 60 : core === 2 ? 10 : core <= 4 ? 5 : 2.5;
  return { cpuMillis: Math.ceil(cpu), memoryBytes: (255 + 11 * capacity.pods + 100) * 1024 ** 2, pods: 0 };
}

/** Capacity minus the kubelet's reservation: what pods can request. */
export function allocatableFrom(capacity: Resources): Resources {
  const reserved = kubeletReserved(capacity);
  return {
    cpuMillis: Math.max(0, capacity.cpuMillis - reserved.cpuMillis),
    memoryBytes: Math.max(0, capacity.memoryBytes - reserved.memoryBytes),
    pods: capacity.pods,
  };
}

export function allocatableOf(s: InstanceSpec): Resources {
  return allocatableFrom(capacityOf(s));
}
