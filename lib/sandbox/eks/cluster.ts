// The sandbox's EKS control plane: the cluster record (Auto Mode on) and its managed node groups.
// A node group owns the nodes it launched, and only those: existing nodes never join a new group
// (EKS.md). Launching, scaling and deleting take simulated time, with the status transitions the
// real service reports (CREATING → ACTIVE, UPDATING, DELETING).

import type { KObject, Store } from '../store';
import { EksError } from './errors';
import { allocatableFrom, instanceSpec } from '@/lib/domain/instance-types';
import type { SimTimer } from '../sim/clock';

export type NodegroupStatus = 'CREATING' | 'ACTIVE' | 'UPDATING' | 'DELETING' | 'CREATE_FAILED' | 'DELETE_FAILED' | 'DEGRADED';
export type TaintEffect = 'NO_SCHEDULE' | 'NO_EXECUTE' | 'PREFER_NO_SCHEDULE';

export interface NodegroupTaint {
  key: string;
  value?: string;
  effect: TaintEffect;
}

export interface ScalingConfig {
  minSize: number;
  maxSize: number;
  desiredSize: number;
}

export interface Nodegroup {
  nodegroupName: string;
  nodegroupArn: string;
  clusterName: string;
  version: string;
  releaseVersion: string;
  createdAt: Date;
  modifiedAt: Date;
  status: NodegroupStatus;
  capacityType: 'ON_DEMAND' | 'SPOT';
  scalingConfig: ScalingConfig;
  instanceTypes: string[];
  subnets: string[];
  amiType: string;
  nodeRole: string;
  labels: Record<string, string>;
  taints: NodegroupTaint[];
  diskSize: number;
  tags: Record<string, string>;
  updateConfig: { maxUnavailable: number };
}

export interface CreateNodegroupInput {
  nodegroupName?: unknown;
  nodeRole?: unknown;
  subnets?: unknown;
  scalingConfig?: Partial<ScalingConfig>;
  instanceTypes?: unknown;
  labels?: Record<string, string>;
  taints?: NodegroupTaint[];
  capacityType?: unknown;
  amiType?: unknown;
  diskSize?: unknown;
  tags?: Record<string, string>;
}

export interface UpdateNodegroupConfigInput {
  scalingConfig?: Partial<ScalingConfig>;
  labels?: { addOrUpdateLabels?: Record<string, string>; removeLabels?: string[] };
  taints?: { addOrUpdateTaints?: NodegroupTaint[]; removeTaints?: NodegroupTaint[] };
}

export const ACCOUNT = '111122223333';
export const REGION = 'us-east-1';
const K8S_VERSION = '1.32';
const RELEASE = '1.32.0-20251120';
/** The sandbox VPC's subnets, one per zone. */
export const SUBNETS: Record<string, string> = {
  'subnet-0a1b2c3d4e5f60001': 'us-east-1a',
  'subnet-0a1b2c3d4e5f60002': 'us-east-1b',
  'subnet-0a1b2c3d4e5f60003': 'us-east-1c',
};

/** Simulated seconds for an instance to be launched and registered. */
const LAUNCH_SECONDS = 20;
const TAINT_EFFECTS: Record<TaintEffect, string> = {
  NO_SCHEDULE: 'NoSchedule',
  NO_EXECUTE: 'NoExecute',
  PREFER_NO_SCHEDULE: 'PreferNoSchedule',
};
const GROUP_LABEL = 'eks.amazonaws.com/nodegroup';
const NAME_RE = /^[0-9A-Za-z][A-Za-z0-9\-_]{0,62}$/;

export class EksCluster {
  private readonly groups = new Map<string, Nodegroup>();
  private nodeSeq = 0;

  constructor(
    private readonly store: Store,
    private readonly clock: SimTimer,
    readonly name = 'sandbox',
    private readonly createdAt = clock.now(),
  ) {}

