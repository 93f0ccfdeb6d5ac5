// What a preflight found, one line each: a warning the user should read, or a note.
import type { Finding } from '@/lib/domain/node-class';

export function FindingList({ findings }: { findings: Finding[] }) {
  return (
    <ul className="space-y-1 text-sm">
      {findings.map((f) => (
        <li key={f.code} className={f.level === 'warning' ? 'text-amber-800 dark:text-amber-200' : 'text-slate-600 dark:text-slate-300'}>
          {f.level === 'warning' ? '⚠ ' : 'ℹ '}
          {f.message}
        </li>
      ))}
    </ul>
  );
}
