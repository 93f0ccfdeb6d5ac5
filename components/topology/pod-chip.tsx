import type { PodInfo } from '@/lib/domain/model';
import { formatCpu, formatMemory } from '@/lib/domain/format';

function tone(pod: PodInfo): string {
  if (pod.terminating) return 'border-slate-300 bg-slate-100 text-slate-500 line-through dark:border-slate-600 dark:bg-slate-800';
  if (pod.phase === 'Running' && pod.ready) return 'border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-700 dark:bg-emerald-950 dark:text-emerald-100';
  if (pod.phase === 'Pending') return 'border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100';
  if (pod.phase === 'Failed') return 'border-red-300 bg-red-50 text-red-900 dark:border-red-700 dark:bg-red-950 dark:text-red-100';
  return 'border-sky-300 bg-sky-50 text-sky-900 dark:border-sky-700 dark:bg-sky-950 dark:text-sky-100';
}

/** One pod: its workload name, coloured by state; details in the tooltip and accessible name. */
export function PodChip({ pod }: { pod: PodInfo }) {
  const workload = pod.owner?.name ?? pod.name;
  const summary = `${pod.namespace}/${pod.name}: ${pod.status}, requests ${formatCpu(pod.requests.cpuMillis)} CPU, ${formatMemory(pod.requests.memoryBytes)}`;
  return (
    <li
      data-testid="pod"
      data-pod={`${pod.namespace}/${pod.name}`}
      data-status={pod.status}
      title={summary}
      aria-label={summary}
      className={`max-w-full truncate rounded border px-1.5 py-0.5 font-mono text-[11px] leading-4 ${tone(pod)}`}
    >
      {workload}
    </li>
  );
}