  describeCluster(name: string) {
    this.requireCluster(name);
    return {
      name: this.name,
      arn: `arn:aws:eks:${REGION}:${ACCOUNT}:cluster/${this.name}`,
      createdAt: this.createdAt,
      version: K8S_VERSION,
      endpoint: 'https://sandbox.eks.local',
      roleArn: `arn:aws:iam::${ACCOUNT}:role/AmazonEKSAutoClusterRole`,
      resourcesVpcConfig: {
        subnetIds: Object.keys(SUBNETS),
        securityGroupIds: ['sg-0a1b2c3d4e5f60001'],
        clusterSecurityGroupId: 'sg-0a1b2c3d4e5f60000',
        vpcId: 'vpc-0a1b2c3d4e5f60000',
        endpointPublicAccess: true,
        endpointPrivateAccess: true,
      },
      kubernetesNetworkConfig: { serviceIpv4Cidr: '10.100.0.0/16', ipFamily: 'ipv4', elasticLoadBalancing: { enabled: true } },
      status: 'ACTIVE',
      platformVersion: 'eks.10',
      accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' },
      // Auto Mode is on: compute, block storage and load balancing are managed by EKS.
      computeConfig: {
        enabled: true,
        nodePools: ['general-purpose', 'system'],
        nodeRoleArn: `arn:aws:iam::${ACCOUNT}:role/AmazonEKSAutoNodeRole`,
      },
      storageConfig: { blockStorage: { enabled: true } },
      tags: {},
    };
  }

  listNodegroups(name: string): string[] {
    this.requireCluster(name);
    return [...this.groups.keys()].sort();
  }

  describeNodegroup(cluster: string, group: string): Nodegroup {
    this.requireCluster(cluster);
    return this.requireGroup(group);
  }

  createNodegroup(cluster: string, input: CreateNodegroupInput): Nodegroup {
    this.requireCluster(cluster);
    const group = this.validateCreate(input);
    if (this.groups.has(group.nodegroupName)) {
      throw new EksError('ResourceInUseException', `NodeGroup already exists with name ${group.nodegroupName} and cluster name ${this.name}`, {
        clusterName: this.name,
        nodegroupName: group.nodegroupName,
      });
    }
    this.groups.set(group.nodegroupName, group);
    this.clock.setTimeout(() => this.converge(group.nodegroupName), LAUNCH_SECONDS * 1000);
    return group;
  }

  /** A group that exists from the start (the scenario's seed): its nodes launch at once. */
  seedNodegroup(input: CreateNodegroupInput): Nodegroup {
    const group = this.validateCreate(input);
    this.groups.set(group.nodegroupName, group);
    this.converge(group.nodegroupName);
    return group;
  }

  updateNodegroupConfig(cluster: string, name: string, input: UpdateNodegroupConfigInput) {
    this.requireCluster(cluster);
    const group = this.requireGroup(name);
    if (group.status !== 'ACTIVE' && group.status !== 'DEGRADED') {
      throw new EksError('ResourceInUseException', `Nodegroup ${name} is currently in ${group.status} state, cannot update`, {
        clusterName: this.name,
        nodegroupName: name,
      });
    }
    if (!input.scalingConfig && !input.labels && !input.taints) {
      throw new EksError('InvalidParameterException', 'No changes needed for the nodegroup config update request');
    }
    const params: { type: string; value: string }[] = [];
    if (input.scalingConfig) {
      const next = { ...group.scalingConfig, ...input.scalingConfig };
      checkScaling(next);
      group.scalingConfig = next;
      for (const [k, v] of Object.entries(input.scalingConfig)) params.push({ type: k.replace(/^./, (c) => c.toUpperCase()), value: String(v) });
    }
    if (input.labels) {
      for (const [k, v] of Object.entries(input.labels.addOrUpdateLabels ?? {})) group.labels[k] = v;
      for (const k of input.labels.removeLabels ?? []) delete group.labels[k];
      params.push({ type: 'LabelsToAdd', value: JSON.stringify(input.labels.addOrUpdateLabels ?? {}) });
    }
    if (input.taints) {
      const removed = new Set((input.taints.removeTaints ?? []).map((t) => `${t.key}:${t.effect}`));
      group.taints = group.taints.filter((t) => !removed.has(`${t.key}:${t.effect}`));
      for (const t of input.taints.addOrUpdateTaints ?? []) {
        checkTaint(t);
        group.taints = [...group.taints.filter((x) => !(x.key === t.key && x.effect === t.effect)), t];
      }
      params.push({ type: 'TaintsToAdd', value: JSON.stringify(input.taints.addOrUpdateTaints ?? []) });
    }
    group.status = 'UPDATING';
    group.modifiedAt = this.clock.now();
    this.clock.setTimeout(() => this.converge(name), 1000);
    return {
      id: crypto.randomUUID(),
      status: 'InProgress',
      type: 'ConfigUpdate',
      params,
      createdAt: this.clock.now(),
      errors: [],
    };
  }

