import { QueryClient } from '@tanstack/react-query';

export function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Live data arrives over SSE; refetching on focus would only duplicate it.
        refetchOnWindowFocus: false,
        retry: (count, err) => count < 2 && !(err instanceof ApiRequestError && err.status < 500),
      },
    },
  });
}

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** GETs a JSON API route, turning the `{ error }` body into an ApiRequestError. */
export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, { signal, headers: { Accept: 'application/json' } });
  const body = await res.json().catch(() => undefined);
  if (!res.ok) throw new ApiRequestError(res.status, body?.error?.code ?? 'http_error', body?.error?.message ?? `Request failed (${res.status})`);
  return body as T;
}

/**
 * POSTs a JSON intent to an action route (same origin, so the browser sends the Origin the
 * server checks), turning the `{ error }` body into an ApiRequestError with its details.
 */
export async function postJson<T>(url: string, body: unknown, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, { method: 'POST', signal, headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body) });
  const parsed = await res.json().catch(() => undefined);
  if (!res.ok) {
    throw new ApiRequestError(res.status, parsed?.error?.code ?? 'http_error', parsed?.error?.message ?? `Request failed (${res.status})`, parsed?.error?.details);
  }
  return parsed as T;
}

/** PATCHes a JSON intent (an edit of an existing object), with postJson's error handling. */
export async function patchJson<T>(url: string, body: unknown, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, { method: 'PATCH', signal, headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body) });
  const parsed = await res.json().catch(() => undefined);
  if (!res.ok) {
    throw new ApiRequestError(res.status, parsed?.error?.code ?? 'http_error', parsed?.error?.message ?? `Request failed (${res.status})`, parsed?.error?.details);
  }
  return parsed as T;
}
