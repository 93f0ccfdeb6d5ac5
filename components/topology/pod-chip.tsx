import type { PodInfo } from '@/lib/domain/model';
import { formatCpu, formatMemory } from '@/lib/domain/format';
import { workloadHue, workloadOf } from '@/lib/domain/lane-view';
import { podTroubleKind, podTroubleReason } from '@/lib/domain/trouble';
import { shareOfRequests, usageWords, type UsedResources } from '@/lib/domain/usage';
import { TroubleIcon } from './trouble-marks';

function tone(pod: PodInfo, troubled: boolean): string {
  if (troubled) return 'border-red-400 bg-red-50 text-red-900 dark:border-red-600 dark:bg-red-950 dark:text-red-100';
  if (pod.terminating) return 'border-slate-300 bg-slate-100 text-slate-500 line-through dark:border-slate-600 dark:bg-slate-800';
  if (pod.phase === 'Running' && pod.ready) return 'border-slate-200 bg-white text-slate-800 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100';
  if (pod.phase === 'Pending') return 'border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100';
  if (pod.phase === 'Failed') return 'border-red-300 bg-red-50 text-red-900 dark:border-red-700 dark:bg-red-950 dark:text-red-100';
  return 'border-sky-300 bg-sky-50 text-sky-900 dark:border-sky-700 dark:bg-sky-950 dark:text-sky-100';
}

/** What is off about a pod, in one word for the chip: trouble first, then not ready. */
function flag(pod: PodInfo, trouble: string | undefined): string | undefined {
  if (trouble) return trouble;
  if (pod.terminating) return 'Terminating';
  if (pod.phase === 'Pending') return pod.status === 'Pending' ? 'Pending' : pod.status;
  if (pod.phase === 'Running' && !pod.ready) return 'NotReady';
  return undefined;
}

/**
 * One pod: its workload's name and colour (the stripe), its state in the chip's tone and a flag
 * word when it is not simply running; a DaemonSet's pod carries a "DS" tag. `highlight` lights it up or dims it when a workload is picked.
 * With metrics, a hairline along the bottom is the CPU it uses as a share of its request (amber
 * past the request), and the words say both. A chip that opens the pod is a button named by those
 * words; `tabIndex` lets a node tile keep one of its chips in the tab order (roving).
 */
export function PodChip({
  pod,
  highlight,
  onOpen,
  used,
  tabIndex,
  onFocus,
}: {
  pod: PodInfo;
  highlight?: 'on' | 'off';
  onOpen?: (pod: PodInfo) => void;
  used?: UsedResources;
  tabIndex?: number;
  onFocus?: () => void;
}) {
  const workload = pod.owner?.name ?? pod.name;
  // A DaemonSet's pod belongs to its node: drains and consolidation leave it, so it is told apart.
  const daemon = pod.owner?.kind === 'DaemonSet';
  const trouble = podTroubleReason(pod);
  const problem = flag(pod, trouble);
  const restarts = pod.restarts ? `, ${pod.restarts} restarts${pod.lastTermination ? ` (last ${pod.lastTermination})` : ''}` : '';
  const summary = `${pod.namespace}/${pod.name}${daemon ? ' (DaemonSet pod)' : ''}: ${trouble ? `in trouble, ${trouble}` : pod.status}${trouble && pod.status !== trouble && !pod.terminating ? ` (${pod.status})` : ''}${restarts}, requests ${formatCpu(pod.requests.cpuMillis)} CPU, ${formatMemory(pod.requests.memoryBytes)}${
    used ? `; uses ${usageWords(used, pod.requests)}` : ''
  }`;
  const cpuShare = used && shareOfRequests(used, pod.requests).cpu;
  const content = (
    <>
      {trouble && <TroubleIcon />}
      {daemon && (
        <span data-testid="pod-daemonset" className="shrink-0 rounded-sm bg-slate-200 px-0.5 font-sans text-[9px] font-semibold text-slate-600 dark:bg-slate-700 dark:text-slate-300">
          DS
        </span>
      )}
      <span className="truncate">{workload}</span>
      {problem && <span className="shrink-0 font-sans text-[10px] font-semibold uppercase">{problem}</span>}
    </>
  );
  const inner = 'flex min-w-0 max-w-full items-center gap-1 px-1.5 py-0.5';
  return (
    <li
      data-testid="pod"
      data-pod={`${pod.namespace}/${pod.name}`}
      data-status={pod.status}
      data-daemonset={daemon || undefined}
      data-trouble={trouble ? podTroubleKind(pod) : undefined}
      data-highlight={highlight}
      title={summary}
      aria-label={onOpen ? undefined : summary}
      style={{ borderLeftColor: `hsl(${workloadHue(workloadOf(pod))} 65% 50%)` }}
      className={`relative flex max-w-full overflow-hidden rounded border border-l-4 font-mono text-[11px] leading-4 ${tone(pod, Boolean(trouble))} ${
        highlight === 'on' ? 'ring-2 ring-sky-500' : highlight === 'off' ? 'opacity-25' : ''
      }`}
    >
      {onOpen ? (
        <button
          type="button"
          data-testid="pod-open"
          aria-label={summary}
          tabIndex={tabIndex}
          onFocus={onFocus}
          onClick={(e) => {
            e.stopPropagation();
            onOpen(pod);
          }}
          className={`${inner} cursor-pointer text-left outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-sky-500`}
        >
          {content}
        </button>
      ) : (
        <span className={inner}>{content}</span>
      )}
      {cpuShare !== undefined && (
        <span
          aria-hidden
          data-testid="pod-usage"
          data-cpu-share={cpuShare.toFixed(2)}
          className={`pointer-events-none absolute bottom-0 left-0 h-[2px] ${cpuShare > 1 ? 'bg-amber-500' : 'bg-sky-500/70 dark:bg-sky-400/70'}`}
          style={{ width: `${Math.min(100, cpuShare * 100)}%` }}
        />
      )}
    </li>
  );
}
