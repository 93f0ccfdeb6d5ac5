// State that every copy of a server module in this process must share. Next's production build
// bundles a server module once for each route that imports it (and again for the start-up hook),
// so a module-level Map is one Map per bundle: a write limit counted per route instead of per
// user, a refresh of one session run once per route. Kept on globalThis under a process-wide
// symbol, the first copy to ask makes it and every other copy gets the same value.

/** The value kept under `name` for the whole process, made by `make` on first use. */
export function processWide<T>(name: string, make: () => T): T {
  const key = Symbol.for(`nodelanes.${name}`);
  const g = globalThis as unknown as Record<symbol, T | undefined>;
  return (g[key] ??= make());
}
