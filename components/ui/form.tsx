// The pieces every action form shares: one input style, and the error a field carries, announced
// to screen readers and addressable by tests through its dotted path (`nodePool.limits.cpu`).

export const INPUT_CLASS = 'mt-1 w-full rounded border border-slate-300 bg-white px-2 py-1.5 font-mono text-sm dark:border-slate-600 dark:bg-slate-900';

export function FieldError({ errors, path }: { errors: Record<string, string[]>; path: string }) {
  if (!errors[path]?.length) return null;
  return (
    <span role="alert" className="mt-1 block text-xs text-red-700 dark:text-red-300" data-testid={`error-${path}`}>
      {errors[path].join(' ')}
    </span>
  );
}
