// Duplicate keys in a JSON document, which JSON.parse resolves silently (the last wins) but
// kube-apiserver's strict decoder reports: `duplicate field "spec.replicas"`, with the path in
// the form unknown fields use (`spec.template.spec.containers[0].image`).

/** The paths of keys that appear twice in one object, in document order; [] for text that is not JSON. */
export function duplicateFields(text: string): string[] {
  const found: string[] = [];
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
  };
  const string = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i));
  };
  const value = (path: string): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const seen = new Set<string>();
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        const key = string();
        const at = path ? `${path}.${key}` : key;
        if (seen.has(key)) found.push(at);
        seen.add(key);
        ws();
        i++; // ':'
        value(at);
        ws();
        if (text[i++] !== ',') return;
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (let n = 0; ; n++) {
        value(`${path}[${n}]`);
        ws();
        if (text[i++] !== ',') return;
      }
    }
    if (c === '"') {
      string();
      return;
    }
    while (i < text.length && !',}] \t\r\n'.includes(text[i])) i++;
  };
  try {
    JSON.parse(text);
    value('');
  } catch {
    return [];
  }
  return found;
}
