// Node labels as the forms take them: `key=value`, one per line (lib/domain/label-lines.ts reads them).
import { FieldError, INPUT_CLASS } from '@/components/ui/form';

export function LabelLinesField({
  value,
  onChange,
  placeholder,
  errors,
  path,
  invalid,
}: {
  value: string;
  onChange: (value: string) => void;
  placeholder: string;
  errors: Record<string, string[]>;
  path: string;
  /** Marks the box itself invalid too (aria-invalid), not only the message under it. */
  invalid?: boolean;
}) {
  return (
    <label className="block text-sm">
      Node labels (key=value, one per line)
      <textarea className={INPUT_CLASS} rows={2} value={value} onChange={(e) => onChange(e.target.value)} placeholder={placeholder} aria-invalid={invalid} />
      <FieldError errors={errors} path={path} />
    </label>
  );
}
