// Scheduled disruption budgets: from each cron time (UTC) for `duration`, at most `nodes` of the
// pool's nodes are disrupted at once, for the reasons ticked (none ticked: every reason). E.g. no
// consolidation in office hours: nodes 0, "0 9 * * mon-fri", 8h.
import { AddRowButton, RemoveRowButton, withRow, withoutRow } from './row-list';
import { NEW_SCHEDULED_BUDGET, type BudgetReason, type ScheduledBudgetRow } from '@/lib/domain/node-class-form';
import { FieldError, TextField } from '@/components/ui/form';

const REASONS: BudgetReason[] = ['Empty', 'Underutilized', 'Drifted'];

export function ScheduledBudgetRows({
  rows,
  onChange,
  errors,
  pathOf,
}: {
  rows: ScheduledBudgetRow[];
  onChange: (rows: ScheduledBudgetRow[]) => void;
  errors: Record<string, string[]>;
  /** Where row `i` sits in the request, for the server's errors. */
  pathOf: (i: number) => string;
}) {
  return (
    <fieldset className="space-y-2 text-sm" data-testid="scheduled-budgets">
      <legend>Scheduled budgets (cron in UTC, then how long the window stays open)</legend>
      {rows.map((b, i) => {
        const path = pathOf(i);
        const invalid = (field: string) => Boolean(errors[`${path}.${field}`]);
        return (
          <div key={i} className="rounded border border-slate-200 p-2 dark:border-slate-700" data-testid={`scheduled-budget-${i}`}>
            <div className="grid grid-cols-[5rem_1fr_5rem_auto] gap-2">
              <TextField layout="cell" label="Nodes" name={`budget-${i}-nodes`} value={b.nodes} onChange={(nodes) => onChange(withRow(rows, i, { nodes }))} aria-invalid={invalid('nodes')} />
              <TextField layout="cell" label={`Budget ${i + 1} schedule`} name={`budget-${i}-schedule`} value={b.schedule} onChange={(schedule) => onChange(withRow(rows, i, { schedule }))} placeholder="0 9 * * mon-fri" aria-invalid={invalid('schedule')} />
              <TextField layout="cell" label="Duration" name={`budget-${i}-duration`} value={b.duration} onChange={(duration) => onChange(withRow(rows, i, { duration }))} placeholder="8h" aria-invalid={invalid('duration')} />
              <RemoveRowButton label={`Remove scheduled budget ${i + 1}`} onClick={() => onChange(withoutRow(rows, i))} />
            </div>
            <fieldset className="mt-1 flex flex-wrap gap-3">
              <legend className="sr-only">Budget {i + 1} reasons</legend>
              {REASONS.map((r) => (
                <label key={r} className="flex items-center gap-1.5 text-xs">
                  <input type="checkbox" checked={b.reasons.includes(r)} onChange={(e) => onChange(withRow(rows, i, { reasons: e.target.checked ? [...b.reasons, r] : b.reasons.filter((x) => x !== r) }))} />
                  {r}
                </label>
              ))}
            </fieldset>
            <FieldError errors={errors} path={path} nested />
          </div>
        );
      })}
      <AddRowButton onClick={() => onChange([...rows, NEW_SCHEDULED_BUDGET])} testId="add-scheduled-budget">
        Add scheduled budget
      </AddRowButton>
    </fieldset>
  );
}
