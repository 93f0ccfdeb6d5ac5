// Actions by kind as they finish: how many, how they ended, how long they took. Each replica
// counts the actions it ran (a drain on the replica that runs it), so a cluster's total is the sum
// over replicas. A kind gets all its outcomes at 0 when it first starts on a cluster, so increase()
// and alerts see the first failure, not only the second.

import { Counter, Histogram, type Registry } from 'prom-client';
import type { ActionKind, ActionOutcome } from '@/lib/domain/action-kind';

export type ActionLabels = 'cluster' | 'kind' | 'outcome';

export interface ActionMetrics {
  finished: Counter<ActionLabels>;
  duration: Histogram<ActionLabels>;
}

export function actionMetrics(registers: Registry[]): ActionMetrics {
  const labelNames = ['cluster', 'kind', 'outcome'] as const;
  return {
    finished: new Counter({
      name: 'nodelanes_actions_total',
      help: 'Actions that ran to an end, by cluster, kind (restart, pin, cordon, drain, node-pool…) and outcome (succeeded, failed, cancelled). Refusals and dry runs are not counted.',
      labelNames,
      registers,
    }),
    duration: new Histogram({
      name: 'nodelanes_action_duration_seconds',
      help: 'How long actions took, by cluster, kind and outcome: a drain from its start to its end, any other action its write.',
      labelNames,
      // A cordon takes milliseconds, a drain behind a PodDisruptionBudget can take an hour.
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600],
      registers,
    }),
  };
}

export function recordFinished(m: ActionMetrics, cluster: string, kind: ActionKind, outcome: ActionOutcome, seconds: number): void {
  m.finished.inc({ cluster, kind, outcome });
  m.duration.observe({ cluster, kind, outcome }, seconds);
}
