// Apart from client.ts so that code running where client-node is not loaded (the list-ahead worker) can read it.

/** The HTTP status of an error from client-node (ApiException.code, Watch's statusCode), if any. */
export function statusOf(err: unknown): number | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const e = err as { code?: unknown; statusCode?: unknown; body?: unknown };
  if (typeof e.code === 'number') return e.code;
  if (typeof e.statusCode === 'number') return e.statusCode;
  return undefined;
}
