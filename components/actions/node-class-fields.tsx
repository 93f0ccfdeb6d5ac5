// The new-node-class form's fields: the NodeClass (name, role, subnets, security groups, tags,
// storage) and the NodePool that uses it (which instances, capacity types, taints, labels, limits,
// consolidation, budgets). Each field shows the server's error for its path in the request.
import { ChoiceGroup } from './choice-group';
import { InstanceTypeChoices } from './instance-type-choices';
import { LabelLinesField } from './label-lines-field';
import { PoolPolicyFields } from './pool-policy-fields';
import { ScheduledBudgetRows } from './scheduled-budget-rows';
import { SelectorTermRows } from './selector-term-rows';
import { TaintRows } from './taint-rows';
import { allowedTypes, instanceChoices } from '@/lib/domain/instance-choices';
import { INSTANCE_TYPES } from '@/lib/domain/instance-types';
import { poolNameFor, scheduledBudgetPath, type NodeClassFormState } from '@/lib/domain/node-class-form';
import { FieldError, INPUT_CLASS, TextField, type SetField } from '@/components/ui/form';

type Errors = Record<string, string[]>;

interface FieldsProps {
  form: NodeClassFormState;
  set: SetField<NodeClassFormState>;
  errors: Errors;
}

const CHOICES = instanceChoices(INSTANCE_TYPES);

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
        hint={<span className="mt-1 block text-xs text-slate-500">Empty: the role of the cluster&apos;s default class ({defaultRole}).</span>}
        errors={errors}
        path="role"
      />
      <SelectorTermRows what="Subnet" path="subnetSelectorTerms" idExample="subnet-0123456789abcdef0" tagsExample="Name=private-*" rows={form.subnetTerms} onChange={(v) => set('subnetTerms', v)} errors={errors} />
      <SelectorTermRows
        what="Security group"
        path="securityGroupSelectorTerms"
        idExample="sg-0123456789abcdef0"
        tagsExample="Name=eks-cluster-node-sg"
        rows={form.securityGroupTerms}
        onChange={(v) => set('securityGroupTerms', v)}
        errors={errors}
      />
      <label className="block text-sm">
        EC2 tags for the nodes (key=value, one per line)
        <textarea name="tags" className={INPUT_CLASS} rows={2} value={form.tags} onChange={(e) => set('tags', e.target.value)} placeholder="team=ml" aria-invalid={Object.keys(errors).some((p) => p.startsWith('tags'))} />
        <span className="mt-1 block text-xs text-slate-500">kubernetes.io/cluster/*, karpenter.sh/nodepool, nodeclaim, managed-by, provisioner-name, eks.amazonaws.com/nodeclass, aws:* and eks:* are EKS&apos;s own.</span>
        <FieldError errors={errors} path="tags" nested />
      </label>
      <TextField label="Ephemeral storage (optional)" name="storageSize" value={form.storageSize} onChange={(v) => set('storageSize', v)} placeholder="80Gi" errors={errors} path="ephemeralStorage.size" />
    </fieldset>
  );
}

/** Which instances the pool may launch: named types, or any type of the chosen categories / families / sizes / generations. */
function InstanceSelectionFields({ form, set, errors }: FieldsProps) {
  const allowed = allowedTypes(INSTANCE_TYPES, form);
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium">Instances (every list you fill must match)</legend>
      <fieldset>
        <legend className="text-sm">Instance types</legend>
        <InstanceTypeChoices className="mt-1 grid grid-cols-2 gap-1 text-sm sm:grid-cols-3" selected={form.instanceTypes} onChange={(types) => set('instanceTypes', types)} />
        <FieldError errors={errors} path="nodePool.instanceTypes" nested />
      </fieldset>
      <div className="grid gap-2 sm:grid-cols-2">
        <ChoiceGroup legend="Categories" options={CHOICES.categories} selected={form.instanceCategories} onChange={(v) => set('instanceCategories', v)} errors={errors} path="nodePool.instanceCategories" />
        <ChoiceGroup legend="Families" options={CHOICES.families} selected={form.instanceFamilies} onChange={(v) => set('instanceFamilies', v)} errors={errors} path="nodePool.instanceFamilies" />
        <ChoiceGroup legend="Sizes" options={CHOICES.sizes} selected={form.instanceSizes} onChange={(v) => set('instanceSizes', v)} errors={errors} path="nodePool.instanceSizes" />
        <ChoiceGroup legend="Generations" options={CHOICES.generations} selected={form.instanceGenerations} onChange={(v) => set('instanceGenerations', v)} errors={errors} path="nodePool.instanceGenerations" />
      </div>
      <p className="text-xs text-slate-500" data-testid="allowed-types" aria-live="polite">
        {allowed.length === INSTANCE_TYPES.length
          ? 'Nothing chosen: Auto Mode may launch any type it offers.'
          : allowed.length
            ? `Of the types priced here, this allows: ${allowed.join(', ')}.`
            : 'None of the types priced here matches every list.'}
      </p>
    </fieldset>
  );
}

/** `poolName` is the name the intent gives the pool (the placeholder of a taint's value). */
export function NodeClassPoolFields({ form, set, errors, poolName, onPolicyChange }: FieldsProps & { poolName: string; onPolicyChange: (patch: Partial<NodeClassFormState>) => void }) {
  return (
    <fieldset className="space-y-3">
      <legend className="text-lg font-semibold">NodePool</legend>
      <TextField label="Pool name" name="poolName" value={form.poolName} onChange={(v) => set('poolName', v)} placeholder={poolNameFor(form.name) || 'ai-ml'} errors={errors} path="nodePool.name" />
      <InstanceSelectionFields form={form} set={set} errors={errors} />
      <ChoiceGroup legend="Capacity type" options={['on-demand', 'spot']} selected={form.capacityTypes} onChange={(v) => set('capacityTypes', v as NodeClassFormState['capacityTypes'])} errors={errors} path="nodePool.capacityTypes" />
      <TaintRows rows={form.taints} onChange={(v) => set('taints', v)} poolName={poolName} errors={errors} />
      <LabelLinesField value={form.labels} onChange={(v) => set('labels', v)} placeholder="team=ml" errors={errors} path="nodePool.labels" />
      <div className="grid grid-cols-2 gap-3 text-sm">
        <PoolPolicyFields values={form} onChange={onPolicyChange} errors={errors} errorPrefix="nodePool." placeholders={{ cpu: '64', memory: '256Gi' }} />
        <TextField layout="cell" label="Disruption budget (nodes at once)" name="budgetNodes" value={form.budgetNodes} onChange={(v) => set('budgetNodes', v)} placeholder="10%" errors={form.budgetNodes ? errors : undefined} path="nodePool.budgets.0.nodes" />
      </div>
      <ScheduledBudgetRows rows={form.scheduledBudgets} onChange={(v) => set('scheduledBudgets', v)} errors={errors} pathOf={(i) => scheduledBudgetPath(form, i)} />
    </fieldset>
  );
}
