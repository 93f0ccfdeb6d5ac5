import { INSTANCE_TYPES } from '@/lib/domain/instance-types';
import { formatHourlyCost } from '@/lib/domain/format';

/**
 * One checkbox per instance type the dashboard knows, with its price (and its shape, where the
 * form has room): the same choice in the node class, node group and NodePool forms.
 */
export function InstanceTypeChoices({
  selected,
  onChange,
  withShape = true,
  className = 'grid grid-cols-2 gap-1 text-sm sm:grid-cols-3',
}: {
  selected: string[];
  onChange: (types: string[]) => void;
  withShape?: boolean;
  className?: string;
}) {
  return (
    <div className={className} data-testid="instance-types">
      {INSTANCE_TYPES.map((t) => (
        <label key={t.type} className="flex items-center gap-1.5">
          <input
            type="checkbox"
            checked={selected.includes(t.type)}
            onChange={(e) => onChange(e.target.checked ? [...selected, t.type] : selected.filter((x) => x !== t.type))}
          />
          <span className="font-mono">{t.type}</span>
          <span className="text-xs text-slate-500">{withShape ? `${t.vcpu} vCPU · ${t.memoryGiB} GiB · ${formatHourlyCost(t.price)}` : formatHourlyCost(t.price)}</span>
        </label>
      ))}
    </div>
  );
}
