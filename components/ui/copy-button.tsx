'use client';
import { useState } from 'react';

/** Copies text (a kubectl command, YAML) and says so; falls back to selecting it when the clipboard is refused. */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <button
      type="button"
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(text);
          setState('copied');
        } catch {
          setState('failed');
        }
        setTimeout(() => setState('idle'), 2000);
      }}
      className="rounded border border-slate-300 px-2 py-0.5 text-xs text-slate-700 hover:bg-slate-100 focus-visible:outline-2 dark:border-slate-600 dark:text-slate-200 dark:hover:bg-slate-800"
    >
      <span aria-live="polite">{state === 'copied' ? 'Copied' : state === 'failed' ? 'Select and copy' : label}</span>
    </button>
  );
}

/** A command or manifest shown as text to read, copy or download. */
export function CodeBlock({ text, label, download }: { text: string; label: string; download?: string }) {
  return (
    <figure className="rounded-lg border border-slate-200 bg-slate-50 dark:border-slate-700 dark:bg-slate-900">
      <figcaption className="flex items-center gap-2 border-b border-slate-200 px-3 py-1.5 text-xs text-slate-600 dark:border-slate-700 dark:text-slate-300">
        <span className="mr-auto">{label}</span>
        <CopyButton text={text} />
        {download && (
          <a
            href={`data:text/yaml;charset=utf-8,${encodeURIComponent(text)}`}
            download={download}
            className="rounded border border-slate-300 px-2 py-0.5 text-slate-700 hover:bg-slate-100 focus-visible:outline-2 dark:border-slate-600 dark:text-slate-200 dark:hover:bg-slate-800"
          >
            Download
          </a>
        )}
      </figcaption>
      <pre className="max-h-80 overflow-auto p-3 font-mono text-xs leading-relaxed text-slate-800 dark:text-slate-100">{text}</pre>
    </figure>
  );
}
