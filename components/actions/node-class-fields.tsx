// The new-node-class form's fields: the NodeClass (name, role, storage) and the NodePool that
// uses it (types, capacity types, the dedicating taint, labels, limits, consolidation, budget).
import { InstanceTypeChoices } from './instance-type-choices';
import { LabelLinesField } from './label-lines-field';
import { PoolPolicyFields } from './pool-policy-fields';
import { poolNameFor, type NodeClassFormState } from './node-class-form-state';
import { FieldError, TextField, type SetField } from '@/components/ui/form';

type Errors = Record<string, string[]>;

interface FieldsProps {
  form: NodeClassFormState;
  set: SetField<NodeClassFormState>;
  errors: Errors;
}

export function NodeClassFields({ form, set, errors, defaultRole }: FieldsProps & { defaultRole: string }) {
  return (
    <fieldset className="space-y-3">
      <legend className="text-lg font-semibold">NodeClass</legend>
      <TextField label="Name" name="name" value={form.name} onChange={(v) => set('name', v)} placeholder="ai-ml-node-class" required aria-invalid={Boolean(errors.name)} errors={errors} path="name" />
      <TextField
        label="Node IAM role"
        name="role"
        value={form.role}
        onChange={(v) => set('role', v)}
        placeholder={defaultRole}
        aria-invalid={Boolean(errors.role)}
        hint={<span className="mt-1 block text-xs text-slate-500">Empty: the role of the cluster&apos;s default class ({defaultRole}). Subnets and security groups are taken from the default class.</span>}
        errors={errors}
        path="role"
      />
      <TextField label="Ephemeral storage (optional)" value={form.storageSize} onChange={(v) => set('storageSize', v)} placeholder="80Gi" errors={errors} path="ephemeralStorage.size" />
    </fieldset>
  );
}

/** `poolName` is the name the intent gives the pool (the placeholder of the taint's value). */
export function NodeClassPoolFields({ form, set, errors, poolName, onPolicyChange }: FieldsProps & { poolName: string; onPolicyChange: (patch: Partial<NodeClassFormState>) => void }) {
  return (
    <fieldset className="space-y-3">
      <legend className="text-lg font-semibold">NodePool</legend>
      <TextField label="Pool name" name="poolName" value={form.poolName} onChange={(v) => set('poolName', v)} placeholder={poolNameFor(form.name) || 'ai-ml'} errors={errors} path="nodePool.name" />
      <fieldset>
        <legend className="text-sm">Instance types</legend>
        <InstanceTypeChoices className="mt-1 grid grid-cols-2 gap-1 text-sm sm:grid-cols-3" selected={form.instanceTypes} onChange={(types) => set('instanceTypes', types)} />
        <FieldError errors={errors} path="nodePool.instanceTypes" />
      </fieldset>
      <fieldset className="flex gap-4 text-sm">
        <legend className="sr-only">Capacity type</legend>
        {(['on-demand', 'spot'] as const).map((c) => (
          <label key={c} className="flex items-center gap-1.5">
            <input type="checkbox" checked={form.capacityTypes.includes(c)} onChange={(e) => set('capacityTypes', e.target.checked ? [...form.capacityTypes, c] : form.capacityTypes.filter((x) => x !== c))} />
            {c}
          </label>
        ))}
        <FieldError errors={errors} path="nodePool.capacityTypes" />
      </fieldset>
      <DedicatedTaintFields form={form} set={set} poolName={poolName} />
      <FieldError errors={errors} path="nodePool.taints.0.key" />
      <FieldError errors={errors} path="nodePool.taints.0.value" />
      <LabelLinesField value={form.labels} onChange={(v) => set('labels', v)} placeholder="team=ml" errors={errors} path="nodePool.labels" />
      <div className="grid grid-cols-2 gap-3 text-sm">
        <PoolPolicyFields values={form} onChange={onPolicyChange} errors={errors} errorPrefix="nodePool." placeholders={{ cpu: '64', memory: '256Gi' }} />
        <TextField layout="cell" label="Disruption budget (nodes at once)" value={form.budgetNodes} onChange={(v) => set('budgetNodes', v)} placeholder="10%" errors={errors} path="nodePool.budgets.0.nodes" />
      </div>
    </fieldset>
  );
}

/** "Dedicated": a NoSchedule taint so only workloads pinned to the pool run there. */
function DedicatedTaintFields({ form, set, poolName }: { form: NodeClassFormState; set: SetField<NodeClassFormState>; poolName: string }) {
  return (
    <>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={form.dedicated} onChange={(e) => set('dedicated', e.target.checked)} />
        Dedicated: taint the pool so only workloads pinned to it run there
      </label>
      {form.dedicated && (
        <div className="flex gap-2 pl-6 text-sm">
          <TextField layout="cell" label="Taint key" value={form.taintKey} onChange={(v) => set('taintKey', v)} />
          <TextField layout="cell" label="value" value={form.taintValue} onChange={(v) => set('taintValue', v)} placeholder={poolName} />
          <span className="self-end pb-2 font-mono text-xs text-slate-500">:NoSchedule</span>
        </div>
      )}
    </>
  );
}
