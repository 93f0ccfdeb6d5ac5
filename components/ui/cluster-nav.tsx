'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { ThemeToggle } from './theme-toggle';

const PAGES = [
  { path: 'lanes', label: 'Lanes' },
  { path: 'move', label: 'Move workloads' },
  { path: 'review', label: 'Review' },
  { path: 'node-classes/new', label: 'New node class' },
  { path: 'node-pools', label: 'Node pools' },
  { path: 'nodegroups', label: 'Node groups' },
];

/** The cluster's pages; the current one is marked for screen readers and the eye. */
export function ClusterNav({ cluster }: { cluster: string }) {
  const pathname = usePathname();
  const base = `/clusters/${encodeURIComponent(cluster)}`;
  return (
    <nav aria-label="Pages" className="flex gap-1 border-l border-slate-200 pl-4 text-sm dark:border-slate-700">
      {PAGES.map((p) => {
        const href = `${base}/${p.path}`;
        const current = pathname === href;
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
