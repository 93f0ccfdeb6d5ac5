// Requests are labelled by the route they matched (`/api/clusters/[cluster]/nodes/[name]/drain`),
// never by the path they asked for: a label per node, pod or cluster name would give Prometheus a
// new series for every value anyone ever sends. The wrapper does not know which file it serves, so
// the template is rebuilt from the path and the route's own parameters.

/** Above this many templates something is wrong (a route with a parameter not replaced): stop adding. */
export const MAX_TEMPLATES = 200;

/**
 * The path with each parameter's segment(s) replaced by `[name]` (or `[...name]` for a catch-all),
 * matching parameters in the order Next lists them, left to right. A value that also spells a
 * fixed segment before its own can take that one's place; the label then shows a literal word of
 * the route in the wrong spot, never a caller's value that is not also a route word.
 */
export function routeTemplate(pathname: string, params: Record<string, string | string[] | undefined>): string {
  const segments = pathname.split('/');
  const decoded = segments.map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
  let from = 1;
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    if (values.length === 0) continue;
    for (let i = from; i + values.length <= decoded.length; i++) {
      if (values.every((v, k) => decoded[i + k] === v)) {
        segments.splice(i, values.length, Array.isArray(value) ? `[...${name}]` : `[${name}]`);
        decoded.splice(i, values.length, '');
        from = i + 1;
        break;
      }
    }
  }
  return segments.join('/');
}

/** Keeps the set of templates bounded whatever happens: past MAX_TEMPLATES new ones become `other`. */
export function boundedTemplates(max = MAX_TEMPLATES): (template: string) => string {
  const seen = new Set<string>();
  return (template) => {
    if (seen.has(template)) return template;
    if (seen.size >= max) return 'other';
    seen.add(template);
    return template;
  };
}
