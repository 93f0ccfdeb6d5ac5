// The keys of one resource in list order (`namespace/name`), kept up to date without re-sorting:
// creates and deletes wait in a small pending set and are merged in one linear pass the next time
// the order is read. A merged array is never changed afterwards, so whoever holds one (a list's
// snapshot that continue tokens refer to) keeps the order as it was.

export class OrderedKeys {
  private sorted: readonly string[] = [];
  /** Keys created (true) or deleted (false) since the last merge. */
  private readonly pending = new Map<string, boolean>();

  add(key: string) {
    this.pending.set(key, true);
  }

  delete(key: string) {
    this.pending.set(key, false);
  }

  /** Every key in order. The array is frozen in time: later writes make a new one. */
  current(): readonly string[] {
    if (this.pending.size === 0) return this.sorted;
    // Sorting the changes costs k log k, merging them n + k: a page never pays for a full sort.
    const changes = [...this.pending].sort(([a], [b]) => compare(a, b));
    this.pending.clear();
    this.sorted = merge(this.sorted, changes);
    return this.sorted;
  }
}

export const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The old order with sorted changes applied: O(old + changes). */
function merge(old: readonly string[], changes: [string, boolean][]): string[] {
  const out: string[] = [];
  let i = 0;
  for (const [key, present] of changes) {
    while (i < old.length && old[i] < key) out.push(old[i++]);
    if (i < old.length && old[i] === key) i++;
    if (present) out.push(key);
  }
  while (i < old.length) out.push(old[i++]);
  return out;
}

/** First index whose key is >= `k`. */
export function lowerBound(keys: readonly string[], k: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < k) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose key is > `k`. */
export function upperBound(keys: readonly string[], k: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] <= k) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The index range of keys in one namespace (`ns/…`), or all of them. */
export function namespaceRange(keys: readonly string[], namespace?: string): [number, number] {
  if (namespace === undefined) return [0, keys.length];
  // '0' is the character after '/', so `ns0` is the first key past every `ns/…`.
  return [lowerBound(keys, `${namespace}/`), lowerBound(keys, `${namespace}0`)];
}
