'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { ThemeToggle } from './theme-toggle';

// The three jobs first (see, review, move), then the capacity they act on.
const PAGES = [
  { path: 'lanes', label: 'Lanes' },
  { path: 'review', label: 'Review' },
  { path: 'move', label: 'Move workloads' },
  { path: 'node-pools', label: 'Node pools' },
  { path: 'nodegroups', label: 'Node groups' },
  { path: 'node-classes/new', label: 'New node class' },
];

/** The cluster's pages; the current one is marked for screen readers and the eye. */
export function ClusterNav({ cluster }: { cluster: string }) {
  const pathname = usePathname();
  const base = `/clusters/${encodeURIComponent(cluster)}`;
  return (
    <nav aria-label="Pages" className="flex flex-wrap gap-1 border-l border-slate-200 pl-4 text-sm dark:border-slate-700">
      {PAGES.map((p) => {
        const href = `${base}/${p.path}`;
        // A page's own sub-pages (a pool's edit page) keep its tab current.
        const current = pathname === href || pathname.startsWith(`${href}/`);
        return (
          <Link
            key={p.path}
            href={href}
            aria-current={current ? 'page' : undefined}
            className={`rounded px-2 py-1 focus-visible:outline-2 ${current ? 'font-semibold text-sky-700 underline decoration-2 underline-offset-4 dark:text-sky-300' : 'text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'}`}
          >
            {p.label}
          </Link>
        );
      })}
      <ThemeToggle />
    </nav>
  );
}
