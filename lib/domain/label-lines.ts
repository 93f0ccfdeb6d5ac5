// Node labels typed one per line as `key=value` (the node class and node group forms). Only split
// here, never judged: a malformed line goes to the server as it is, and the server's validation
// names the field, so the form and the API give the same message.

/** `key=value` lines → a map (blank lines skipped, spaces around key and value trimmed); undefined when there are none. */
export function parseLabelLines(text: string): Record<string, string> | undefined {
  const entries = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const i = l.indexOf('=');
      return i < 0 ? [l, ''] : [l.slice(0, i).trim(), l.slice(i + 1).trim()];
    });
  return entries.length ? Object.fromEntries(entries) : undefined;
}
