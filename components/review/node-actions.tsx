'use client';
// A node's actions on the review page: cordon / uncordon, drain (evict, or rollout restart first),
// mark / unmark do-not-disrupt. Each opens its plan first (NodeActionDialog: the server's dry run),
// runs through the guarded action routes as the signed-in user only on Confirm, and opens the live
// view of what happens next. Offered only to users whose RBAC allows them.
import { useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { useQueryClient } from '@tanstack/react-query';
import type { ReviewRow } from '@/lib/domain/review';
import { useAccess } from '@/lib/client/use-access';
import { NodeActionDialog, type NodeActionChoice } from './node-action-dialog';

type Action = NodeActionChoice;

export function NodeActions({ cluster, row }: { cluster: string; row: ReviewRow }) {
  const access = useAccess(cluster);
  const router = useRouter();
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState<Action>();
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
      ? ([
          { path: 'drain', body: { mode: 'evict' }, label: 'Drain (evict)', follow: true },
          { path: 'drain', body: { mode: 'restart' }, label: 'Drain by rollout restart', follow: true },
        ] satisfies Action[])
      : []),
    row.doNotDisrupt
      ? { path: 'do-not-disrupt', body: { enabled: false }, label: 'Allow disruption', follow: false }
      : { path: 'do-not-disrupt', body: { enabled: true }, label: 'Mark do-not-disrupt', follow: false },
  ];

  const url = (a: Action) => `/api/clusters/${encodeURIComponent(cluster)}/nodes/${encodeURIComponent(row.node)}/${a.path}`;

  function choose(a: Action) {
    menu.current?.removeAttribute('open');
    setChosen(a);
  }

  async function done(a: Action, activityId: string) {
    if (a.follow) router.push(`/clusters/${encodeURIComponent(cluster)}/activity/${encodeURIComponent(activityId)}`);
    else await queryClient.invalidateQueries({ queryKey: ['review', cluster] });
  }

  return (
    <div className="relative">
      <details ref={menu} className="group">
        <summary
          aria-label={`Actions for ${row.node}`}
          className="cursor-pointer list-none whitespace-nowrap rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
        >
          Actions ▾
        </summary>
        <ul role="menu" className="absolute right-0 z-10 mt-1 w-52 rounded border border-slate-200 bg-white py-1 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-900">
          {actions.map((a) => (
            <li key={a.label} role="none">
              <button type="button" role="menuitem" onClick={() => choose(a)} className="block w-full px-3 py-1 text-left hover:bg-slate-100 disabled:opacity-50 dark:hover:bg-slate-800">
                {a.label}
              </button>
            </li>
          ))}
        </ul>
      </details>
      {chosen && <NodeActionDialog key={chosen.label} url={url(chosen)} node={row.node} choice={chosen} onClose={() => setChosen(undefined)} onDone={(id) => void done(chosen, id)} />}
    </div>
  );
}
