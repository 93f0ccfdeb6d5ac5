// The new-node-group form's fields: name, role, subnets, types, sizes, capacity type, labels and
// the optional taint that dedicates the group.
import { InstanceTypeChoices } from './instance-type-choices';
import { LabelLinesField } from './label-lines-field';
import { DEFAULT_NODE_ROLE, type NodegroupFormState, type TaintEffect } from './nodegroup-form-state';
import { FieldError, INPUT_CLASS, TextField, type SetField } from '@/components/ui/form';

type Errors = Record<string, string[]>;

export function NodegroupFields({ form, set, errors }: { form: NodegroupFormState; set: SetField<NodegroupFormState>; errors: Errors }) {
  return (
    <fieldset className="space-y-3">
      <legend className="text-lg font-semibold">Node group</legend>
      <TextField label="Name" value={form.name} onChange={(v) => set('name', v)} placeholder="batch-pool" required aria-invalid={Boolean(errors.name)} errors={errors} path="name" />
      <TextField
        label="Node IAM role"
        value={form.nodeRole}
        onChange={(v) => set('nodeRole', v)}
        placeholder={DEFAULT_NODE_ROLE}
        aria-invalid={Boolean(errors.nodeRole)}
        hint={<span className="mt-1 block text-xs text-slate-500">A role name (in the cluster&apos;s account) or an ARN. Empty: {DEFAULT_NODE_ROLE}.</span>}
        errors={errors}
        path="nodeRole"
      />
      <TextField label="Subnets (optional)" value={form.subnets} onChange={(v) => set('subnets', v)} placeholder="the cluster's subnets" aria-invalid={Boolean(errors.subnets)} errors={errors} path="subnets" />
      <fieldset>
        <legend className="text-sm">Instance types</legend>
        <InstanceTypeChoices className="mt-1 grid grid-cols-2 gap-1 text-sm sm:grid-cols-3" selected={form.instanceTypes} onChange={(types) => set('instanceTypes', types)} />
        <FieldError errors={errors} path="instanceTypes" />
      </fieldset>
      <ScalingFields form={form} set={set} errors={errors} />
      <fieldset className="flex gap-4 text-sm">
        <legend className="sr-only">Capacity type</legend>
        {(['ON_DEMAND', 'SPOT'] as const).map((c) => (
          <label key={c} className="flex items-center gap-1.5">
            <input type="radio" name="capacityType" checked={form.capacityType === c} onChange={() => set('capacityType', c)} />
            {c === 'ON_DEMAND' ? 'On-Demand' : 'Spot'}
          </label>
        ))}
      </fieldset>
      <LabelLinesField value={form.labels} onChange={(v) => set('labels', v)} placeholder="workload=batch" invalid={Boolean(errors.labels)} errors={errors} path="labels" />
      <TaintFields form={form} set={set} />
      <FieldError errors={errors} path="taints.0.key" />
      <FieldError errors={errors} path="taints.0.value" />
    </fieldset>
  );
}

/** Minimum, desired and maximum size, each judged by the server on its own. */
function ScalingFields({ form, set, errors }: { form: NodegroupFormState; set: SetField<NodegroupFormState>; errors: Errors }) {
  const sizes = [
    ['Minimum', 'minSize'],
    ['Desired', 'desiredSize'],
    ['Maximum', 'maxSize'],
  ] as const;
  return (
    <fieldset className="grid grid-cols-3 gap-3 text-sm">
      <legend className="sr-only">Scaling</legend>
      {sizes.map(([label, key]) => (
        <TextField
          key={key}
          layout="cell"
          label={label}
          inputMode="numeric"
          value={form[key]}
          onChange={(v) => set(key, v)}
          aria-invalid={Boolean(errors[`scaling.${key}`])}
          errors={errors}
          path={`scaling.${key}`}
        />
      ))}
    </fieldset>
  );
}

/** "Dedicated": a taint (key, value, effect) so only workloads that tolerate it run on the group. */
function TaintFields({ form, set }: { form: NodegroupFormState; set: SetField<NodegroupFormState> }) {
  return (
    <>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={form.tainted} onChange={(e) => set('tainted', e.target.checked)} />
        Dedicated: taint the nodes so only workloads that tolerate it run there
      </label>
      {form.tainted && (
        <div className="grid grid-cols-3 gap-2 pl-6 text-sm">
          <TextField layout="cell" label="Taint key" value={form.taintKey} onChange={(v) => set('taintKey', v)} />
          <TextField layout="cell" label="value" value={form.taintValue} onChange={(v) => set('taintValue', v)} placeholder={form.name || 'batch-pool'} />
          <label>
            effect
            <select className={INPUT_CLASS} value={form.taintEffect} onChange={(e) => set('taintEffect', e.target.value as TaintEffect)}>
              <option value="NO_SCHEDULE">NO_SCHEDULE</option>
              <option value="NO_EXECUTE">NO_EXECUTE</option>
              <option value="PREFER_NO_SCHEDULE">PREFER_NO_SCHEDULE</option>
            </select>
          </label>
        </div>
      )}
    </>
  );
}
