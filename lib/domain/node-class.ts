// "A node class ai-ml-node-class with m6a.xlarge or c6a.large" is two objects: an EKS Auto Mode
// NodeClass (eks.amazonaws.com/v1: role, subnets, security groups, storage, tags) and a
// Karpenter NodePool (karpenter.sh/v1) whose nodeClassRef names it and whose requirements allow
// those types — instance types are never on the NodeClass. This module builds both from one
// intent, checks them before anything is sent (preflight), and says what a custom role needs.

import yaml from 'js-yaml';
import { INSTANCE_TYPES } from './instance-types';
import type { NodeClassInfo, NodePoolInfo, PodInfo, Taint } from './model';
import { untoleratedTaints, type Requirement } from './requirements';

/** The role Auto Mode's own `default` NodeClass uses when the cluster was created with defaults. */
export const DEFAULT_NODE_ROLE = 'AmazonEKSAutoNodeRole';

export interface SelectorTerm {
  id?: string;
  tags?: Record<string, string>;
}

export interface Budget {
  nodes: string;
  schedule?: string;
  duration?: string;
  reasons?: Array<'Empty' | 'Underutilized' | 'Drifted'>;
}

export interface NodePoolIntent {
  name: string;
  instanceTypes?: string[];
  instanceCategories?: string[];
  instanceFamilies?: string[];
  instanceSizes?: string[];
  /** Generation numbers as the `eks.amazonaws.com/instance-generation` label carries them ("6"). */
  instanceGenerations?: string[];
  capacityTypes?: Array<'on-demand' | 'spot'>;
  architectures?: Array<'amd64' | 'arm64'>;
  labels?: Record<string, string>;
  taints?: Taint[];
  limits?: { cpu?: string; memory?: string };
  weight?: number;
  consolidationPolicy?: 'WhenEmpty' | 'WhenEmptyOrUnderutilized';
  consolidateAfter?: string;
  budgets?: Budget[];
  expireAfter?: string;
}

export interface NodeClassIntent {
  name: string;
  role: string;
  subnetSelectorTerms?: SelectorTerm[];
  securityGroupSelectorTerms?: SelectorTerm[];
  ephemeralStorage?: { size?: string; iops?: number; throughput?: number };
  tags?: Record<string, string>;
  nodePool: NodePoolIntent;
}

/** What the new class copies from the cluster's `default` NodeClass when the intent leaves it out. */
export interface NodeClassDefaults {
  role?: string;
  subnetSelectorTerms?: SelectorTerm[];
  securityGroupSelectorTerms?: SelectorTerm[];
}

export function buildNodeClass(intent: NodeClassIntent, defaults: NodeClassDefaults = {}) {
  const spec: Record<string, unknown> = { role: intent.role };
  const subnets = intent.subnetSelectorTerms ?? defaults.subnetSelectorTerms;
  const groups = intent.securityGroupSelectorTerms ?? defaults.securityGroupSelectorTerms;
  if (subnets?.length) spec.subnetSelectorTerms = subnets;
  if (groups?.length) spec.securityGroupSelectorTerms = groups;
  if (intent.ephemeralStorage && Object.keys(intent.ephemeralStorage).length) spec.ephemeralStorage = intent.ephemeralStorage;
  if (intent.tags && Object.keys(intent.tags).length) spec.tags = intent.tags;
  return { apiVersion: 'eks.amazonaws.com/v1', kind: 'NodeClass', metadata: { name: intent.name }, spec };
}

export function poolRequirements(pool: NodePoolIntent): Requirement[] {
  const reqs: Requirement[] = [];
  const add = (key: string, values: string[] | undefined) => {
    if (values?.length) reqs.push({ key, operator: 'In', values: [...values] });
  };
  add('node.kubernetes.io/instance-type', pool.instanceTypes);
  add('eks.amazonaws.com/instance-category', pool.instanceCategories);
  add('eks.amazonaws.com/instance-family', pool.instanceFamilies);
  add('eks.amazonaws.com/instance-size', pool.instanceSizes);
  add('eks.amazonaws.com/instance-generation', pool.instanceGenerations);
  add('kubernetes.io/arch', pool.architectures);
  add('karpenter.sh/capacity-type', pool.capacityTypes ?? ['on-demand']);
  return reqs;
}

export function buildNodePool(pool: NodePoolIntent, nodeClassName: string) {
  const templateSpec: Record<string, unknown> = {
    nodeClassRef: { group: 'eks.amazonaws.com', kind: 'NodeClass', name: nodeClassName },
    requirements: poolRequirements(pool),
  };
  if (pool.taints?.length) templateSpec.taints = pool.taints;
  if (pool.expireAfter) templateSpec.expireAfter = pool.expireAfter;
  const spec: Record<string, unknown> = {
    template: { ...(pool.labels && Object.keys(pool.labels).length ? { metadata: { labels: pool.labels } } : {}), spec: templateSpec },
    disruption: {
      consolidationPolicy: pool.consolidationPolicy ?? 'WhenEmptyOrUnderutilized',
      consolidateAfter: pool.consolidateAfter ?? '30s',
      ...(pool.budgets?.length ? { budgets: pool.budgets } : {}),
    },
  };
  if (pool.limits && (pool.limits.cpu || pool.limits.memory)) spec.limits = { ...(pool.limits.cpu ? { cpu: pool.limits.cpu } : {}), ...(pool.limits.memory ? { memory: pool.limits.memory } : {}) };
  if (pool.weight !== undefined) spec.weight = pool.weight;
  return { apiVersion: 'karpenter.sh/v1', kind: 'NodePool', metadata: { name: pool.name }, spec };
}

