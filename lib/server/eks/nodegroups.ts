// Creating a managed node group through the EKS API, for a signed-in user.
//
// Who may: EKS calls are signed with the *server's* AWS credentials — AWS knows nothing of the
// dashboard's users, and impersonation is a Kubernetes idea. So the decision is taken from the
// user's Kubernetes RBAC, asked of the cluster as that user (a SelfSubjectAccessReview): only
// someone who may `create nodepools.karpenter.sh` — a platform operator, who could add capacity
// through Auto Mode anyway — may add capacity through EKS. Every attempt leaves the route's
// audit line (user, group, result), and the group itself carries who asked for it as tags.
//
// EKS has no dry run: "dry run" here is validation and the preflight, and nothing is sent.

import { CreateNodegroupCommand, DescribeClusterCommand, type EKSClient } from '@aws-sdk/client-eks';
import {
  accountOfArn,
  createNodegroupRequest,
  eksctlCommand,
  eksctlConfig,
  nodeRoleArn,
  preflightNodegroup,
  NODEGROUP_LABEL,
  type NodegroupIntent,
} from '@/lib/domain/nodegroup';
import type { Finding } from '@/lib/domain/node-class';
import type { NodegroupInfo } from '@/lib/domain/model';
import { AppError } from '../errors';
import { selfAccessReview, type UserApis } from '../k8s/impersonation';
import { listNodegroupNames } from './client';
import type { EksHandle } from './for-cluster';
import { toNodegroupInfo } from './transform';

/** The RBAC question that stands in for "may change this cluster's capacity". */
export const CAPACITY_PERMISSION = { verb: 'create', resource: 'nodepools', group: 'karpenter.sh' } as const;

export interface CreateNodegroupResult {
  dryRun: boolean;
  findings: Finding[];
  /** The CreateNodegroup request as sent (or as it would be sent). */
  request: ReturnType<typeof createNodegroupRequest>;
  eksctl: { command: string; config: string; fileName: string; note?: string };
  /** The label its nodes carry: what the live view and a pin look for. */
  target: { key: string; value: string };
  nodegroup?: NodegroupInfo;
}

/** AWS tag values take letters, digits, spaces and `_ . : / = + - @` only. */
const tagValue = (s: string) => s.replace(/[^\p{L}\p{N} _.:/=+\-@]/gu, '_').slice(0, 256);

async function clusterFacts(client: EKSClient, clusterName: string): Promise<{ subnets: string[]; account?: string }> {
  const out = await client.send(new DescribeClusterCommand({ name: clusterName }));
  return { subnets: [...(out.cluster?.resourcesVpcConfig?.subnetIds ?? [])], account: accountOfArn(out.cluster?.arn) };
}

export async function createManagedNodegroup(
  eks: EksHandle,
  apis: Pick<UserApis, 'authorization'>,
  intent: NodegroupIntent & { dryRun?: boolean },
  ctx: { actor: string; requestId: string; region: string },
): Promise<CreateNodegroupResult> {
  if (!(await selfAccessReview(apis, CAPACITY_PERMISSION))) {
    throw new AppError(
      403,
      'forbidden',
      `${ctx.actor} may not create node groups here: the dashboard creates them with its own AWS credentials, so it asks the cluster's RBAC first, and only users who may create nodepools.karpenter.sh (platform operators) may add capacity.`,
    );
  }
  const [facts, existing] = await Promise.all([clusterFacts(eks.client, eks.clusterName), listNodegroupNames(eks.client, eks.clusterName)]);
  const findings = preflightNodegroup(intent, { existing, clusterSubnets: facts.subnets });
  const errors = findings.filter((f) => f.level === 'error');
  if (errors.length) throw new AppError(422, 'preflight_failed', errors.map((e) => e.message).join(' '), { findings });
  let roleArn: string;
  try {
    roleArn = nodeRoleArn(intent.nodeRole, facts.account);
  } catch (err) {
    throw new AppError(422, 'preflight_failed', (err as Error).message, { findings: [{ level: 'error', code: 'role', field: 'nodeRole', message: (err as Error).message }] });
  }
  const tags = { 'nodelanes.io/created-by': tagValue(ctx.actor), 'nodelanes.io/request-id': tagValue(ctx.requestId) };
  const request = createNodegroupRequest(intent, eks.clusterName, roleArn, facts.subnets, tags);
  const result: CreateNodegroupResult = {
    dryRun: Boolean(intent.dryRun),
    findings,
    request,
    eksctl: {
      command: eksctlCommand(intent, eks.clusterName),
      config: eksctlConfig(intent, eks.clusterName, ctx.region, roleArn),
      fileName: `${intent.name}.eksctl.yaml`,
      // Without the config file eksctl would make a node role of its own and drop the taints.
      note: `eksctl has no flag for the node role${intent.taints?.length ? ' or for taints' : ''}: the config file is the complete equivalent (eksctl create nodegroup -f ${intent.name}.eksctl.yaml).`,
    },
    target: { key: NODEGROUP_LABEL, value: intent.name },
  };
  if (intent.dryRun) return result;
  const out = await eks.client.send(new CreateNodegroupCommand(request));
  if (out.nodegroup) result.nodegroup = toNodegroupInfo(out.nodegroup);
  return result;
}
