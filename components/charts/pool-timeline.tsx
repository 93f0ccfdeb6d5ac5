'use client';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface TimelinePoint {
  /** ms since epoch */
  t: number;
  [series: string]: number;
}

const COLORS = ['#0284c7', '#7c3aed', '#059669', '#d97706', '#dc2626', '#475569', '#db2777', '#0891b2'];

const clock = (t: number) => new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** One line per series (a pool, or "cost") over time; the chart is described for screen readers by its caption. */
export function PoolTimeline({ points, series, title, unit, testId }: { points: TimelinePoint[]; series: string[]; title: string; unit?: string; testId?: string }) {
  return (
    <figure data-testid={testId} className="rounded-lg border border-slate-200 p-3 dark:border-slate-700">
      <figcaption className="mb-2 text-sm font-semibold">{title}</figcaption>
      {points.length < 2 ? (
        <p className="py-8 text-center text-sm text-slate-500">Collecting samples…</p>
      ) : (
        <div className="h-56">
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={points} margin={{ top: 4, right: 12, bottom: 4, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#94a3b833" />
              <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} tickFormatter={clock} fontSize={11} />
              <YAxis allowDecimals={unit === '$/h'} fontSize={11} width={44} />
              <Tooltip labelFormatter={(t) => clock(Number(t))} formatter={(v) => (unit === '$/h' ? `$${Number(v).toFixed(3)}/h` : String(v))} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              {series.map((s, i) => (
                <Line key={s} type="stepAfter" dataKey={s} stroke={COLORS[i % COLORS.length]} dot={false} isAnimationActive={false} connectNulls />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}
