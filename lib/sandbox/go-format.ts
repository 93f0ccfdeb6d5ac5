// Go's fmt `%#v` of the values kube-apiserver prints in validation messages.

const goQuote = (s: string) => JSON.stringify(s);
const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Go's `%#v` of a map[string]string (fmt sorts map keys). */
export function goStringMap(map: unknown): string {
  if (map === undefined || map === null) return 'map[string]string(nil)';
  const m = map as Record<string, unknown>;
  const entries = Object.keys(m)
    .sort()
    .map((k) => `${goQuote(k)}:${goQuote(String(m[k]))}`);
  return `map[string]string{${entries.join(', ')}}`;
}

/** Go's `%#v` of a `*metav1.LabelSelector` as kube-apiserver prints it in immutability errors. */
export function goLabelSelector(selector: unknown): string {
  const s = isMap(selector) ? selector : {};
  const expressions = Array.isArray(s.matchExpressions) && s.matchExpressions.length
    ? `[]v1.LabelSelectorRequirement{${s.matchExpressions
        .map((e: Record<string, unknown>) => {
          const values = Array.isArray(e.values) ? `[]string{${e.values.map((v) => goQuote(String(v))).join(', ')}}` : '[]string(nil)';
          return `v1.LabelSelectorRequirement{Key:${goQuote(String(e.key))}, Operator:${goQuote(String(e.operator))}, Values:${values}}`;
        })
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${goStringMap(s.matchLabels)}, MatchExpressions:${expressions}}`;
}
