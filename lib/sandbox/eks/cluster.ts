// The sandbox's EKS control plane: the cluster record (Auto Mode on) and its managed node groups.
// A node group owns the nodes it launched, and only those: existing nodes never join a new group
// (EKS.md). Launching, scaling and deleting take simulated time, with the status transitions the
// real service reports (CREATING → ACTIVE, UPDATING, DELETING).

import type { KObject, Store } from '../store';
import { EksError } from './errors';
import { planConfigUpdate, type NodegroupUpdateConfig, type UpdateParam } from './config-update';
import { TAINT_EFFECTS, checkLabels, checkScaling, checkTaints, type NodegroupTaint, type ScalingConfig, type TaintEffect } from './validation';

export type { NodegroupTaint, ScalingConfig, TaintEffect };
import { allocatableFrom, instanceSpec } from '@/lib/domain/instance-types';
import type { SimTimer } from '../sim/clock';
import { isDaemonSetPod } from '../automode/shapes';

export type NodegroupStatus = 'CREATING' | 'ACTIVE' | 'UPDATING' | 'DELETING' | 'CREATE_FAILED' | 'DELETE_FAILED' | 'DEGRADED';

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
  updateConfig: NodegroupUpdateConfig;
  /** The Auto Scaling group EKS runs the nodes in, as DescribeNodegroup reports it. */
  resources: { autoScalingGroups: { name: string }[] };
  health: { issues: { code: string; message: string; resourceIds: string[] }[] };
}

/** An UpdateNodegroupConfig in flight or done, as DescribeUpdate reports it. */
export interface NodegroupUpdate {
  id: string;
  status: 'InProgress' | 'Successful' | 'Failed' | 'Cancelled';
  type: 'ConfigUpdate';
  params: UpdateParam[];
  createdAt: Date;
  errors: { errorCode: string; errorMessage: string; resourceIds: string[] }[];
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
  clientRequestToken?: unknown;
}

/** One page of ListNodegroups: at most 100 names, and where the next page starts. */
export interface ListPage {
  maxResults?: string | null;
  nextToken?: string | null;
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
const GROUP_LABEL = 'eks.amazonaws.com/nodegroup';
const NAME_RE = /^[0-9A-Za-z][A-Za-z0-9\-_]{0,62}$/;

export class EksCluster {
  private readonly groups = new Map<string, Nodegroup>();
  /** Per group: its updates by id, and which request token made which update (retries are idempotent). */
  private readonly updates = new Map<string, Map<string, NodegroupUpdate>>();
  private readonly tokens = new Map<string, string>();
  /** Label keys an update took from the group, to take off its nodes at the next converge. */
  private readonly labelsToDrop = new Map<string, string[]>();
  private nodeSeq = 0;

  constructor(
    private readonly store: Store,
    private readonly clock: SimTimer,
    readonly name = 'sandbox',
    private readonly createdAt = clock.now(),
  ) {}

  private endpoint = 'https://sandbox.eks.local';
  private certificateAuthority?: string;

  /** Where the cluster's Kubernetes API listens over TLS, and the PEM CA its certificate chains to. */
  serveAt(endpoint: string, caPem: string) {
    this.endpoint = endpoint;
    this.certificateAuthority = Buffer.from(caPem).toString('base64');
  }

