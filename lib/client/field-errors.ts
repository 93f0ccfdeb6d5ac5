// Turns an action route's error details into messages per form field: zod's tree (400) and the
// preflight's findings (422) both name fields by dotted path (`nodePool.limits.cpu`).

import { ApiRequestError } from './query-client';

interface ZodTree {
  errors?: string[];
  properties?: Record<string, ZodTree>;
  items?: Array<ZodTree | undefined>;
}

export function fieldErrors(details: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const add = (path: string, messages: string[]) => {
    if (messages.length) out[path] = [...(out[path] ?? []), ...messages];
  };
  if (details && typeof details === 'object' && Array.isArray((details as { findings?: unknown }).findings)) {
    for (const f of (details as { findings: Array<{ level: string; field?: string; message: string }> }).findings) {
      if (f.level === 'error') add(f.field ?? '', [f.message]);
    }
    return out;
  }
  const walk = (node: ZodTree | undefined, path: string) => {
    if (!node || typeof node !== 'object') return;
    add(path, node.errors ?? []);
    for (const [k, child] of Object.entries(node.properties ?? {})) walk(child, path ? `${path}.${k}` : k);
    (node.items ?? []).forEach((child, i) => walk(child, path ? `${path}.${i}` : String(i)));
  };
  walk(details as ZodTree, '');
  return out;
}

/** What a failed action tells a form: the words to show, the errors per field, the HTTP status. */
export function failureOf(err: unknown): { message: string; fields: Record<string, string[]>; status?: number } {
  if (err instanceof ApiRequestError) return { message: err.message, fields: fieldErrors(err.details), status: err.status };
  return { message: String(err), fields: {} };
}
