import type { PodPlacement } from '@/lib/domain/pin';

function tolerationText(t: NonNullable<PodPlacement['tolerations']>[number]): string {
  const op = t.operator === 'Exists' ? ' (exists)' : `=${t.value ?? ''}`;
  return `${t.key ?? '*'}${op}${t.effect ? `:${t.effect}` : ''}`;
}

/** The pod template's placement before and after, line by line: removed in red, added in green. */
export function PlacementDiff({ before, after }: { before: PodPlacement; after: PodPlacement }) {
  const lines: Array<{ sign: '+' | '-' | ' '; text: string }> = [];
  const b = before.nodeSelector ?? {};
  const a = after.nodeSelector ?? {};
  for (const k of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (b[k] === a[k]) lines.push({ sign: ' ', text: `nodeSelector ${k}: ${a[k]}` });
    else {
      if (k in b) lines.push({ sign: '-', text: `nodeSelector ${k}: ${b[k]}` });
      if (k in a) lines.push({ sign: '+', text: `nodeSelector ${k}: ${a[k]}` });
    }
  }
  const bt = (before.tolerations ?? []).map(tolerationText);
  const at = (after.tolerations ?? []).map(tolerationText);
  for (const t of bt) lines.push({ sign: at.includes(t) ? ' ' : '-', text: `toleration ${t}` });
  for (const t of at) if (!bt.includes(t)) lines.push({ sign: '+', text: `toleration ${t}` });
  if (lines.every((l) => l.sign === ' ')) lines.push({ sign: ' ', text: '(no change to placement)' });
  return (
    <pre data-testid="placement-diff" className="overflow-auto rounded bg-slate-50 p-2 font-mono text-xs dark:bg-slate-900">
      {lines.map((l, i) => (
        <div
          key={i}
          className={l.sign === '+' ? 'text-emerald-700 dark:text-emerald-300' : l.sign === '-' ? 'text-red-700 line-through dark:text-red-300' : 'text-slate-500'}
        >
          <span aria-hidden="true">{l.sign} </span>
          <span className="sr-only">{l.sign === '+' ? 'added: ' : l.sign === '-' ? 'removed: ' : ''}</span>
          {l.text}
        </div>
      ))}
    </pre>
  );
}
