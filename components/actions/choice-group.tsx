// A labelled group of checkboxes for a list field (instance categories, sizes…): each choice a
// checkbox in tab order, the server's error for the list under it.
import { FieldError } from '@/components/ui/form';

export function ChoiceGroup({
  legend,
  options,
  selected,
  onChange,
  errors,
  path,
  format = (o) => o,
}: {
  legend: string;
  options: readonly string[];
  selected: string[];
  onChange: (values: string[]) => void;
  errors: Record<string, string[]>;
  path: string;
  format?: (option: string) => string;
}) {
  return (
    <fieldset className="text-sm" data-testid={`choices-${path}`}>
      <legend>{legend}</legend>
      <div className="mt-1 flex flex-wrap gap-x-3 gap-y-1">
        {options.map((o) => (
          <label key={o} className="flex items-center gap-1.5 font-mono">
            <input type="checkbox" checked={selected.includes(o)} onChange={(e) => onChange(e.target.checked ? [...selected, o] : selected.filter((x) => x !== o))} />
            {format(o)}
          </label>
        ))}
      </div>
      <FieldError errors={errors} path={path} nested />
    </fieldset>
  );
}
