'use client';
import { useEffect, useRef } from 'react';
import type { AuthMode } from '@/lib/domain/auth-mode';

export interface UserMenuProps {
  mode: AuthMode;
  user: { name: string; groups: string[]; email?: string } | null;
}

// next-auth's client (16 KiB of the header's script) is loaded when the user signs out, not with
// every page: the header is on every page and nothing else in it needs that code.
async function signOutToSignIn() {
  const { signOut } = await import('next-auth/react');
  await signOut({ callbackUrl: '/signin' });
}

/** Who the dashboard acts as, in the header. Signing out exists only where there is a session. */
export function UserMenu({ mode, user }: UserMenuProps) {
  const menu = useRef<HTMLDetailsElement>(null);
  // A menu closes when you click elsewhere or press Escape, which <details> alone does not do.
  useEffect(() => {
    const close = (event: Event) => {
      const el = menu.current;
      if (!el?.open) return;
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !el.contains(event.target as Node)) {
        el.open = false;
        if (event instanceof KeyboardEvent) el.querySelector('summary')?.focus();
      }
    };
    document.addEventListener('pointerdown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('pointerdown', close);
      document.removeEventListener('keydown', close);
    };
  }, []);
  if (mode === 'off') {
    return (
      <span data-testid="user-menu" className="rounded bg-red-100 px-2 py-1 text-xs font-medium text-red-800 dark:bg-red-950 dark:text-red-200">
        Not signed in (sign-in is off)
      </span>
    );
  }
  if (!user) return null;
  if (mode === 'sandbox-demo') {
    return (
      <span data-testid="user-menu" className="rounded bg-amber-100 px-2 py-1 text-xs font-medium text-amber-900 dark:bg-amber-950 dark:text-amber-100">
        Signed in as {user.name} (sandbox demo)
      </span>
    );
  }
  return (
    // <details> opens and closes without script and is keyboard reachable as a disclosure.
    <details ref={menu} data-testid="user-menu" className="group relative text-sm">
      <summary className="flex cursor-pointer list-none items-center gap-2 rounded px-2 py-1 text-slate-700 hover:bg-slate-100 focus-visible:outline-2 dark:text-slate-200 dark:hover:bg-slate-800">
        <span aria-hidden className="flex h-6 w-6 items-center justify-center rounded-full bg-sky-600 text-xs font-bold uppercase text-white">
          {user.name.slice(0, 1)}
        </span>
        <span data-testid="user-name">{user.name}</span>
        <span aria-hidden className="text-slate-400 group-open:rotate-180">▾</span>
      </summary>
      <div className="absolute right-0 z-20 mt-1 w-64 rounded-lg border border-slate-200 bg-white p-3 shadow-lg dark:border-slate-700 dark:bg-slate-900">
        <p className="text-xs text-slate-500">Signed in as</p>
        <p className="truncate font-medium" title={user.name}>
          {user.name}
        </p>
        <p className="mt-2 text-xs text-slate-500">Groups</p>
        {user.groups.length ? (
          <ul data-testid="user-groups" className="mt-1 flex flex-wrap gap-1">
            {user.groups.map((g) => (
              <li key={g} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs dark:bg-slate-800">
                {g}
              </li>
            ))}
          </ul>
        ) : (
          <p data-testid="user-groups" className="mt-1 text-xs text-slate-500">
            none
          </p>
        )}
        <p className="mt-2 text-xs text-slate-500">The cluster&apos;s RBAC decides what you can see and do.</p>
        <button
          type="button"
          onClick={() => void signOutToSignIn()}
          className="mt-3 w-full rounded bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700 focus-visible:outline-2 dark:bg-white dark:text-slate-900 dark:hover:bg-slate-200"
        >
          Sign out
        </button>
      </div>
    </details>
  );
}
