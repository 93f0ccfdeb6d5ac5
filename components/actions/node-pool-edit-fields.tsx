// The NodePool edit form's fields: the instance types it may launch, its limits and
// consolidation, and its disruption budgets (rows to add and remove).
import { InstanceTypeChoices } from './instance-type-choices';
import { PoolPolicyFields } from './pool-policy-fields';
import type { BudgetRow, NodePoolFormState } from './node-pool-edit-state';
import { FieldError, TextField, type SetField } from '@/components/ui/form';

type Errors = Record<string, string[]>;

export function NodePoolEditFields({
  form,
  set,
  errors,
  onPolicyChange,
}: {
  form: NodePoolFormState;
  set: SetField<NodePoolFormState>;
  errors: Errors;
  onPolicyChange: (patch: Partial<NodePoolFormState>) => void;
}) {
  return (
    <>
      <fieldset className="space-y-2">
        <legend className="text-lg font-semibold">Instance types</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={form.restrictTypes} onChange={(e) => set('restrictTypes', e.target.checked)} />
          Only these types (otherwise any type the other requirements allow)
        </label>
        {form.restrictTypes && <InstanceTypeChoices withShape={false} selected={form.instanceTypes} onChange={(types) => set('instanceTypes', types)} />}
        <FieldError errors={errors} path="instanceTypes" />
      </fieldset>

      <fieldset className="grid grid-cols-2 gap-3 text-sm">
        <legend className="mb-2 text-lg font-semibold">Limits and consolidation</legend>
        <PoolPolicyFields values={form} onChange={onPolicyChange} errors={errors} placeholders={{ cpu: 'none', memory: 'none' }} />
      </fieldset>

      <BudgetFields budgets={form.budgets} onChange={(budgets) => set('budgets', budgets)} errors={errors} />
    </>
  );
}

function BudgetFields({ budgets, onChange, errors }: { budgets: BudgetRow[]; onChange: (budgets: BudgetRow[]) => void; errors: Errors }) {
  const setBudget = (i: number, patch: Partial<BudgetRow>) => onChange(budgets.map((b, j) => (j === i ? { ...b, ...patch } : b)));
  return (
    <fieldset className="space-y-2 text-sm">
      <legend className="text-lg font-semibold">Disruption budgets</legend>
      <p className="text-xs text-slate-500">Without any, Karpenter disrupts at most 10% of the pool&apos;s nodes at a time.</p>
      {budgets.map((b, i) => (
        <div key={i} className="grid grid-cols-[1fr_2fr_1fr_auto] items-end gap-2" data-testid={`budget-${i}`}>
          <TextField layout="cell" label="Nodes" value={b.nodes} onChange={(v) => setBudget(i, { nodes: v })} placeholder="10%" errors={errors} path={`budgets.${i}.nodes`} />
          <TextField
            layout="cell"
            label="Schedule (cron, optional)"
            value={b.schedule}
            onChange={(v) => setBudget(i, { schedule: v })}
            placeholder="0 9 * * mon-fri"
            errors={errors}
            path={`budgets.${i}.schedule`}
          />
          <TextField layout="cell" label="Duration" value={b.duration} onChange={(v) => setBudget(i, { duration: v })} placeholder="8h" errors={errors} path={`budgets.${i}.duration`} />
          <button type="button" onClick={() => onChange(budgets.filter((_, j) => j !== i))} className="mb-0.5 rounded border border-slate-300 px-2 py-1.5 text-xs hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800" aria-label={`Remove budget ${i + 1}`}>
            Remove
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...budgets, { nodes: '1', schedule: '', duration: '' }])} className="rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800">
        Add a budget
      </button>
    </fieldset>
  );
}
