// Whole lists read, parsed and reshaped ahead, off the main thread (list-ahead.ts): at process start
// a worker thread lists the largest collections while Next loads on the main thread, and the
// informers' first lists take the results from here instead of reading the pages themselves. The
// store lives on globalThis because the launcher's bundle and the server are two module instances
// in one process.
//
// A list is given only to a first page request with the same URL and the same credentials (the
// asker key of list-page.ts's pageRequest), and only once; a list nobody took is dropped a minute
// after it arrived.

const UNTAKEN_TTL_MS = 60_000;

/** A list as the informers' listAll returns it: the reshaped objects by key, and the list's resourceVersion. */
export interface ListedAhead {
  entries: [string, unknown][];
  resourceVersion: string;
}

interface Store {
  entries: Map<string, Promise<ListedAhead | undefined>>;
  /** Lists given to an informer, and lists the worker could not read (the informer then read them). */
  taken: number;
  failed: number;
  /** When the last list arrived, in ms since the process started: how long the worker took. */
  lastAtMs?: number;
}

const KEY = Symbol.for('nodelanes.listedAhead');

function store(): Store {
  const g = globalThis as { [KEY]?: Store };
  return (g[KEY] ??= { entries: new Map(), taken: 0, failed: 0 });
}

/** Keeps a list being read ahead for whoever asks as `asker`; undefined from `list` means "read it yourself". */
export function putListedAhead(asker: string, list: Promise<ListedAhead | undefined>): void {
  const s = store();
  s.entries.set(asker, list);
  list.then(
    (value) => {
      if (!value) s.failed++;
      else s.lastAtMs = Math.round(performance.now());
      setTimeout(() => {
        if (s.entries.get(asker) === list) s.entries.delete(asker);
      }, UNTAKEN_TTL_MS).unref();
    },
    () => undefined,
  );
}

/** The list read ahead for exactly this first page request, taken out of the store; undefined when there is none. */
export function takeListedAhead(asker: string): Promise<ListedAhead | undefined> | undefined {
  const s = store();
  const list = s.entries.get(asker);
  if (!list) return undefined;
  s.entries.delete(asker);
  return list.then((value) => {
    if (value) s.taken++;
    return value;
  });
}

/** Whether anything was read ahead at all: most servers (development, the sandbox mode) never do. */
export function anyListedAhead(): boolean {
  return store().entries.size > 0;
}

export function listedAheadCounts(): { taken: number; failed: number; waiting: number; lastAtMs?: number } {
  const s = store();
  return { taken: s.taken, failed: s.failed, waiting: s.entries.size, lastAtMs: s.lastAtMs };
}
