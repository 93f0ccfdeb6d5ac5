'use client';
// A node's actions on the review page: cordon / uncordon, drain (evict, or rollout restart first),
// mark / unmark do-not-disrupt. Each goes through the guarded action routes as the signed-in user
// and opens the live view of what happens next. Offered only to users whose RBAC allows them.
import { useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { useQueryClient } from '@tanstack/react-query';
import type { ReviewRow } from '@/lib/domain/review';
import { postJson } from '@/lib/client/query-client';
import { useAccess } from '@/lib/client/use-access';

type Action = { path: string; body: Record<string, unknown>; label: string; follow: boolean };

export function NodeActions({ cluster, row }: { cluster: string; row: ReviewRow }) {
  const access = useAccess(cluster);
  const router = useRouter();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const menu = useRef<HTMLDetailsElement>(null);
  const caps = access.data?.capabilities;
  if (!caps?.patchNodes) return null;
  const canEvict = caps.evictPods === 'all';
  // Nodes already going or never Auto Mode's offer nothing to review here but cordon/drain.
  const going = row.state === 'disrupting';

  const actions: Action[] = [
    row.unschedulable
      ? { path: 'uncordon', body: {}, label: 'Uncordon', follow: false }
      : { path: 'cordon', body: {}, label: 'Cordon', follow: false },
    ...(canEvict && !going
      ? [
          { path: 'drain', body: { mode: 'evict' }, label: 'Drain (evict)', follow: true },
          { path: 'drain', body: { mode: 'restart' }, label: 'Drain by rollout restart', follow: true },
        ]
      : []),
    row.doNotDisrupt
      ? { path: 'do-not-disrupt', body: { enabled: false }, label: 'Allow disruption', follow: false }
      : { path: 'do-not-disrupt', body: { enabled: true }, label: 'Mark do-not-disrupt', follow: false },
  ];

  async function run(a: Action) {
    setBusy(true);
    setError(undefined);
    menu.current?.removeAttribute('open');
    try {
      const res = await postJson<{ activityId: string }>(`/api/clusters/${encodeURIComponent(cluster)}/nodes/${encodeURIComponent(row.node)}/${a.path}`, a.body);
      if (a.follow) router.push(`/clusters/${encodeURIComponent(cluster)}/activity/${encodeURIComponent(res.activityId)}`);
      else await queryClient.invalidateQueries({ queryKey: ['review', cluster] });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="relative">
      <details ref={menu} className="group">
        <summary
          aria-label={`Actions for ${row.node}`}
          className="cursor-pointer list-none whitespace-nowrap rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
        >
          {busy ? 'Working…' : 'Actions ▾'}
        </summary>
        <ul role="menu" className="absolute right-0 z-10 mt-1 w-52 rounded border border-slate-200 bg-white py-1 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-900">
          {actions.map((a) => (
            <li key={a.label} role="none">
              <button type="button" role="menuitem" disabled={busy} onClick={() => void run(a)} className="block w-full px-3 py-1 text-left hover:bg-slate-100 disabled:opacity-50 dark:hover:bg-slate-800">
                {a.label}
              </button>
            </li>
          ))}
        </ul>
      </details>
      {error && (
        <p role="alert" className="mt-1 max-w-xs text-xs text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
    </div>
  );
}