  deleteNodegroup(cluster: string, name: string): Nodegroup {
    this.requireCluster(cluster);
    const group = this.requireGroup(name);
    if (group.status === 'DELETING') return group;
    group.status = 'DELETING';
    group.modifiedAt = this.clock.now();
    // Like EKS: cordon and drain every node of the group, then terminate the instances.
    for (const node of this.nodesOf(name)) this.retireNode(node);
    this.clock.setTimeout(() => this.finishDelete(name), 1000);
    return group;
  }

  private finishDelete(name: string) {
    const remaining = this.nodesOf(name);
    if (remaining.length === 0) {
      this.groups.delete(name);
      return;
    }
    for (const node of remaining) this.removeNodeWhenEmpty(node);
    this.clock.setTimeout(() => this.finishDelete(name), 1000);
  }

  /** Brings the group's node count to its desired size, then marks it ACTIVE. */
  private converge(name: string) {
    const group = this.groups.get(name);
    if (!group || group.status === 'DELETING') return;
    const nodes = this.nodesOf(name).filter((n) => !n.spec?.unschedulable);
    const want = group.scalingConfig.desiredSize;
    for (let i = nodes.length; i < want; i++) this.launchNode(group, i);
    // Scale-in removes the newest nodes first.
    const extra = nodes
      .sort((a, b) => (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? ''))
      .slice(0, Math.max(0, nodes.length - want));
    for (const node of extra) this.retireNode(node);
    for (const node of this.nodesOf(name)) this.applyGroupLabelsAndTaints(group, node);
    group.status = 'ACTIVE';
    group.modifiedAt = this.clock.now();
  }

