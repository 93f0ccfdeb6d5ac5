'use client';
// A long list shown a page at a time, with its total: `51–100 of 230` and buttons to the pages
// before and after.
import { useState } from 'react';

/** The page of `items` to draw, the pager to draw below it, and which page is shown. */
export function usePage<T>(items: readonly T[], size: number): { shown: readonly T[]; page: number; pages: number; setPage: (page: number) => void } {
  const [wanted, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(items.length / size));
  // A list that shrank keeps the user on its last page rather than an empty one.
  const page = Math.min(wanted, pages - 1);
  return { shown: items.slice(page * size, (page + 1) * size), page, pages, setPage };
}

export function Pager({ page, pages, size, total, setPage, label, testId }: { page: number; pages: number; size: number; total: number; setPage: (page: number) => void; label: string; testId?: string }) {
  if (pages <= 1) return null;
  const from = page * size + 1;
  const to = Math.min(total, (page + 1) * size);
  const button = 'rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-100 disabled:opacity-40 dark:border-slate-600 dark:hover:bg-slate-800';
  return (
    <nav aria-label={label} data-testid={testId} className="mt-2 flex items-center gap-2 text-xs">
      <button type="button" className={button} disabled={page === 0} onClick={() => setPage(page - 1)}>
        Previous page
      </button>
      <span aria-live="polite" data-testid={testId ? `${testId}-range` : undefined} className="tabular-nums">
        {from}–{to} of {total}
      </span>
      <button type="button" className={button} disabled={page >= pages - 1} onClick={() => setPage(page + 1)}>
        Next page
      </button>
    </nav>
  );
}
