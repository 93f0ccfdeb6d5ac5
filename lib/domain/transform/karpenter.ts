// EKS Auto Mode / Karpenter: NodePools, NodeClasses, NodeClaims.
import { BUILT_IN_NODE_POOLS, type NodeClaimInfo, type NodeClaimStage, type NodeClassInfo, type NodePoolInfo } from '@/lib/domain/model';
import type { Budget, DisruptionReason } from '@/lib/domain/disruption-budgets';
import { cpuToMillis, memoryToBytes, resourcesOf, toCount } from '@/lib/domain/quantities';
import { NODE_LABEL_KEYS } from './node-labels';
import { firstLabel, isTrue, notReadyCondition, stringMap, taintsOf, timeOf, type Raw } from './raw';
import { normalizeCapacityType } from '../capacity-type';
import { requirementsOf } from './requirements';

const REASONS = new Set<DisruptionReason>(['Empty', 'Underutilized', 'Drifted', 'Expired']);

function budgetsOf(list: unknown): Budget[] {
  // Karpenter's default when a NodePool names none: 10% of its nodes at a time.
  if (!Array.isArray(list)) return [{ nodes: '10%' }];
  return list
    .filter((b: Raw) => b && b.nodes !== undefined)
    .map((b: Raw) => {
      const budget: Budget = { nodes: String(b.nodes) };
      if (b.schedule) budget.schedule = String(b.schedule);
      if (b.duration) budget.duration = String(b.duration);
      if (Array.isArray(b.reasons)) budget.reasons = b.reasons.filter((r: unknown): r is DisruptionReason => REASONS.has(r as DisruptionReason));
      return budget;
    });
}

export function transformNodePool(raw: Raw): NodePoolInfo {
  const meta = raw?.metadata ?? {};
  const spec = raw?.spec ?? {};
  const template = spec.template ?? {};
  const ref = template.spec?.nodeClassRef ?? {};
  const nodeClassRef = { group: String(ref.group ?? ''), kind: String(ref.kind ?? ''), name: String(ref.name ?? '') };
  const used = raw?.status?.resources ?? {};
  const info: NodePoolInfo = {
    name: meta.name,
    uid: meta.uid ?? '',
    nodeClassRef,
    requirements: requirementsOf(template.spec?.requirements),
    labels: stringMap(template.metadata?.labels),
    taints: taintsOf(template.spec?.taints),
    weight: Number(spec.weight) || 0,
    disruption: {
      consolidationPolicy: spec.disruption?.consolidationPolicy === 'WhenEmpty' ? 'WhenEmpty' : 'WhenEmptyOrUnderutilized',
      consolidateAfter: String(spec.disruption?.consolidateAfter ?? '0s'),
      budgets: budgetsOf(spec.disruption?.budgets),
    },
    resources: { ...resourcesOf(used), nodes: toCount(used.nodes) },
    ready: isTrue(raw, 'Ready'),
    // The name alone is not enough: a self-managed Karpenter may well have a pool called `system`.
    builtIn: BUILT_IN_NODE_POOLS.includes(meta.name) && nodeClassRef.group === 'eks.amazonaws.com',
    createdAt: timeOf(meta.creationTimestamp) ?? '',
  };
  const limits = spec.limits;
  if (limits && (limits.cpu !== undefined || limits.memory !== undefined)) {
    info.limits = {};
    if (limits.cpu !== undefined) info.limits.cpuMillis = cpuToMillis(limits.cpu);
    if (limits.memory !== undefined) info.limits.memoryBytes = memoryToBytes(limits.memory);
  }
  return info;
}

export function transformNodeClass(raw: Raw): NodeClassInfo {
  const meta = raw?.metadata ?? {};
  const info: NodeClassInfo = {
    name: meta.name,
    uid: meta.uid ?? '',
    ready: isTrue(raw, 'Ready'),
    createdAt: timeOf(meta.creationTimestamp) ?? '',
  };
  if (raw?.spec?.role) info.role = String(raw.spec.role);
  if (!info.ready) {
    const c = notReadyCondition(raw);
    info.notReady = { condition: String(c?.type ?? 'Ready'), reason: String(c?.reason ?? 'Unknown'), message: String(c?.message ?? '') };
  }
  return info;
}

const STAGES: readonly NodeClaimStage[] = ['Initialized', 'Registered', 'Launched'];

export function transformNodeClaim(raw: Raw): NodeClaimInfo {
  const meta = raw?.metadata ?? {};
  const labels: Record<string, string> = meta.labels ?? {};
  const status = raw?.status ?? {};
  const capacityType = firstLabel(labels, NODE_LABEL_KEYS.capacityType);
  const stage = STAGES.find((s) => isTrue(raw, s)) ?? 'Pending';
  const info: NodeClaimInfo = {
    name: meta.name,
    uid: meta.uid ?? '',
    stage,
    drifted: isTrue(raw, 'Drifted'),
    empty: isTrue(raw, 'Empty'),
    // Karpenter v1 calls it Consolidatable; earlier releases and Auto Mode's docs ConsolidationAllowed.
    consolidationAllowed: isTrue(raw, 'Consolidatable') || isTrue(raw, 'ConsolidationAllowed'),
    terminating: Boolean(timeOf(meta.deletionTimestamp)),
    requests: resourcesOf(raw?.spec?.resources?.requests),
    createdAt: timeOf(meta.creationTimestamp) ?? '',
  };
  const nodePool = labels['karpenter.sh/nodepool'];
  if (nodePool) info.nodePool = nodePool;
  const nodeClass = raw?.spec?.nodeClassRef?.name ?? firstLabel(labels, NODE_LABEL_KEYS.nodeClass);
  if (nodeClass) info.nodeClass = String(nodeClass);
  const instanceType =
    firstLabel(labels, NODE_LABEL_KEYS.instanceType) ??
    requirementsOf(raw?.spec?.requirements).find((r) => r.key === 'node.kubernetes.io/instance-type' && r.operator === 'In' && r.values?.length === 1)?.values?.[0];
  if (instanceType) info.instanceType = instanceType;
  if (capacityType) info.capacityType = normalizeCapacityType(capacityType);
  const zone = firstLabel(labels, NODE_LABEL_KEYS.zone);
  if (zone) info.zone = zone;
  if (status.nodeName) info.nodeName = String(status.nodeName);
  const lastPodEventTime = timeOf(status.lastPodEventTime);
  if (lastPodEventTime) info.lastPodEventTime = lastPodEventTime;
  if (info.drifted) {
    const drifted = (status.conditions ?? []).find((c: { type?: string }) => c?.type === 'Drifted');
    const words = drifted?.message || drifted?.reason;
    if (words) info.driftReason = String(words);
  }
  const notReady = notReadyCondition(raw);
  if (notReady && (notReady.reason || notReady.status === 'False')) info.notReadyReason = String(notReady.reason || `${notReady.type}False`);
  return info;
}
