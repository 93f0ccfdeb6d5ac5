import type { NodeInfo } from '@/lib/domain/model';
import { poolOf } from '@/lib/domain/lanes';
import { resourcesOf } from '@/lib/domain/quantities';
import { NODE_LABEL_KEYS, nodeLabels } from './node-labels';
import { nodeConditionsOf } from './node-conditions';
import { firstLabel, isTrue, taintsOf, timeOf, type Raw } from './raw';
import { normalizeCapacityType } from '../capacity-type';
import { hasDisruptedTaint } from '../disrupted-taint';

export function transformNode(raw: Raw): NodeInfo {
  const meta = raw?.metadata ?? {};
  const spec = raw?.spec ?? {};
  const status = raw?.status ?? {};
  const allLabels: Record<string, string> = meta.labels ?? {};
  const taints = taintsOf(spec.taints);
  const ready = isTrue(raw, 'Ready');
  const capacityType = firstLabel(allLabels, NODE_LABEL_KEYS.capacityType);
  const conditions = nodeConditionsOf(raw);
  const annotations = nodeAnnotations(meta.annotations);
  return {
    name: meta.name,
    uid: meta.uid ?? '',
    labels: nodeLabels(allLabels),
    ...(annotations ? { annotations } : {}),
    pool: poolOf(allLabels),
    nodeClass: firstLabel(allLabels, NODE_LABEL_KEYS.nodeClass),
    instanceType: firstLabel(allLabels, NODE_LABEL_KEYS.instanceType),
    capacityType: capacityType ? normalizeCapacityType(capacityType) : undefined,
    zone: firstLabel(allLabels, NODE_LABEL_KEYS.zone),
    ready,
    ...(conditions ? { conditions } : {}),
    unschedulable: spec.unschedulable === true,
    terminating: Boolean(timeOf(meta.deletionTimestamp)) || hasDisruptedTaint(taints),
    taints,
    allocatable: resourcesOf(status.allocatable),
    capacity: resourcesOf(status.capacity),
    ...(meta.annotations?.['karpenter.sh/do-not-disrupt'] === 'true' ? { doNotDisrupt: true } : {}),
    createdAt: timeOf(meta.creationTimestamp) ?? '',
  };
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** The node's annotations for its panel; undefined when it has none worth showing. */
function nodeAnnotations(raw: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!raw) return undefined;
  const kept = Object.entries(raw).filter(([k]) => k !== LAST_APPLIED);
  return kept.length ? Object.fromEntries(kept) : undefined;
}
