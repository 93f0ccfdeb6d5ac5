// Step 2 of moving workloads: the pool to move them to, one radio per pool the cluster has (by
// the label its nodes carry), or any label the user names.
import type { PinTargetOption } from '@/lib/domain/pin-targets';

/** The radio value of the user's own label. */
export const CUSTOM_TARGET = 'custom';

/** The radio value of an offered pool: its label as `key=value`. */
export const targetIdOf = (t: { key: string; value: string }) => `${t.key}=${t.value}`;

/**
 * The label the pods will be pinned to: the offered pool's, or the user's own once both halves
 * are typed. Only the label goes to the server: the intent is {key, value}, nothing the form
 * knows besides.
 */
export function chosenTarget(targetId: string, targets: PinTargetOption[], custom: { key: string; value: string }): { key: string; value: string } | undefined {
  if (targetId === CUSTOM_TARGET) return custom.key && custom.value ? { key: custom.key.trim(), value: custom.value.trim() } : undefined;
  const option = targets.find((t) => targetIdOf(t) === targetId);
  return option && { key: option.key, value: option.value };
}

export function TargetPicker({
  targets,
  targetId,
  onTarget,
  custom,
  onCustom,
}: {
  targets: PinTargetOption[];
  targetId: string;
  onTarget: (id: string) => void;
  custom: { key: string; value: string };
  onCustom: (custom: { key: string; value: string }) => void;
}) {
  return (
    <fieldset aria-labelledby="pick-target" className="space-y-1 text-sm">
      {targets.map((t) => (
        <label key={targetIdOf(t)} className="flex items-baseline gap-x-2">
          <input type="radio" name="target" value={targetIdOf(t)} checked={targetId === targetIdOf(t)} onChange={() => onTarget(targetIdOf(t))} />
          {/* One block beside the radio, so a long line wraps under its text, not under the radio. */}
          <span className="flex flex-wrap items-baseline gap-x-2">
            <span className="whitespace-nowrap">{t.label}</span>
            <span className="whitespace-nowrap font-mono text-xs text-slate-500">
              {t.key}={t.value}
            </span>
            <span className="text-xs text-slate-500">
              {t.nodes} node{t.nodes === 1 ? '' : 's'}
              {t.note ? ` · ${t.note}` : ''}
            </span>
          </span>
        </label>
      ))}
      <label className="flex items-center gap-2">
        <input type="radio" name="target" value={CUSTOM_TARGET} checked={targetId === CUSTOM_TARGET} onChange={() => onTarget(CUSTOM_TARGET)} />
        <span>Nodes with a label</span>
      </label>
      {targetId === CUSTOM_TARGET && (
        <div className="flex gap-2 pl-6">
          <input aria-label="Label key" placeholder="key, e.g. workload" value={custom.key} onChange={(e) => onCustom({ ...custom, key: e.target.value })} className="w-48 rounded border border-slate-300 px-2 py-1 font-mono dark:border-slate-600 dark:bg-slate-900" />
          <input aria-label="Label value" placeholder="value, e.g. cpu" value={custom.value} onChange={(e) => onCustom({ ...custom, value: e.target.value })} className="w-40 rounded border border-slate-300 px-2 py-1 font-mono dark:border-slate-600 dark:bg-slate-900" />
        </div>
      )}
    </fieldset>
  );
}
