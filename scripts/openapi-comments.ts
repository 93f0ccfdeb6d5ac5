// Go doc comments (as copied into generated.proto) turned into OpenAPI descriptions and
// extensions the way kube-openapi's generator reads them.

/**
 * The description: marker lines (`+optional`) and one-line TODOs dropped, lines of a paragraph
 * joined by spaces, paragraphs kept apart by a blank line, indented lines (examples) on their own
 * line, and nothing after a `---` line.
 */
export function describeDoc(comment: string[]): string {
  let out = '';
  const dropLast = () => {
    if (out.endsWith(' ') || out.endsWith('\n')) out = out.slice(0, -1);
  };
  for (const raw of comment) {
    if (raw.trim() === '---') break;
    const line = raw.trimEnd();
    const leading = line.trimStart();
    if (line === '') {
      dropLast();
      out += '\n\n';
    } else if (leading.startsWith('TODO') || leading.startsWith('+')) {
      continue;
    } else if (/^[ \t]/.test(line)) {
      dropLast();
      out += `\n${line}\n`;
    } else {
      out += `${line} `;
    }
  }
  return out.trim();
}

/** Every `+name=value` marker of a comment, in order. */
function markers(comment: string[], name: string): string[] {
  const prefix = `+${name}=`;
  return comment.map((l) => l.trim()).filter((l) => l.startsWith(prefix)).map((l) => l.slice(prefix.length).trim());
}

export const isOptional = (comment: string[]) => comment.some((l) => l.trim() === '+optional');

/** The list, map and patch markers of a field as the extensions kubectl and server-side apply read. */
export function fieldExtensions(comment: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const [listType] = markers(comment, 'listType');
  const mapKeys = markers(comment, 'listMapKey');
  const [mapType] = markers(comment, 'mapType');
  const [mergeKey] = markers(comment, 'patchMergeKey');
  const [strategy] = markers(comment, 'patchStrategy');
  if (listType) out['x-kubernetes-list-type'] = listType;
  if (mapKeys.length) out['x-kubernetes-list-map-keys'] = mapKeys;
  if (mapType) out['x-kubernetes-map-type'] = mapType;
  if (mergeKey) out['x-kubernetes-patch-merge-key'] = mergeKey;
  if (strategy) out['x-kubernetes-patch-strategy'] = strategy;
  return out;
}

/** A type marked `+structType=atomic` (or `+mapType=atomic`) is replaced whole by apply. */
export function typeExtensions(comment: string[]): Record<string, unknown> {
  const [structType] = markers(comment, 'structType');
  const [mapType] = markers(comment, 'mapType');
  const kind = structType ?? mapType;
  return kind ? { 'x-kubernetes-map-type': kind } : {};
}
