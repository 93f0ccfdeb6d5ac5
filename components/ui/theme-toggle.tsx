'use client';
// Light, dark, or the system's choice (the default). The choice is kept in localStorage and put on
// <html> as a class the `dark:` variant reads (app/globals.css).
import { useEffect, useState } from 'react';

type Theme = 'system' | 'light' | 'dark';
const KEY = 'nodelanes.theme';
const NEXT: Record<Theme, Theme> = { system: 'light', light: 'dark', dark: 'system' };

function apply(theme: Theme) {
  const root = document.documentElement;
  root.classList.remove('light', 'dark');
  if (theme !== 'system') root.classList.add(theme);
}

export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>('system');
  useEffect(() => {
    const stored = localStorage.getItem(KEY);
    const initial: Theme = stored === 'light' || stored === 'dark' ? stored : 'system';
    setTheme(initial);
    apply(initial);
  }, []);
  const choose = () => {
    const next = NEXT[theme];
    setTheme(next);
    apply(next);
    if (next === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, next);
  };
  return (
    <button
      type="button"
      data-testid="theme-toggle"
      data-theme={theme}
      onClick={choose}
      title="Switch theme: system → light → dark"
      className="rounded px-2 py-1 text-sm text-slate-600 hover:bg-slate-100 focus-visible:outline-2 dark:text-slate-300 dark:hover:bg-slate-800"
    >
      Theme: {theme}
    </button>
  );
}
