// A custom resource's table columns come from its CRD's additionalPrinterColumns, as in
// kube-apiserver: each a JSONPath into the object, a missing value an empty cell (kubectl prints
// `<none>`), a `date` shown as an age. The JSONPath here is the subset CRDs use: `.a.b`, names
// with escaped dots (`.metadata.labels.node\.kubernetes\.io/instance-type`), and one equality
// filter (`.status.conditions[?(@.type=="Ready")].status`).

type Json = unknown;
const isMap = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

type Step = { field: string } | { filter: { key: string; value: string } };

function parse(path: string): Step[] {
  const steps: Step[] = [];
  let i = 0;
  while (i < path.length) {
    if (path.startsWith('[?(@.', i)) {
      const end = path.indexOf(')]', i);
      const m = /^\[\?\(@\.([A-Za-z0-9_-]+)=="([^"]*)"\)\]$/.exec(path.slice(i, end + 2));
      if (end < 0 || !m) throw new Error(`JSONPath not supported: ${path}`);
      steps.push({ filter: { key: m[1], value: m[2] } });
      i = end + 2;
    } else if (path[i] === '.') {
      let name = '';
      i++;
      while (i < path.length && path[i] !== '.' && path[i] !== '[') {
        if (path[i] === '\\' && i + 1 < path.length) i++;
        name += path[i++];
      }
      steps.push({ field: name });
    } else throw new Error(`JSONPath not supported: ${path}`);
  }
  return steps;
}

/** The first value the path finds, or undefined. Throws at parse time on anything else. */
export function compileJsonPath(path: string): (obj: Json) => Json {
  const steps = parse(path);
  return (obj) => {
    let values: Json[] = [obj];
    for (const step of steps) {
      if ('field' in step) values = values.flatMap((v) => (isMap(v) && step.field in v ? [v[step.field]] : []));
      else values = values.flatMap((v) => (Array.isArray(v) ? v.filter((x) => isMap(x) && String(x[step.filter.key]) === step.filter.value) : []));
    }
    return values[0];
  };
}

/** A cell as the CRD table convertor writes it for the column's type. */
export function cellOf(type: string, value: Json, age: (timestamp: string) => string): string | number | boolean | null {
  if (value === undefined || value === null) return null;
  switch (type) {
    case 'date':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? age(value) : '<invalid>';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) ? value : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    default:
      return typeof value === 'string' ? value : JSON.stringify(value);
  }
}
