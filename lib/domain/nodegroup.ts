// A managed node group is one CreateNodegroup call to the EKS API (what
// `eksctl create nodegroup --managed` sends). EKS has no dry run, so the checks it would make
// (and the ones it would not: a type this dashboard cannot price, a name already taken) happen
// here before anything is sent, and the eksctl equivalent is built from the same intent.

import yaml from 'js-yaml';
import { instanceSpec } from './instance-types';
import type { Finding } from './node-class';

export type EksTaintEffect = 'NO_SCHEDULE' | 'NO_EXECUTE' | 'PREFER_NO_SCHEDULE';

export interface NodegroupIntent {
  name: string;
  /** An IAM role ARN, or a role name resolved in the cluster's account. */
  nodeRole: string;
  /** Empty or absent: the cluster's own subnets. */
  subnets?: string[];
  instanceTypes: string[];
  scaling: { minSize: number; maxSize: number; desiredSize: number };
  labels?: Record<string, string>;
  taints?: Array<{ key: string; value?: string; effect: EksTaintEffect }>;
  capacityType?: 'ON_DEMAND' | 'SPOT';
}

/** The node label EKS puts on every node of a managed group: what a workload pins to. */
export const NODEGROUP_LABEL = 'eks.amazonaws.com/nodegroup';

/** The role as EKS takes it (an ARN); a bare name is taken to live in the cluster's account. */
export function nodeRoleArn(role: string, account: string | undefined): string {
  if (role.startsWith('arn:')) return role;
  if (!account) throw new Error(`The node role "${role}" is a name, and the cluster's AWS account is unknown: give the role's ARN.`);
  return `arn:aws:iam::${account}:role/${role}`;
}

/** The account id out of any ARN (`arn:aws:eks:us-east-1:111122223333:cluster/x` → `111122223333`). */
export function accountOfArn(arn: string | undefined): string | undefined {
  return arn ? /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(arn)?.[1] : undefined;
}

export interface NodegroupPreflightContext {
  existing: readonly string[];
  clusterSubnets: readonly string[];
}

export function preflightNodegroup(intent: NodegroupIntent, ctx: NodegroupPreflightContext): Finding[] {
  const out: Finding[] = [];
  if (ctx.existing.includes(intent.name)) {
    out.push({ level: 'error', code: 'exists', field: 'name', message: `Node group "${intent.name}" already exists in this cluster.` });
  }
  const unknown = intent.instanceTypes.filter((t) => !instanceSpec(t));
  if (unknown.length) {
    out.push({ level: 'error', code: 'unknown-instance-type', field: 'instanceTypes', message: `Unknown instance type${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.` });
  }
  const { minSize, maxSize, desiredSize } = intent.scaling;
  if (minSize > maxSize) {
    out.push({ level: 'error', code: 'scaling', field: 'scaling.minSize', message: `The minimum size (${minSize}) is larger than the maximum (${maxSize}).` });
  } else if (desiredSize < minSize || desiredSize > maxSize) {
    out.push({ level: 'error', code: 'scaling', field: 'scaling.desiredSize', message: `The desired size (${desiredSize}) must lie between the minimum (${minSize}) and the maximum (${maxSize}).` });
  }
  const foreign = (intent.subnets ?? []).filter((s) => ctx.clusterSubnets.length > 0 && !ctx.clusterSubnets.includes(s));
  if (foreign.length) {
    out.push({ level: 'warning', code: 'foreign-subnet', field: 'subnets', message: `Not among the cluster's subnets: ${foreign.join(', ')}. EKS refuses subnets outside the cluster's VPC.` });
  }
  const archs = new Set(intent.instanceTypes.map((t) => instanceSpec(t)?.arch).filter(Boolean));
  if (archs.size > 1) {
    out.push({ level: 'error', code: 'mixed-arch', field: 'instanceTypes', message: 'A node group runs one AMI: its instance types must share one architecture.' });
  }
  out.push({
    level: 'info',
    code: 'new-nodes-only',
    message: `Existing nodes never join a new group: EKS launches ${desiredSize} new node${desiredSize === 1 ? '' : 's'}, labelled ${NODEGROUP_LABEL}=${intent.name}. Pin workloads to that label to use them.`,
  });
  return out;
}

