import type { NodeSelectorWarning } from '@/lib/domain/lanes';

/** Deployments whose nodeSelector names a misspelled pool or class key: their pods will stay Pending. */
export function SelectorWarnings({ warnings }: { warnings: Array<NodeSelectorWarning & { deployment: string }> }) {
  if (warnings.length === 0) return null;
  return (
    <div role="status" className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
      {warnings.map((w) => (
        <p key={`${w.deployment}-${w.key}`}>
          <strong>{w.deployment}</strong>: {w.message}
        </p>
      ))}
    </div>
  );
}
