// The pieces every action form shares: one input style, the error a field carries (announced to
// screen readers and addressable by tests through its dotted path, `nodePool.limits.cpu`), a
// labelled text field, the two buttons of a checked form (check first, then commit), the refusal
// a step came back with, and the place the check's answer goes before there is one.
import type { InputHTMLAttributes, ReactNode } from 'react';

/** Sets one field of a form's state. */
export type SetField<State> = <K extends keyof State>(key: K, value: State[K]) => void;

export const INPUT_CLASS = 'mt-1 w-full rounded border border-slate-300 bg-white px-2 py-1.5 font-mono text-sm dark:border-slate-600 dark:bg-slate-900';

/** The first step of a form: check, preview or plan (nothing changes in the cluster). */
export const CHECK_BUTTON_CLASS = 'rounded bg-sky-700 px-4 py-2 text-sm font-medium text-white hover:bg-sky-800 focus-visible:outline-2 disabled:opacity-50';

/** The step that changes the cluster, offered once the form is checked. */
export const COMMIT_BUTTON_CLASS =
  'rounded bg-emerald-700 px-4 py-2 text-sm font-medium text-white hover:bg-emerald-800 focus-visible:outline-2 disabled:cursor-not-allowed disabled:opacity-50';

export const ERROR_BOX_CLASS = 'rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100';

/** The errors for `path`; `nested` adds those of the paths under it (a row's `taints.1.key`, a tag's `tags.team`). */
export function FieldError({ errors, path, nested = false }: { errors: Record<string, string[]>; path: string; nested?: boolean }) {
  const messages = nested ? Object.entries(errors).flatMap(([p, m]) => (p === path || p.startsWith(`${path}.`) ? m : [])) : (errors[path] ?? []);
  if (!messages.length) return null;
  return (
    <span role="alert" className="mt-1 block text-xs text-red-700 dark:text-red-300" data-testid={`error-${path}`}>
      {messages.join(' ')}
    </span>
  );
}

/**
 * A label around one text input, an optional hint under it and the error for `path`. A `block`
 * field takes a row of its own; a `cell` one sits in its parent's grid or flex row.
 */
export function TextField({
  label,
  value,
  onChange,
  errors,
  path,
  hint,
  layout = 'block',
  ...input
}: {
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  errors?: Record<string, string[]>;
  path?: string;
  hint?: ReactNode;
  layout?: 'block' | 'cell';
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'className'>) {
  return (
    <label className={layout === 'block' ? 'block text-sm' : undefined}>
      {label}
      <input className={INPUT_CLASS} value={value} onChange={(e) => onChange(e.target.value)} {...input} />
      {hint}
      {errors && path && <FieldError errors={errors} path={path} />}
    </label>
  );
}

/** What a step was refused with; `children` (even when it renders nothing now) adds a way out below the words. */
export function ActionError({ message, children }: { message: string; children?: ReactNode }) {
  if (children === undefined) {
    return (
      <p role="alert" data-testid="action-error" className={ERROR_BOX_CLASS}>
        {message}
      </p>
    );
  }
  return (
    <div role="alert" data-testid="action-error" className={ERROR_BOX_CLASS}>
      <p>{message}</p>
      {children}
    </div>
  );
}

/** Where the check's answer will be: what it will show, and that nothing changes before the commit. */
export function AnswerPlaceholder({ children }: { children: ReactNode }) {
  return <p className="rounded border border-dashed border-slate-300 p-6 text-sm text-slate-500 dark:border-slate-700">{children}</p>;
}
