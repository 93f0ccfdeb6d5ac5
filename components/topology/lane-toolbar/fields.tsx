// The toolbar's input styles, and the text input every filter uses.
import { useEffect, useState } from 'react';

export const field = 'rounded border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900 focus-visible:outline-2 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100';
export const labelText = 'text-xs font-medium text-slate-600 dark:text-slate-300';

/** A text input that writes the URL as you type (replacing the history entry), a moment after you stop. */
export function LiveText({
  value,
  onChange,
  onTyping,
  ...rest
}: { value: string | undefined; onChange: (v: string | undefined) => void; onTyping?: (text: string) => void } & Omit<React.InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'>) {
  const [text, setText] = useState(value ?? '');
  // The URL may change under the input (back button, a link): follow it.
  useEffect(() => setText(value ?? ''), [value]);
  useEffect(() => {
    if (text === (value ?? '')) return;
    const t = setTimeout(() => onChange(text.trim() || undefined), 250);
    return () => clearTimeout(t);
  }, [text, value, onChange]);
  return (
    <input
      {...rest}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onTyping?.(e.target.value);
      }}
      className={field}
    />
  );
}
