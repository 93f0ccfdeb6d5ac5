// A NodePool's limits and consolidation, as the new-node-class form and the NodePool edit form
// both ask for them: the same four fields, labels and choices. `errorPrefix` is where the pool
// sits in the form's request (`nodePool.` when it travels inside a node class intent), so each
// field shows the server's message for its own path.
import { FieldError, INPUT_CLASS } from '@/components/ui/form';

export type ConsolidationPolicy = 'WhenEmptyOrUnderutilized' | 'WhenEmpty';

export interface PoolPolicyValues {
  limitsCpu: string;
  limitsMemory: string;
  consolidationPolicy: ConsolidationPolicy;
  consolidateAfter: string;
}

export function PoolPolicyFields({
  values,
  onChange,
  errors,
  errorPrefix = '',
  placeholders,
}: {
  values: PoolPolicyValues;
  onChange: (patch: Partial<PoolPolicyValues>) => void;
  errors: Record<string, string[]>;
  errorPrefix?: string;
  placeholders: { cpu: string; memory: string };
}) {
  return (
    <>
      <label>
        CPU limit
        <input name="limitsCpu" className={INPUT_CLASS} value={values.limitsCpu} onChange={(e) => onChange({ limitsCpu: e.target.value })} placeholder={placeholders.cpu} />
        <FieldError errors={errors} path={`${errorPrefix}limits.cpu`} />
      </label>
      <label>
        Memory limit
        <input name="limitsMemory" className={INPUT_CLASS} value={values.limitsMemory} onChange={(e) => onChange({ limitsMemory: e.target.value })} placeholder={placeholders.memory} />
        <FieldError errors={errors} path={`${errorPrefix}limits.memory`} />
      </label>
      <label>
        Consolidation
        <select className={INPUT_CLASS} value={values.consolidationPolicy} onChange={(e) => onChange({ consolidationPolicy: e.target.value as ConsolidationPolicy })}>
          <option value="WhenEmptyOrUnderutilized">WhenEmptyOrUnderutilized</option>
          <option value="WhenEmpty">WhenEmpty</option>
        </select>
      </label>
      <label>
        consolidateAfter
        <input name="consolidateAfter" className={INPUT_CLASS} value={values.consolidateAfter} onChange={(e) => onChange({ consolidateAfter: e.target.value })} />
        <FieldError errors={errors} path={`${errorPrefix}consolidateAfter`} />
      </label>
    </>
  );
}
