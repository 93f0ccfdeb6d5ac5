// List pages asked for before anyone reads them. At process start the server's launcher lists the
// default cluster's large collections while Next is still loading (page-prefetch.ts); the
// informers' first list then takes each page from here instead of asking again. The store lives
// on globalThis because the launcher's copy of this module (a bundle of its own) and the server's
// are two module instances in one process.
//
// A page is given only to a request with the same URL and the same credentials (the asker key of
// list-page.ts's pageRequest), and only once; pages nobody took are dropped a minute after their
// list was read, and the whole store holds at most MAX_BYTES of bodies at a time.

export const MAX_BYTES = 16 * 2 ** 20;
const UNTAKEN_TTL_MS = 60_000;

interface Entry {
  body: Promise<string>;
  /** Set once the body has arrived, while the page waits to be taken. */
  bytes: number;
  lister: string;
}

interface Store {
  entries: Map<string, Entry>;
  bytes: number;
  /** Lists being read ahead now. */
  walking: Set<string>;
  /** Lists whose walk should stop: a reader asked for a page the walk had not reached. */
  overtaken: Set<string>;
  roomWaiters: Set<() => void>;
  /** Pages given to a reader, and reads that found none while a walk was on: for tests and the benchmark's log. */
  taken: number;
  missed: number;
}

const KEY = Symbol.for('nodelanes.prefetchedPages');

function store(): Store {
  const g = globalThis as { [KEY]?: Store };
  return (g[KEY] ??= { entries: new Map(), bytes: 0, walking: new Set(), overtaken: new Set(), roomWaiters: new Set(), taken: 0, missed: 0 });
}

/** Keeps a page being read ahead for whoever asks as `asker`. */
export function putPrefetchedPage(asker: string, lister: string, body: Promise<string>): void {
  const s = store();
  const entry: Entry = { body, bytes: 0, lister };
  s.entries.set(asker, entry);
  body.then(
    (text) => {
      if (s.entries.get(asker) !== entry) return;
      entry.bytes = text.length;
      s.bytes += entry.bytes;
    },
    () => undefined,
  );
}

/**
 * The page asked ahead for exactly this request, taken out of the store; undefined when there is
 * none, which also tells the walk of that list to stop: the reader has caught up with it.
 */
export function takePrefetchedPage(asker: string, lister: string): Promise<string> | undefined {
  const s = store();
  const entry = s.entries.get(asker);
  if (!entry) {
    if (s.walking.has(lister)) {
      s.overtaken.add(lister);
      s.missed++;
    }
    return undefined;
  }
  s.taken++;
  release(s, asker, entry);
  return entry.body;
}

/** Notes that `lister` is being read ahead; false when its reader has overtaken the walk, which should stop. */
export function walking(lister: string): boolean {
  const s = store();
  if (s.overtaken.has(lister)) return false;
  s.walking.add(lister);
  return true;
}

/** Resolves once the store holds less than MAX_BYTES of bodies. */
export function roomForMore(): Promise<void> {
  const s = store();
  if (s.bytes < MAX_BYTES) return Promise.resolve();
  return new Promise((resolve) => s.roomWaiters.add(resolve));
}

/** The walk of `lister` has ended; what is left of its pages is dropped a while later if nobody took them. */
export function walkEnded(lister: string, afterMs = UNTAKEN_TTL_MS): void {
  store().walking.delete(lister);
  setTimeout(() => {
    const s = store();
    for (const [asker, entry] of s.entries) if (entry.lister === lister) release(s, asker, entry);
    s.overtaken.delete(lister);
  }, afterMs).unref();
}

function release(s: Store, asker: string, entry: Entry) {
  s.entries.delete(asker);
  s.bytes -= entry.bytes;
  if (s.bytes >= MAX_BYTES) return;
  for (const wake of s.roomWaiters) wake();
  s.roomWaiters.clear();
}

export function prefetchCounts(): { taken: number; missed: number; waiting: number } {
  const s = store();
  return { taken: s.taken, missed: s.missed, waiting: s.entries.size };
}
