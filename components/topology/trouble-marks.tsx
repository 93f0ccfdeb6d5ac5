// How trouble is marked wherever it shows: a warning sign beside words (never colour alone), and
// counts by kind. What counts as trouble is lib/domain/trouble.ts's to say.
import { TROUBLE_KINDS, TROUBLE_WORDS, totalTrouble, troubleWords, type TroubleCounts } from '@/lib/domain/trouble';

/** The warning sign; the words beside it (or the owner's aria-label) say what it is. */
export function TroubleIcon({ className = '' }: { className?: string }) {
  return (
    <span aria-hidden className={`shrink-0 font-sans font-bold text-red-600 dark:text-red-400 ${className}`}>
      ⚠
    </span>
  );
}

/** A lane's (or the cluster's) troubles, one small badge per kind: `⚠ 2 CrashLoopBackOff`. */
export function TroubleCountBadges({ counts, testId }: { counts: TroubleCounts; testId?: string }) {
  if (totalTrouble(counts) === 0) return null;
  return (
    <ul data-testid={testId} aria-label={`In trouble: ${troubleWords(counts)}`} className="flex flex-wrap gap-1">
      {TROUBLE_KINDS.filter((k) => counts[k]).map((k) => (
        <li
          key={k}
          data-kind={k}
          data-count={counts[k]}
          className="inline-flex items-center gap-1 rounded bg-red-50 px-1.5 py-0.5 text-[11px] font-medium text-red-800 ring-1 ring-inset ring-red-200 dark:bg-red-950 dark:text-red-200 dark:ring-red-800"
        >
          <TroubleIcon />
          {counts[k]} {TROUBLE_WORDS[k].label}
        </li>
      ))}
    </ul>
  );
}
