import type { ReviewRow } from '@/lib/domain/review';
import { formatCpu, formatHourlyCost, formatMemory, formatPercent } from '@/lib/domain/format';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { NodeActions } from './node-actions';

const TONE: Record<ReviewRow['state'], BadgeTone> = {
  consolidate: 'green',
  replace: 'violet',
  waiting: 'blue',
  blocked: 'red',
  keep: 'neutral',
  disrupting: 'amber',
  unmanaged: 'neutral',
};

/** One node: what it is, asks for, uses and costs, its verdict (code and words) and its actions. */
export function ReviewNodeRow({ cluster, row: r }: { cluster: string; row: ReviewRow }) {
  return (
    <tr data-node={r.node} data-code={r.code} className="border-t border-slate-100 align-top dark:border-slate-800">
      <td className="px-2 py-2">
        <div className="font-mono text-xs">{r.node}</div>
        <div className="text-xs text-slate-500">
          {r.instanceType ?? 'unknown type'} · {r.pods} pod(s)
        </div>
      </td>
      <td className="px-2 py-2">{r.pool || '—'}</td>
      <td className="px-2 py-2 tabular-nums">{r.age}</td>
      <td className="px-2 py-2 text-right tabular-nums">
        <Usage requested={r.requested.cpuMillis} used={r.used?.cpuMillis} allocatable={r.allocatable.cpuMillis} format={formatCpu} />
      </td>
      <td className="px-2 py-2 text-right tabular-nums">
        <Usage requested={r.requested.memoryBytes} used={r.used?.memoryBytes} allocatable={r.allocatable.memoryBytes} format={formatMemory} />
      </td>
      <td className="px-2 py-2 text-right tabular-nums">{r.hourly !== undefined ? formatHourlyCost(r.hourly) : '—'}</td>
      <td className="max-w-md px-2 py-2">
        <Badge tone={TONE[r.state]}>{r.code}</Badge>
        <p className="mt-1 text-xs text-slate-700 dark:text-slate-300" data-testid="verdict-words">
          {r.words}
        </p>
        {r.placementWords && (
          <p className="mt-1 text-xs text-slate-500" data-testid="verdict-placement">
            {r.placementWords}
          </p>
        )}
      </td>
      <td className="px-2 py-2">
        <NodeActions cluster={cluster} row={r} />
      </td>
    </tr>
  );
}

function Usage({ requested, used, allocatable, format }: { requested: number; used?: number; allocatable: number; format: (n: number) => string }) {
  return (
    <>
      <div>
        {format(requested)} / {used !== undefined ? format(used) : '—'}
      </div>
      <div className="text-xs text-slate-500">
        of {format(allocatable)} ({formatPercent(allocatable ? requested / allocatable : 0)} requested)
      </div>
    </>
  );
}
