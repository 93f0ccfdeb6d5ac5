// Editing a list of rows (taints, selector terms, scheduled budgets): replace one, remove one, add
// one, and the two buttons that do it, reachable by keyboard and named for screen readers.
import type { ReactNode } from 'react';

export const withRow = <T,>(rows: T[], i: number, patch: Partial<T>) => rows.map((r, j) => (j === i ? { ...r, ...patch } : r));
export const withoutRow = <T,>(rows: T[], i: number) => rows.filter((_, j) => j !== i);

const BUTTON_CLASS = 'rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100 focus-visible:outline-2 dark:border-slate-600 dark:hover:bg-slate-800';

export function RemoveRowButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button type="button" aria-label={label} title={label} onClick={onClick} className={`${BUTTON_CLASS} self-end`}>
      Remove
    </button>
  );
}

export function AddRowButton({ children, onClick, testId }: { children: ReactNode; onClick: () => void; testId?: string }) {
  return (
    <button type="button" onClick={onClick} className={BUTTON_CLASS} data-testid={testId}>
      {children}
    </button>
  );
}
