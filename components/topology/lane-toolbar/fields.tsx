// The toolbar's input styles, and the text input every filter uses.
import { useEffect, useRef, useState } from 'react';

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
  // What this field last sent to the URL, until the URL shows it.
  const sent = useRef<string | undefined>(undefined);
  // The URL may change under the input (back button, a link): follow it. But the URL catching up
  // with what this field sent is no reason to replace what was typed since (a field cleared just
  // as the URL took its previous text came back with that text).
  useEffect(() => {
    if (sent.current !== undefined && (value ?? '') === sent.current) {
      sent.current = undefined;
      return;
    }
    setText(value ?? '');
  }, [value]);
  useEffect(() => {
    if (text === (value ?? '')) return;
    const t = setTimeout(() => {
      sent.current = text.trim();
      onChange(sent.current || undefined);
    }, 250);
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