  private launchNode(group: Nodegroup, index: number) {
    const type = group.instanceTypes[index % group.instanceTypes.length];
    const spec = instanceSpec(type);
    const subnet = group.subnets[index % group.subnets.length];
    const zone = SUBNETS[subnet] ?? 'us-east-1a';
    const seq = ++this.nodeSeq;
    const ip = `10.0.${100 + ((seq * 7) % 150)}.${10 + ((seq * 37) % 240)}`;
    const name = `ip-${ip.replaceAll('.', '-')}.ec2.internal`;
    const instanceId = `i-0${(0x5a17e000 + seq * 7919).toString(16)}${seq.toString(16).padStart(8, '0')}`.slice(0, 19);
    const cpu = String(spec?.vcpu ?? 2);
    const memoryMi = (spec?.memoryGiB ?? 4) * 1024;
    const maxPods = String(spec?.maxPods ?? 17);
    const node: KObject = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        labels: {
          ...group.labels,
          [GROUP_LABEL]: group.nodegroupName,
          'eks.amazonaws.com/capacityType': group.capacityType,
          'eks.amazonaws.com/nodegroup-image': 'ami-0a1b2c3d4e5f60718',
          'eks.amazonaws.com/sourceLaunchTemplateVersion': '1',
          'node.kubernetes.io/instance-type': type,
          'beta.kubernetes.io/instance-type': type,
          'topology.kubernetes.io/zone': zone,
          'topology.kubernetes.io/region': REGION,
          'kubernetes.io/arch': spec?.arch ?? 'amd64',
          'kubernetes.io/os': 'linux',
          'kubernetes.io/hostname': name,
        },
        annotations: { 'alpha.kubernetes.io/provided-node-ip': ip },
      },
      spec: {
        providerID: `aws:///${zone}/${instanceId}`,
        taints: group.taints.map((t) => ({ key: t.key, ...(t.value ? { value: t.value } : {}), effect: TAINT_EFFECTS[t.effect] })),
      },
      status: {
        capacity: { cpu, memory: `${memoryMi}Mi`, pods: maxPods, 'ephemeral-storage': `${group.diskSize}Gi` },
        allocatable: {
          ...kubeletAllocatable(Number(cpu), memoryMi, Number(maxPods)),
          pods: maxPods,
          'ephemeral-storage': `${Math.round(group.diskSize * 0.9)}Gi`,
        },
        addresses: [
          { type: 'InternalIP', address: ip },
          { type: 'Hostname', address: name },
          { type: 'InternalDNS', address: name },
        ],
      },
    };
    if (node.spec.taints.length === 0) delete node.spec.taints;
    this.store.create('nodes', node);
  }

  private applyGroupLabelsAndTaints(group: Nodegroup, node: KObject) {
    const labels = { ...node.metadata.labels };
    for (const [k, v] of Object.entries(group.labels)) labels[k] = v;
    const taints = group.taints.map((t) => ({ key: t.key, ...(t.value ? { value: t.value } : {}), effect: TAINT_EFFECTS[t.effect] }));
    const others = ((node.spec?.taints ?? []) as { key: string }[]).filter((t) => t.key.startsWith('node.kubernetes.io/'));
    const next = { ...node, metadata: { ...node.metadata, labels }, spec: { ...node.spec, taints: [...others, ...taints] } };
    if (next.spec.taints.length === 0) delete next.spec.taints;
    this.store.update('nodes', next);
  }

  /** Cordons a node and asks its pods to leave; the node goes once they have. */
  private retireNode(node: KObject) {
    const current = this.store.get('nodes', undefined, node.metadata.name);
    if (!current) return;
    if (!current.spec?.unschedulable) this.store.update('nodes', { ...current, spec: { ...current.spec, unschedulable: true } });
    const now = this.store.timestamp();
    for (const pod of this.store.list('pods')) {
      if (pod.spec?.nodeName !== node.metadata.name || pod.metadata.deletionTimestamp) continue;
      const grace = Math.min(pod.spec?.terminationGracePeriodSeconds ?? 30, 30);
      if (grace === 0) {
        this.store.remove('pods', pod.metadata.namespace, pod.metadata.name);
        continue;
      }
      this.store.update('pods', { ...pod, metadata: { ...pod.metadata, deletionTimestamp: now, deletionGracePeriodSeconds: grace } });
    }
    this.clock.setTimeout(() => this.removeNodeWhenEmpty(node), 1000);
  }

  private removeNodeWhenEmpty(node: KObject) {
    if (!this.store.get('nodes', undefined, node.metadata.name)) return;
    const busy = this.store.list('pods').some((p) => p.spec?.nodeName === node.metadata.name);
    if (busy) {
      this.clock.setTimeout(() => this.removeNodeWhenEmpty(node), 1000);
      return;
    }
    this.store.remove('nodes', undefined, node.metadata.name);
  }

  private nodesOf(group: string): KObject[] {
    return this.store.list('nodes').filter((n) => n.metadata.labels?.[GROUP_LABEL] === group);
  }

  private requireCluster(name: string) {
    if (name !== this.name) throw new EksError('ResourceNotFoundException', `No cluster found for name: ${name}.`);
  }

  private requireGroup(name: string): Nodegroup {
    const group = this.groups.get(name);
    if (!group) {
      throw new EksError('ResourceNotFoundException', `No node group found for name: ${name}.`, { clusterName: this.name, nodegroupName: name });
    }
    return group;
  }

  private validateCreate(input: CreateNodegroupInput): Nodegroup {
    const name = input.nodegroupName;
    if (typeof name !== 'string' || !name) throw new EksError('InvalidParameterException', 'nodegroupName is required');
    if (!NAME_RE.test(name)) {
      throw new EksError('InvalidParameterException', `Nodegroup name ${name} is invalid. It must start with a letter or digit and contain only letters, digits, hyphens and underscores (max 63).`);
    }
    if (typeof input.nodeRole !== 'string' || !/^arn:aws:iam::\d{12}:role\/.+/.test(input.nodeRole)) {
      throw new EksError('InvalidParameterException', 'nodeRole must be the ARN of an IAM role, e.g. arn:aws:iam::111122223333:role/AmazonEKSNodeRole');
    }
    if (!Array.isArray(input.subnets) || input.subnets.length === 0) throw new EksError('InvalidParameterException', 'subnets is required');
    for (const s of input.subnets) {
      if (typeof s !== 'string' || !(s in SUBNETS)) {
        throw new EksError('InvalidParameterException', `Subnet ${String(s)} is not part of the cluster's VPC (known: ${Object.keys(SUBNETS).join(', ')})`);
      }
    }
    const instanceTypes = input.instanceTypes === undefined ? ['t3.medium'] : input.instanceTypes;
    if (!Array.isArray(instanceTypes) || instanceTypes.length === 0) throw new EksError('InvalidParameterException', 'instanceTypes must be a non-empty list');
    for (const t of instanceTypes) {
      if (typeof t !== 'string' || !instanceSpec(t)) throw new EksError('InvalidParameterException', `Instance type ${String(t)} is not supported in ${REGION}`);
    }
    const scaling: ScalingConfig = { minSize: 1, maxSize: 2, desiredSize: 2, ...input.scalingConfig } as ScalingConfig;
    checkScaling(scaling);
    const capacityType = input.capacityType ?? 'ON_DEMAND';
    if (capacityType !== 'ON_DEMAND' && capacityType !== 'SPOT') {
      throw new EksError('InvalidParameterException', `capacityType must be ON_DEMAND or SPOT, not ${String(capacityType)}`);
    }
    const taints = input.taints ?? [];
    if (!Array.isArray(taints)) throw new EksError('InvalidParameterException', 'taints must be a list');
    taints.forEach(checkTaint);
    const labels = input.labels ?? {};
    for (const [k, v] of Object.entries(labels)) {
      if (typeof v !== 'string' || !/^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(k)) {
        throw new EksError('InvalidParameterException', `Label ${k}=${String(v)} is not a valid Kubernetes label`);
      }
    }
    const diskSize = input.diskSize ?? 20;
    if (typeof diskSize !== 'number' || diskSize < 1) throw new EksError('InvalidParameterException', 'diskSize must be a positive number of GiB');
    const now = this.clock.now();
    return {
      nodegroupName: name,
      nodegroupArn: `arn:aws:eks:${REGION}:${ACCOUNT}:nodegroup/${this.name}/${name}/${crypto.randomUUID()}`,
      clusterName: this.name,
      version: K8S_VERSION,
      releaseVersion: RELEASE,
      createdAt: now,
      modifiedAt: now,
      status: 'CREATING',
      capacityType,
      scalingConfig: scaling,
      instanceTypes: instanceTypes as string[],
      subnets: input.subnets as string[],
      amiType: typeof input.amiType === 'string' ? input.amiType : 'AL2023_x86_64_STANDARD',
      nodeRole: input.nodeRole,
      labels: { ...labels },
      taints: [...taints],
      diskSize,
      tags: { ...(input.tags ?? {}) },
      updateConfig: { maxUnavailable: 1 },
    };
  }
}

