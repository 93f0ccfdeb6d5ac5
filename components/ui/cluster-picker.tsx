'use client';
// The cluster picker: a button naming the current cluster and its health, opening a list of every
// cluster this server knows with theirs (a disclosure of links: the keyboard reaches them with Tab
// or the arrow keys, Escape closes and gives focus back to the button). Choosing one keeps the
// current view where it exists for any cluster (lib/domain/cluster-switch.ts). Health comes from
// GET /api/clusters?health=1 and is asked again every 15 s while the page is open.
import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { useEffect, useId, useRef, useState, type RefObject } from 'react';
import { healthLabel, type ClusterHealth } from '@/lib/domain/cluster-health';
import { switchClusterHref } from '@/lib/domain/cluster-switch';
import { HealthDot, clusterWhere as where, useClusterHealth, type PickerCluster } from './cluster-health';

export function ClusterPicker({ clusters, current }: { clusters: PickerCluster[]; current: string }) {
  const pathname = usePathname();
  const search = useSearchParams().toString();
  const [open, setOpen] = useState(false);
  // Set once React has taken the server's HTML over: keys pressed before then reach no handler.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const listId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const healthOf = useClusterHealth();
  const here = clusters.find((c) => c.id === current);

  useClickAway(open, [list, button], () => setOpen(false));

  const links = () => [...(list.current?.querySelectorAll<HTMLAnchorElement>('a') ?? [])];
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape' && open) {
      e.preventDefault();
      setOpen(false);
      button.current?.focus();
      return;
    }
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    if (!open) {
      setOpen(true);
      requestAnimationFrame(() => links()[e.key === 'ArrowDown' ? 0 : links().length - 1]?.focus());
      return;
    }
    const all = links();
    const i = all.indexOf(document.activeElement as HTMLAnchorElement);
    const next = e.key === 'ArrowDown' ? (i + 1) % all.length : (i - 1 + all.length) % all.length;
    all[next]?.focus();
  };

  const currentHealth = healthOf(current);
  return (
    <div className="relative" onKeyDown={onKeyDown} data-testid="cluster-picker" data-hydrated={hydrated ? 'true' : undefined}>
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={listId}
        title={here ? where(here) : undefined}
        onClick={() => setOpen((o) => !o)}
        className="flex items-center gap-2 rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 focus-visible:outline-2 dark:border-slate-600 dark:hover:bg-slate-800"
      >
        <span className="sr-only">Cluster:</span>
        <HealthDot health={currentHealth} />
        <span className="font-medium">{here?.name ?? current}</span>
        <span className="sr-only">({healthLabel(currentHealth)}), choose another cluster</span>
        <span aria-hidden className="text-slate-400">▾</span>
      </button>
      <ul
        id={listId}
        ref={list}
        aria-label="Clusters"
        hidden={!open}
        className="absolute left-0 z-30 mt-1 w-[28rem] max-w-[90vw] rounded border border-slate-200 bg-white p-1 shadow-lg dark:border-slate-700 dark:bg-slate-900"
      >
        {clusters.map((c) => (
          <ClusterOption key={c.id} cluster={c} health={healthOf(c.id)} href={switchClusterHref(pathname, search, c.id)} current={c.id === current} onChoose={() => setOpen(false)} />
        ))}
      </ul>
    </div>
  );
}

/** One cluster in the list: its health, name (and id), version and where it is; `current` is the one shown now. */
function ClusterOption({ cluster: c, health, href, current, onChoose }: { cluster: PickerCluster; health: ClusterHealth | undefined; href: string; current: boolean; onChoose: () => void }) {
  return (
    <li data-cluster={c.id} data-health={health?.state ?? 'unknown'}>
      <Link
        href={href}
        aria-current={current ? 'page' : undefined}
        onClick={onChoose}
        className={`flex items-start gap-2 rounded px-2 py-1.5 text-sm hover:bg-slate-100 focus-visible:bg-slate-100 focus-visible:outline-2 dark:hover:bg-slate-800 dark:focus-visible:bg-slate-800 ${current ? 'font-semibold' : ''}`}
      >
        <span className="mt-1.5">
          <HealthDot health={health} />
        </span>
        <span className="min-w-0">
          <span className="block">
            {c.name}
            {c.name !== c.id && <span className="ml-1 font-normal text-slate-500">({c.id})</span>}
          </span>
          <span data-testid="cluster-health" className={`block text-xs font-normal ${health?.state === 'unreachable' ? 'text-red-700 dark:text-red-300' : 'text-slate-500'}`}>
            {healthLabel(health)}
            {health?.version && health.state !== 'unreachable' ? ` · ${health.version}` : ''}
          </span>
          <span className="block truncate text-xs font-normal text-slate-400">{where(c)}</span>
        </span>
      </Link>
    </li>
  );
}

/** While open, a click anywhere outside `inside` closes it, as a menu would. */
function useClickAway(open: boolean, inside: Array<RefObject<HTMLElement | null>>, close: () => void) {
  useEffect(() => {
    if (!open) return;
    const away = (e: MouseEvent) => {
      const target = e.target as Node;
      if (!inside.some((r) => r.current?.contains(target))) close();
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
    // The refs and the closer are stable for the picker's life; only opening and closing matter.
  }, [open]);
}
