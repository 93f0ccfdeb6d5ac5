// The CEL rules (`x-kubernetes-validations`) of the CRDs the sandbox serves, each written out
// as a function and keyed by its exact rule text. kube-apiserver ≥ 1.25 compiles these rules;
// the sandbox knows exactly the ones in its CRD files, and loading a CRD with any other rule
// fails (lib/sandbox/crds/index.ts), so a CRD update cannot silently skip one.
//
// CEL semantics kept where these rules meet them: reading an absent field is an error
// ("no such key"), `has()` tests presence, `&&` / `||` are false / true as soon as either side
// is, whatever error the other side gives, and `all()` is false if any element is false, else an
// error if any element errs.
import { isMap } from './schema';

export class CelError extends Error {}

/** `self` or `oldSelf`: any JSON value. */
type Value = unknown;
type Rule = (self: Value, oldSelf: Value) => boolean;

function field(obj: Value, name: string): Value {
  if (!isMap(obj) || !(name in obj)) throw new CelError(`no such key: ${name}`);
  return obj[name];
}
const has = (obj: Value, name: string) => isMap(obj) && name in obj;

function size(v: Value): number {
  if (typeof v === 'string') return [...v].length;
  if (Array.isArray(v)) return v.length;
  if (isMap(v)) return Object.keys(v).length;
  throw new CelError("no such overload: size");
}

/** CEL's `int()` of a string: Go's strconv.ParseInt, base 10. */
function toInt(v: Value): number {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^[+-]?\d+$/.test(v) && Number.isSafeInteger(Number(v))) return Number(v);
  if (typeof v === 'string') throw new CelError(`strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`);
  throw new CelError('no such overload: int');
}

/** Evaluates one side of `&&` / `||`, turning its error into a value to decide on later. */
function attempt(f: () => boolean): boolean | CelError {
  try {
    return f();
  } catch (err) {
    if (err instanceof CelError) return err;
    throw err;
  }
}
function or(a: () => boolean, b: () => boolean): boolean {
  const left = attempt(a);
  if (left === true) return true;
  const right = attempt(b);
  if (right === true) return true;
  if (left instanceof CelError) throw left;
  if (right instanceof CelError) throw right;
  return false;
}
function and(a: () => boolean, b: () => boolean): boolean {
  const left = attempt(a);
  if (left === false) return false;
  const right = attempt(b);
  if (right === false) return false;
  if (left instanceof CelError) throw left;
  if (right instanceof CelError) throw right;
  return true;
}
/** `list.all(x, p)`, and over a map, over its keys. */
function all(v: Value, p: (x: Value) => boolean): boolean {
  const elements = Array.isArray(v) ? v : isMap(v) ? Object.keys(v) : undefined;
  if (!elements) throw new CelError('no such overload: all');
  let error: CelError | undefined;
  for (const x of elements) {
    const r = attempt(() => p(x));
    if (r === false) return false;
    if (r instanceof CelError) error ??= r;
  }
  if (error) throw error;
  return true;
}
/** `string.find(regex)`: the first match, or "" when none. */
function find(s: Value, pattern: string): string {
  if (typeof s !== 'string') throw new CelError('no such overload: find');
  return new RegExp(pattern).exec(s)?.[0] ?? '';
}
function str(v: Value): string {
  if (typeof v !== 'string') throw new CelError('no such overload: string');
  return v;
}
const equal = (a: Value, b: Value): boolean => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
function canonical(v: Value): Value {
  if (Array.isArray(v)) return v.map(canonical);
  if (isMap(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical(v[k])]));
  return v;
}

const KARPENTER_LABELS_ALLOWED = ['karpenter.sh/capacity-type', 'karpenter.sh/nodepool'];
const notKarpenterDomain = (key: Value) => or(() => KARPENTER_LABELS_ALLOWED.includes(str(key)), () => !find(key, '^([^/]+)').endsWith('karpenter.sh'));
const operatorIs = (x: Value, ...ops: string[]) => ops.includes(str(field(x, 'operator')));

export const RULES: Record<string, Rule> = {
  "self != ''": (self) => str(self) !== '',
  'self != "karpenter.sh/nodepool"': (self) => str(self) !== 'karpenter.sh/nodepool',
  'self != "kubernetes.io/hostname"': (self) => str(self) !== 'kubernetes.io/hostname',
  'self.all(x, x != "karpenter.sh/nodepool")': (self) => all(self, (x) => str(x) !== 'karpenter.sh/nodepool'),
  'self.all(x, x != "kubernetes.io/hostname")': (self) => all(self, (x) => str(x) !== 'kubernetes.io/hostname'),
  'self in ["karpenter.sh/capacity-type", "karpenter.sh/nodepool"] || !self.find("^([^/]+)").endsWith("karpenter.sh")': (self) => notKarpenterDomain(self),
  'self.all(x, x in ["karpenter.sh/capacity-type", "karpenter.sh/nodepool"] || !x.find("^([^/]+)").endsWith("karpenter.sh"))': (self) =>
    all(self, notKarpenterDomain),
  'self.all(x, has(x.schedule) == has(x.duration))': (self) => all(self, (x) => has(x, 'schedule') === has(x, 'duration')),
  "self.all(x, x.operator == 'In' ? x.values.size() != 0 : true)": (self) =>
    all(self, (x) => (operatorIs(x, 'In') ? size(field(x, 'values')) !== 0 : true)),
  "self.all(x, (x.operator == 'Gt' || x.operator == 'Lt' || x.operator == 'Gte' || x.operator == 'Lte') ? (x.values.size() == 1 && int(x.values[0]) >= 0) : true)":
    (self) =>
      all(self, (x) =>
        operatorIs(x, 'Gt', 'Lt', 'Gte', 'Lte')
          ? and(
              () => size(field(x, 'values')) === 1,
              () => toInt((field(x, 'values') as Value[])[0]) >= 0,
            )
          : true,
      ),
  "self.all(x, (x.operator == 'In' && has(x.minValues)) ? x.values.size() >= x.minValues : true)": (self) =>
    all(self, (x) => (and(() => operatorIs(x, 'In'), () => has(x, 'minValues')) ? size(field(x, 'values')) >= (field(x, 'minValues') as number) : true)),
  'self.group == oldSelf.group': (self, old) => field(self, 'group') === field(old, 'group'),
  'self.kind == oldSelf.kind': (self, old) => field(self, 'kind') === field(old, 'kind'),
  'self == oldSelf': (self, old) => equal(self, old),
  'has(self.replicas) == has(oldSelf.replicas)': (self, old) => has(self, 'replicas') === has(old, 'replicas'),
  "!has(self.replicas) || (!has(self.limits) || size(self.limits) == 0 || (size(self.limits) == 1 && 'nodes' in self.limits))": (self) =>
    or(
      () => !has(self, 'replicas'),
      () =>
        or(
          () => or(() => !has(self, 'limits'), () => size(field(self, 'limits')) === 0),
          () => and(() => size(field(self, 'limits')) === 1, () => has(field(self, 'limits'), 'nodes')),
        ),
    ),
  "!has(self.replicas) || !has(self.weight)": (self) => or(() => !has(self, 'replicas'), () => !has(self, 'weight')),
  // The Auto Mode NodeClass schema (written by this project).
  "(has(self.role) && !has(self.instanceProfile)) || (!has(self.role) && has(self.instanceProfile))": (self) => has(self, 'role') !== has(self, 'instanceProfile'),
};

/** Rules that read `oldSelf` run only on updates, where the old object has a value there. */
export const isTransitionRule = (rule: string) => /\boldSelf\b/.test(rule);
