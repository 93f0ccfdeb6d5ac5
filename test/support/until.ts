// Polling for what a controller does in its own time: the value once `fn` gives one (anything but
// undefined or false), or an error naming what never happened (and, if asked, the last state seen).
export async function until<T>(
  what: string,
  fn: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 60_000,
  state?: () => Promise<unknown>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined && value !== false) return value as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${state ? `; last seen: ${JSON.stringify(await state())}` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
