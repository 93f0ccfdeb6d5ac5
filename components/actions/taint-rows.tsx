// The pool's taints, one row each (key, value, effect): pods run on the pool's nodes only when they
// tolerate every NoSchedule / NoExecute taint. A value left empty is the pool's name.
import { AddRowButton, RemoveRowButton, withRow, withoutRow } from './row-list';
import { NEW_TAINT, type TaintEffect, type TaintRow } from '@/lib/domain/node-class-form';
import { FieldError, INPUT_CLASS, TextField } from '@/components/ui/form';

const EFFECTS: TaintEffect[] = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

export function TaintRows({ rows, onChange, poolName, errors }: { rows: TaintRow[]; onChange: (rows: TaintRow[]) => void; poolName: string; errors: Record<string, string[]> }) {
  return (
    <fieldset className="space-y-2 text-sm" data-testid="taints">
      <legend>Taints (only pods that tolerate them run on the pool; none: any pod may land there)</legend>
      {rows.map((t, i) => {
        const path = `nodePool.taints.${i}`;
        return (
          <div key={i} className="rounded border border-slate-200 p-2 dark:border-slate-700" data-testid={`taint-${i}`}>
            <div className="grid grid-cols-[minmax(0,1fr)_minmax(0,1fr)_9.5rem_auto] gap-2">
              <TextField layout="cell" label={`Taint ${i + 1} key`} name={`${path}.key`} value={t.key} onChange={(key) => onChange(withRow(rows, i, { key }))} placeholder="workload" aria-invalid={Boolean(errors[`${path}.key`])} />
              <TextField layout="cell" label="value" name={`${path}.value`} value={t.value} onChange={(value) => onChange(withRow(rows, i, { value }))} placeholder={poolName} aria-invalid={Boolean(errors[`${path}.value`])} />
              <label>
                effect
                <select name={`${path}.effect`} className={INPUT_CLASS} value={t.effect} onChange={(e) => onChange(withRow(rows, i, { effect: e.target.value as TaintEffect }))}>
                  {EFFECTS.map((e) => (
                    <option key={e}>{e}</option>
                  ))}
                </select>
              </label>
              <RemoveRowButton label={`Remove taint ${i + 1}`} onClick={() => onChange(withoutRow(rows, i))} />
            </div>
            <FieldError errors={errors} path={path} nested />
          </div>
        );
      })}
      <AddRowButton onClick={() => onChange([...rows, NEW_TAINT])} testId="add-taint">
        Add taint
      </AddRowButton>
      <FieldError errors={errors} path="nodePool.taints" />
    </fieldset>
  );
}
