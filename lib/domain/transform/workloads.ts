import type { DeploymentInfo, DeploymentStrategy, PodOwner } from '@/lib/domain/model';
import { podRequests } from '@/lib/domain/pod-requests';
import type { Raw } from './raw';

export function transformDeployment(raw: Raw): DeploymentInfo {
  const meta = raw?.metadata ?? {};
  const spec = raw?.spec ?? {};
  const status = raw?.status ?? {};
  const podSpec = spec.template?.spec ?? {};
  const nodeSelector = podSpec.nodeSelector && Object.keys(podSpec.nodeSelector).length ? { ...podSpec.nodeSelector } : undefined;
  const info: DeploymentInfo = {
    namespace: meta.namespace ?? '',
    name: meta.name,
    uid: meta.uid ?? '',
    // An absent spec.replicas means 1 (the API server defaults it).
    replicas: typeof spec.replicas === 'number' ? spec.replicas : 1,
    readyReplicas: status.readyReplicas ?? 0,
    updatedReplicas: status.updatedReplicas ?? 0,
    availableReplicas: status.availableReplicas ?? 0,
    requests: podRequests(podSpec),
    generation: meta.generation ?? 0,
    observedGeneration: status.observedGeneration ?? 0,
  };
  if (nodeSelector) info.nodeSelector = nodeSelector;
  const strategy = strategyOf(spec.strategy);
  if (strategy) info.strategy = strategy;
  return info;
}

/** A ReplicaSet reduced to the one thing the topology needs from it: who owns it (null: nobody). */
export function replicaSetOwner(raw: Raw): PodOwner | null {
  const refs: Raw[] = raw?.metadata?.ownerReferences ?? [];
  const ref = refs.find((r) => r?.controller) ?? refs[0];
  return ref?.kind && ref?.name ? { kind: ref.kind, name: ref.name } : null;
}

/** spec.strategy as the API server defaults it (RollingUpdate, 25% / 25%); undefined when absent. */
function strategyOf(raw: Raw): DeploymentStrategy | undefined {
  if (!raw) return undefined;
  if (raw.type === 'Recreate') return { type: 'Recreate' };
  const out: DeploymentStrategy = { type: 'RollingUpdate' };
  if (raw.rollingUpdate?.maxSurge !== undefined) out.maxSurge = raw.rollingUpdate.maxSurge;
  if (raw.rollingUpdate?.maxUnavailable !== undefined) out.maxUnavailable = raw.rollingUpdate.maxUnavailable;
  return out;
}
