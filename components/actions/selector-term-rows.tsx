// Subnet or security-group selector terms: each term an id, or tags the resource must all carry
// (`key=value`, comma-separated; `*` matches any value). Terms are ORed. None: the cluster's
// `default` NodeClass's terms are copied.
import { AddRowButton, RemoveRowButton, withRow, withoutRow } from './row-list';
import { NEW_SELECTOR_TERM, type SelectorTermRow } from '@/lib/domain/node-class-form';
import { FieldError, INPUT_CLASS, TextField } from '@/components/ui/form';

export function SelectorTermRows({
  what,
  path,
  idExample,
  tagsExample,
  rows,
  onChange,
  errors,
}: {
  what: string;
  path: string;
  idExample: string;
  tagsExample: string;
  rows: SelectorTermRow[];
  onChange: (rows: SelectorTermRow[]) => void;
  errors: Record<string, string[]>;
}) {
  return (
    <fieldset className="space-y-2 text-sm" data-testid={`terms-${path}`}>
      <legend>{what} selector terms (any term matches; none: the default class&apos;s)</legend>
      {rows.map((row, i) => (
        <div key={i} data-testid={`${path}-${i}`}>
          <div className="flex flex-wrap gap-2">
            <label>
              {what} term {i + 1} by
              <select name={`${path}.${i}.by`} className={INPUT_CLASS} value={row.by} onChange={(e) => onChange(withRow(rows, i, { by: e.target.value as SelectorTermRow['by'] }))}>
                <option value="tags">tags</option>
                <option value="id">id</option>
              </select>
            </label>
            <div className="min-w-0 flex-1">
              <TextField
                layout="cell"
                label={row.by === 'id' ? 'id' : 'tags (key=value, comma-separated)'}
                name={`${path}.${i}.text`}
                value={row.text}
                onChange={(text) => onChange(withRow(rows, i, { text }))}
                placeholder={row.by === 'id' ? idExample : tagsExample}
                aria-invalid={Object.keys(errors).some((p) => p.startsWith(`${path}.${i}`))}
              />
            </div>
            <RemoveRowButton label={`Remove ${what.toLowerCase()} term ${i + 1}`} onClick={() => onChange(withoutRow(rows, i))} />
          </div>
          <FieldError errors={errors} path={`${path}.${i}`} nested />
        </div>
      ))}
      <AddRowButton onClick={() => onChange([...rows, NEW_SELECTOR_TERM])} testId={`add-${path}`}>
        Add {what.toLowerCase()} term
      </AddRowButton>
      <FieldError errors={errors} path={path} />
    </fieldset>
  );
}
