// Usage (metrics.k8s.io) as one user may see it. The server reads every node's and pod's usage once
// per cluster with its own credentials and shares the sample among its users, so each answer is cut
// down to the user's visibility scope, as the topology is: node usage only to those who may list
// nodes, a pod's usage only to those who may list pods in its namespace (keys are `namespace/name`).
import type { NodeUsage } from './review';
import type { UsedResources } from './usage';
import { isFullScope, namespaceFilter, type VisibilityScope } from './visibility';

/** One reading of the cluster's metrics; a part is undefined when it was not read or not served. */
export interface UsageSample {
  /** The API server's clock when it answered. */
  at: Date;
  nodes?: ReadonlyMap<string, NodeUsage>;
  pods?: ReadonlyMap<string, UsedResources>;
}

/** The wire form: what GET topology/usage answers and the stream's `usage` event carries. */
export interface UsageAnswer {
  available: boolean;
  at: string;
  nodes: Record<string, UsedResources>;
  /** Present when asked for: `scope` is `all` or a namespace; `usage` is keyed `namespace/name`. */
  pods?: { scope: string; available: boolean; usage: Record<string, UsedResources> };
}

/** `pods`: `all`, one namespace, or undefined for node usage only. */
export function usageAnswer(sample: UsageSample, scope: VisibilityScope, pods?: string): UsageAnswer {
  const nodes = scope.nodes && sample.nodes ? Object.fromEntries(sample.nodes) : {};
  const answer: UsageAnswer = { available: scope.nodes && sample.nodes !== undefined, at: sample.at.toISOString(), nodes };
  if (pods === undefined) return answer;
  return { ...answer, pods: { scope: pods, available: sample.pods !== undefined, usage: visiblePodUsage(sample.pods, scope, pods) } };
}

function visiblePodUsage(usage: UsageSample['pods'], scope: VisibilityScope, pods: string): Record<string, UsedResources> {
  if (!usage) return {};
  const visible = namespaceFilter(scope);
  const out: Record<string, UsedResources> = {};
  const everything = pods === 'all' && isFullScope(scope);
  for (const [key, value] of usage) {
    if (everything) {
      out[key] = value;
      continue;
    }
    const namespace = key.slice(0, key.indexOf('/'));
    if ((pods === 'all' || pods === namespace) && visible(namespace)) out[key] = value;
  }
  return out;
}