  describeCluster(name: string) {
    this.requireCluster(name);
    return {
      name: this.name,
      arn: `arn:aws:eks:${REGION}:${ACCOUNT}:cluster/${this.name}`,
      createdAt: this.createdAt,
      version: K8S_VERSION,
      endpoint: this.endpoint,
      ...(this.certificateAuthority ? { certificateAuthority: { data: this.certificateAuthority } } : {}),
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

  /** Names in order, a page at a time: maxResults 1–100 (default 100), nextToken from the previous page. */
  listNodegroups(name: string, page: ListPage = {}): { nodegroups: string[]; nextToken?: string } {
    this.requireCluster(name);
    const max = page.maxResults === undefined || page.maxResults === null ? 100 : Number(page.maxResults);
    if (!Number.isInteger(max) || max < 1 || max > 100) {
      throw new EksError('InvalidParameterException', `maxResults must be an integer from 1 to 100, not ${String(page.maxResults)}`);
    }
    const names = [...this.groups.keys()].sort();
    let start = 0;
    if (page.nextToken) {
      const after = Buffer.from(page.nextToken, 'base64url').toString('utf8');
      if (!after.startsWith('after:')) throw new EksError('InvalidParameterException', 'The nextToken is not valid');
      start = names.filter((n) => n <= after.slice('after:'.length)).length;
    }
    const nodegroups = names.slice(start, start + max);
    const more = start + max < names.length;
    return { nodegroups, ...(more ? { nextToken: Buffer.from(`after:${nodegroups.at(-1)}`).toString('base64url') } : {}) };
  }

  describeNodegroup(cluster: string, group: string): Nodegroup {
    this.requireCluster(cluster);
    return this.requireGroup(group);
  }

  createNodegroup(cluster: string, input: CreateNodegroupInput): Nodegroup {
    this.requireCluster(cluster);
    // A retry carrying the token of the request that made the group gets the same answer.
    const token = typeof input.clientRequestToken === 'string' ? input.clientRequestToken : undefined;
    const made = token && this.tokens.get(`create/${token}`);
    if (made && this.groups.has(made)) return this.groups.get(made)!;
    const group = this.validateCreate(input);
    if (this.groups.has(group.nodegroupName)) {
      throw new EksError('ResourceInUseException', `NodeGroup already exists with name ${group.nodegroupName} and cluster name ${this.name}`, {
        clusterName: this.name,
        nodegroupName: group.nodegroupName,
      });
    }
    this.groups.set(group.nodegroupName, group);
    if (token) this.tokens.set(`create/${token}`, group.nodegroupName);
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

  updateNodegroupConfig(cluster: string, name: string, input: unknown): NodegroupUpdate {
    this.requireCluster(cluster);
    const group = this.requireGroup(name);
    const token = (input as { clientRequestToken?: unknown } | undefined)?.clientRequestToken;
    const earlier = typeof token === 'string' ? this.tokens.get(`update/${name}/${token}`) : undefined;
    if (earlier) return this.updates.get(name)!.get(earlier)!;
    if (group.status !== 'ACTIVE' && group.status !== 'DEGRADED') {
      throw new EksError('ResourceInUseException', `Nodegroup ${name} is currently in ${group.status} state, cannot update`, {
        clusterName: this.name,
        nodegroupName: name,
      });
    }
    const change = planConfigUpdate(group, input);
    group.scalingConfig = change.scalingConfig;
    group.labels = change.labels;
    group.taints = change.taints;
    group.updateConfig = change.updateConfig;
    this.labelsToDrop.set(name, [...(this.labelsToDrop.get(name) ?? []), ...change.removedLabels]);
    group.status = 'UPDATING';
    group.modifiedAt = this.clock.now();
    const update: NodegroupUpdate = { id: crypto.randomUUID(), status: 'InProgress', type: 'ConfigUpdate', params: change.params, createdAt: this.clock.now(), errors: [] };
    if (!this.updates.has(name)) this.updates.set(name, new Map());
    this.updates.get(name)!.set(update.id, update);
    if (typeof token === 'string') this.tokens.set(`update/${name}/${token}`, update.id);
    this.clock.setTimeout(() => this.converge(name), 1000);
    return update;
  }

  /** A node group's update ids, oldest first; the cluster itself has had none. */
  listUpdates(cluster: string, nodegroupName: string | null): string[] {
    this.requireCluster(cluster);
    if (!nodegroupName) return [];
    this.requireGroup(nodegroupName);
    return [...(this.updates.get(nodegroupName)?.keys() ?? [])];
  }

  describeUpdate(cluster: string, updateId: string, nodegroupName: string | null): NodegroupUpdate {
    this.requireCluster(cluster);
    const update = nodegroupName ? this.updates.get(nodegroupName)?.get(updateId) : undefined;
    if (!update) throw new EksError('ResourceNotFoundException', `No update found for ID: ${updateId}`, { clusterName: this.name, ...(nodegroupName ? { nodegroupName } : {}) });
    return update;
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
      this.updates.delete(name);
      this.labelsToDrop.delete(name);
      for (const key of this.tokens.keys()) if (key.startsWith(`update/${name}/`)) this.tokens.delete(key);
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
    const dropped = this.labelsToDrop.get(name) ?? [];
    this.labelsToDrop.delete(name);
    for (const node of this.nodesOf(name)) this.applyGroupLabelsAndTaints(group, node, dropped);
    group.status = 'ACTIVE';
    group.modifiedAt = this.clock.now();
    for (const update of this.updates.get(name)?.values() ?? []) if (update.status === 'InProgress') update.status = 'Successful';
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

  private applyGroupLabelsAndTaints(group: Nodegroup, node: KObject, dropped: string[]) {
    const labels = { ...node.metadata.labels };
    for (const k of dropped) if (!(k in group.labels)) delete labels[k];
    for (const [k, v] of Object.entries(group.labels)) labels[k] = v;
    const taints = group.taints.map((t) => ({ key: t.key, ...(t.value ? { value: t.value } : {}), effect: TAINT_EFFECTS[t.effect] }));
    const others = ((node.spec?.taints ?? []) as { key: string }[]).filter((t) => t.key.startsWith('node.kubernetes.io/'));
    const next = { ...node, metadata: { ...node.metadata, labels }, spec: { ...node.spec, taints: [...others, ...taints] } };
    if (next.spec.taints.length === 0) delete next.spec.taints;
    this.store.update('nodes', next);
  }

  /**
   * Cordons a node and asks its pods to leave; the node goes once they have. DaemonSet pods stay,
   * as EKS's drain leaves them (`--ignore-daemonsets`): their controller would put them straight
   * back on the cordoned node, and they end with the instance.
   */
  private retireNode(node: KObject) {
    const current = this.store.get('nodes', undefined, node.metadata.name);
    if (!current) return;
    if (!current.spec?.unschedulable) this.store.update('nodes', { ...current, spec: { ...current.spec, unschedulable: true } });
    const now = this.store.timestamp();
    for (const pod of this.podsOn(node.metadata.name)) {
      if (pod.metadata.deletionTimestamp || isDaemonSetPod(pod)) continue;
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
    const pods = this.podsOn(node.metadata.name);
    if (pods.some((p) => !isDaemonSetPod(p))) {
      this.clock.setTimeout(() => this.removeNodeWhenEmpty(node), 1000);
      return;
    }
    // The instance is terminated: its DaemonSet pods end with it.
    for (const p of pods) this.store.remove('pods', p.metadata.namespace, p.metadata.name);
    this.store.remove('nodes', undefined, node.metadata.name);
  }

  /** The pods bound to a node, as stored (read only): the store holds every pod of the cluster. */
  private podsOn(name: string): KObject[] {
    const out: KObject[] = [];
    for (const p of this.store.peek('pods')) if (p.spec?.nodeName === name) out.push(p as KObject);
    return out;
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
    const taints = checkTaints(input.taints ?? [], 'taints');
    const labels = checkLabels(input.labels ?? {}, 'labels');
    const diskSize = input.diskSize ?? 20;
    if (typeof diskSize !== 'number' || diskSize < 1) throw new EksError('InvalidParameterException', 'diskSize must be a positive number of GiB');
    const now = this.clock.now();
    const uuid = crypto.randomUUID();
    return {
      nodegroupName: name,
      nodegroupArn: `arn:aws:eks:${REGION}:${ACCOUNT}:nodegroup/${this.name}/${name}/${uuid}`,
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
      // EKS names the group's Auto Scaling group eks-<group>-<uuid>.
      resources: { autoScalingGroups: [{ name: `eks-${name}-${uuid}` }] },
      health: { issues: [] },
    };
  }
}

/** cpu and memory after the kubelet's reservation, as quantities (the same formula as every simulated node). */
function kubeletAllocatable(vcpu: number, memoryMi: number, maxPods: number): { cpu: string; memory: string } {
  const a = allocatableFrom({ cpuMillis: vcpu * 1000, memoryBytes: memoryMi * 1024 ** 2, pods: maxPods });
  return { cpu: `${a.cpuMillis}m`, memory: `${Math.floor(a.memoryBytes / 1024)}Ki` };
}