/** Both objects as one YAML document stream, ready for `kubectl apply -f` or a GitOps repo. */
export function manifestsYaml(objects: readonly object[]): string {
  return objects.map((o) => yaml.dump(o, { noRefs: true, lineWidth: 120 })).join('---\n');
}

export function applyCommand(fileName: string): string {
  return `kubectl apply -f ${fileName}`;
}

export interface Finding {
  level: 'error' | 'warning' | 'info';
  code: string;
  message: string;
  /** The intent field it is about, for the form. */
  field?: string;
}

/** A custom node role works only with all of these; without the access entry, nodes never join. */
export const CUSTOM_ROLE_NEEDS = [
  'a trust policy letting ec2.amazonaws.com call sts:AssumeRole',
  'the managed policies AmazonEKSWorkerNodeMinimalPolicy and AmazonEC2ContainerRegistryPullOnly',
  'an EKS access entry of type EC2 for the role, with the AmazonEKSAutoNodePolicy access policy (without it, nodes never join the cluster)',
];

const KNOWN_TYPES = new Set(INSTANCE_TYPES.map((s) => s.type));
const BUILT_IN = new Set(['system', 'general-purpose']);

export interface PreflightContext {
  nodeClasses: readonly NodeClassInfo[];
  nodePools: readonly NodePoolInfo[];
  pods: readonly PodInfo[];
  /** Roles known to be ready: the roles of NodeClasses that are Ready now. */
  knownRoles?: readonly string[];
}

/** What is wrong (errors block creation) or worth knowing (warnings) before anything is sent. */
export function preflightNodeClass(intent: NodeClassIntent, ctx: PreflightContext): Finding[] {
  const out: Finding[] = [];
  const pool = intent.nodePool;
  if (ctx.nodeClasses.some((c) => c.name === intent.name)) {
    out.push({ level: 'error', code: 'exists', field: 'name', message: `NodeClass "${intent.name}" already exists.` });
  }
  if (BUILT_IN.has(pool.name)) {
    out.push({ level: 'error', code: 'built-in', field: 'nodePool.name', message: `"${pool.name}" is an Auto Mode built-in NodePool: it can be enabled or disabled, never replaced.` });
  } else if (ctx.nodePools.some((p) => p.name === pool.name)) {
    out.push({ level: 'error', code: 'exists', field: 'nodePool.name', message: `NodePool "${pool.name}" already exists.` });
  }
  const unknown = (pool.instanceTypes ?? []).filter((t) => !KNOWN_TYPES.has(t));
  if (unknown.length) {
    out.push({ level: 'error', code: 'unknown-instance-type', field: 'nodePool.instanceTypes', message: `Unknown instance type${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.` });
  }
  if (!pool.instanceTypes?.length && !pool.instanceCategories?.length && !pool.instanceFamilies?.length && !pool.instanceSizes?.length && !pool.instanceGenerations?.length) {
    out.push({ level: 'warning', code: 'any-instance-type', field: 'nodePool.instanceTypes', message: 'No instance types, categories, families, sizes or generations: Auto Mode may launch any type it offers.' });
  }
  const readyRoles = new Set(ctx.knownRoles ?? ctx.nodeClasses.filter((c) => c.ready && c.role).map((c) => c.role!));
  if (!readyRoles.has(intent.role)) {
    const notReady = ctx.nodeClasses.find((c) => c.role === intent.role && !c.ready);
    out.push({
      level: 'warning',
      code: 'custom-role',
      field: 'role',
      message:
        (notReady
          ? `NodeClass "${notReady.name}" uses role "${intent.role}" and is not Ready (${notReady.notReady?.reason ?? 'unknown reason'}). `
          : `No Ready NodeClass uses role "${intent.role}" yet. `) + `A custom node role needs ${CUSTOM_ROLE_NEEDS.join('; ')}.`,
    });
  }
  const taints = pool.taints ?? [];
  const selecting = ctx.pods.filter((p) => {
    const sel = p.nodeSelector ?? {};
    const selects = (sel['eks.amazonaws.com/nodeclass'] === intent.name || sel['karpenter.sh/nodepool'] === pool.name) || Object.entries(pool.labels ?? {}).some(([k, v]) => sel[k] === v);
    return selects && untoleratedTaints(p.tolerations, taints).length === 0;
  });
  if (selecting.length === 0) {
    out.push({
      level: 'info',
      code: 'no-pods-yet',
      message: taints.length
        ? 'No pod selects this pool and tolerates its taints yet: it launches nothing until you pin workloads to it.'
        : 'No pod selects this pool yet: pin workloads to it, or it only takes pods other pools cannot.',
    });
  }
  return out;
}
