import { useState } from 'react';
import type { ReviewRow } from '@/lib/domain/review';
import { downloadJson } from './download-json';
import { ReviewNodeRow } from './review-node-row';
import { reviewUrl, type ReviewResponse } from './review-response';

type Filter = 'all' | 'candidates' | 'blocked';

const shows = (filter: Filter) => (r: ReviewRow) => (filter === 'candidates' ? r.candidate : filter === 'blocked' ? r.state === 'blocked' : true);

/** Every node with its verdict, filtered to candidates or blocked nodes, and the exports. */
export function ReviewNodes({ cluster, data }: { cluster: string; data: ReviewResponse }) {
  const [filter, setFilter] = useState<Filter>('all');
  const rows = data.nodes.filter(shows(filter));
  return (
    <section aria-labelledby="nodes-heading" className="space-y-2">
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="nodes-heading" className="text-lg font-semibold">
          Nodes
        </h2>
        <label className="text-sm">
          <span className="mr-1 text-slate-600 dark:text-slate-300">Show</span>
          <select value={filter} onChange={(e) => setFilter(e.target.value as Filter)} className="rounded border border-slate-300 bg-white px-1 py-0.5 dark:border-slate-600 dark:bg-slate-900">
            <option value="all">all nodes</option>
            <option value="candidates">candidates</option>
            <option value="blocked">blocked</option>
          </select>
        </label>
        <Exports cluster={cluster} data={data} />
      </div>
      <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-700">
        <table className="w-full text-left text-sm" data-testid="review-table">
          <thead className="bg-slate-50 text-xs uppercase text-slate-500 dark:bg-slate-900 dark:text-slate-400">
            <tr>
              <th className="px-2 py-2">Node</th>
              <th className="px-2 py-2">Pool</th>
              <th className="px-2 py-2">Age</th>
              <th className="px-2 py-2 text-right">CPU req / used</th>
              <th className="px-2 py-2 text-right">Memory req / used</th>
              <th className="px-2 py-2 text-right">Cost</th>
              <th className="px-2 py-2">Verdict</th>
              <th className="px-2 py-2">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <ReviewNodeRow key={r.node} cluster={cluster} row={r} />
            ))}
            {rows.length === 0 && (
              <tr>
                <td colSpan={8} className="px-2 py-6 text-center text-slate-500">
                  No nodes match.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The table as CSV (rendered by the server, same words) or JSON (what the page holds). */
function Exports({ cluster, data }: { cluster: string; data: ReviewResponse }) {
  return (
    <span className="ml-auto flex gap-2">
      <a
        href={`${reviewUrl(cluster)}?format=csv`}
        download={`review-${cluster}.csv`}
        className="rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
      >
        Export CSV
      </a>
      <button type="button" onClick={() => downloadJson(cluster, data)} className="rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800">
        Export JSON
      </button>
    </span>
  );
}