function checkScaling(s: ScalingConfig) {
  const ints = [s.minSize, s.maxSize, s.desiredSize];
  if (ints.some((n) => typeof n !== 'number' || !Number.isInteger(n) || n < 0)) {
    throw new EksError('InvalidParameterException', 'scalingConfig sizes must be non-negative integers');
  }
  if (s.maxSize < 1) throw new EksError('InvalidParameterException', 'Maximum capacity must be at least 1');
  if (s.minSize > s.maxSize) throw new EksError('InvalidParameterException', 'Minimum capacity cannot be greater than maximum capacity');
  if (s.desiredSize > s.maxSize) throw new EksError('InvalidParameterException', 'Desired capacity cannot be greater than maximum capacity');
  if (s.desiredSize < s.minSize) throw new EksError('InvalidParameterException', 'Desired capacity cannot be less than minimum capacity');
}

function checkTaint(t: NodegroupTaint) {
  if (!t || typeof t.key !== 'string' || !t.key) throw new EksError('InvalidParameterException', 'Taint key is required');
  if (!(t.effect in TAINT_EFFECTS)) {
    throw new EksError('InvalidParameterException', `Taint effect ${String(t.effect)} is invalid; use NO_SCHEDULE, NO_EXECUTE or PREFER_NO_SCHEDULE`);
  }
}

/** cpu and memory after the kubelet's reservation, as quantities (the same formula as every simulated node). */
function kubeletAllocatable(vcpu: number, memoryMi: number, maxPods: number): { cpu: string; memory: string } {
  const a = allocatableFrom({ cpuMillis: vcpu * 1000, memoryBytes: memoryMi * 1024 ** 2, pods: maxPods });
  return { cpu: `${a.cpuMillis}m`, memory: `${Math.floor(a.memoryBytes / 1024)}Ki` };
}