/** The CreateNodegroup request, all defaults settled. */
export function createNodegroupRequest(intent: NodegroupIntent, clusterName: string, roleArn: string, clusterSubnets: readonly string[], tags: Record<string, string> = {}) {
  return {
    clusterName,
    nodegroupName: intent.name,
    nodeRole: roleArn,
    subnets: intent.subnets?.length ? [...intent.subnets] : [...clusterSubnets],
    instanceTypes: [...intent.instanceTypes],
    scalingConfig: { ...intent.scaling },
    capacityType: intent.capacityType ?? 'ON_DEMAND',
    ...(intent.labels && Object.keys(intent.labels).length ? { labels: { ...intent.labels } } : {}),
    ...(intent.taints?.length ? { taints: intent.taints.map((t) => ({ ...t })) } : {}),
    ...(Object.keys(tags).length ? { tags } : {}),
  };
}

const shellQuote = (s: string) => (/^[A-Za-z0-9_./:=,@+-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`);

/**
 * The eksctl command line for the same group. Taints and a node role have no eksctl flags, so
 * when the intent has them the command says so and the config file (eksctlConfig) is the
 * complete equivalent.
 */
export function eksctlCommand(intent: NodegroupIntent, clusterName: string): string {
  const args = ['eksctl', 'create', 'nodegroup', '--cluster', clusterName, '--name', intent.name];
  if (intent.instanceTypes.length === 1) args.push('--node-type', intent.instanceTypes[0]);
  else args.push('--instance-types', intent.instanceTypes.join(','));
  args.push('--nodes', String(intent.scaling.desiredSize), '--nodes-min', String(intent.scaling.minSize), '--nodes-max', String(intent.scaling.maxSize));
  const labels = Object.entries(intent.labels ?? {});
  if (labels.length) args.push('--node-labels', labels.map(([k, v]) => `${k}=${v}`).join(','));
  if (intent.subnets?.length) args.push('--subnet-ids', intent.subnets.join(','));
  if (intent.capacityType === 'SPOT') args.push('--spot');
  args.push('--managed');
  return args.map(shellQuote).join(' ');
}

const EFFECT_NAMES: Record<EksTaintEffect, string> = { NO_SCHEDULE: 'NoSchedule', NO_EXECUTE: 'NoExecute', PREFER_NO_SCHEDULE: 'PreferNoSchedule' };

/** An eksctl ClusterConfig with just this group: `eksctl create nodegroup -f <file>`. */
export function eksctlConfig(intent: NodegroupIntent, clusterName: string, region: string, roleArn: string): string {
  const group: Record<string, unknown> = {
    name: intent.name,
    ...(intent.instanceTypes.length === 1 ? { instanceType: intent.instanceTypes[0] } : { instanceTypes: intent.instanceTypes }),
    desiredCapacity: intent.scaling.desiredSize,
    minSize: intent.scaling.minSize,
    maxSize: intent.scaling.maxSize,
    ...(intent.capacityType === 'SPOT' ? { spot: true } : {}),
    ...(intent.subnets?.length ? { subnets: intent.subnets } : {}),
    ...(intent.labels && Object.keys(intent.labels).length ? { labels: intent.labels } : {}),
    ...(intent.taints?.length ? { taints: intent.taints.map((t) => ({ key: t.key, ...(t.value ? { value: t.value } : {}), effect: EFFECT_NAMES[t.effect] })) } : {}),
    iam: { instanceRoleARN: roleArn },
  };
  return yaml.dump(
    { apiVersion: 'eksctl.io/v1alpha5', kind: 'ClusterConfig', metadata: { name: clusterName, region }, managedNodeGroups: [group] },
    { noRefs: true, lineWidth: 120 },
  );
}
