// A deep copy of a JSON value (what the store holds: objects decoded from requests or built by
// the controllers), several times cheaper than structuredClone, which serializes and
// deserializes through V8's wire format. Anything that is not a plain object, an array or a
// primitive (a Date, a Map) is still handed to structuredClone, so such values copy as before.
export function cloneJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = cloneJson(value[i]);
    return out as T;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return structuredClone(value);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = cloneJson((value as Record<string, unknown>)[key]);
    // A key named __proto__ (JSON.parse makes it an own property) must stay a property, not set the prototype.
    if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    else out[key] = v;
  }
  return out as T;
}
