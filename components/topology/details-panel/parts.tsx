// What the node and pod details share: the panel's props, and the sections they are built of.
import type { PendingReason, Panel } from '@/lib/domain/lane-view';
import type { EventInfo, TopologySnapshot } from '@/lib/domain/model';
import type { UsedResources } from '@/lib/domain/usage';
import { formatAge, formatPercent } from '@/lib/domain/format';
import type { ClusterAccess } from '@/lib/client/use-access';

export interface PanelProps {
  cluster: string;
  panel: Panel;
  snapshot: TopologySnapshot;
  access?: ClusterAccess;
  stale: boolean;
  pending: Map<string, PendingReason>;
  onClose: () => void;
  onOpen: (panel: Panel) => void;
  /** Node usage from metrics.k8s.io; undefined when the metrics API does not answer. */
  usage?: Record<string, { cpuMillis: number; memoryBytes: number }>;
  /** Pod usage as last asked for (`scope`: all, or a namespace); undefined until it answers. */
  podUsage?: { scope: string; available: boolean; usage: Record<string, UsedResources> };
}

export function Section({ title, children, testId }: { title: string; children: React.ReactNode; testId?: string }) {
  return (
    <section data-testid={testId}>
      <h3 className="mb-1.5 text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">{title}</h3>
      {children}
    </section>
  );
}

export function KeyValues({ values, empty = 'none' }: { values: Record<string, string> | undefined; empty?: string }) {
  const entries = Object.entries(values ?? {});
  if (entries.length === 0) return <p className="text-slate-500">{empty}</p>;
  return (
    <ul className="space-y-0.5 font-mono text-xs">
      {entries.map(([k, v]) => (
        <li key={k} className="break-all">
          {k}
          {v !== '' && <span className="text-slate-500">=</span>}
          {v}
        </li>
      ))}
    </ul>
  );
}

export function Events({ events, empty = 'No recent events.', limit = 10 }: { events: EventInfo[]; empty?: string; limit?: number }) {
  if (events.length === 0) return <p className="text-slate-500">{empty}</p>;
  return (
    <ul className="space-y-1.5 text-xs" data-testid="events">
      {events.slice(0, limit).map((e) => (
        <li key={`${e.namespace}/${e.name}`} className="rounded border border-slate-200 p-2 dark:border-slate-700">
          <span className={`font-semibold ${e.type === 'Warning' ? 'text-amber-700 dark:text-amber-300' : ''}`}>{e.reason}</span>{' '}
          <span className="text-slate-500">
            {formatAge(e.lastTimestamp)} ago{e.count > 1 ? ` (×${e.count})` : ''}
            {e.source ? ` · ${e.source}` : ''}
          </span>
          <p className="mt-0.5 break-words">{e.message}</p>
        </li>
      ))}
    </ul>
  );
}

export function ResourceTable({ rows }: { rows: Array<{ label: string; allocatable: string; requested: string; ratio: number; used?: string }> }) {
  return (
    <table className="w-full text-xs tabular-nums">
      <thead className="text-left text-slate-500">
        <tr>
          <th className="font-medium" />
          <th className="font-medium">allocatable</th>
          <th className="font-medium">requested</th>
          <th className="font-medium">used</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.label}>
            <th className="text-left font-medium">{r.label}</th>
            <td>{r.allocatable}</td>
            <td>
              {r.requested} ({formatPercent(r.ratio)})
            </td>
            <td className="text-slate-500">{r.used ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
