// The manager a write is recorded for: the request's `fieldManager`, else what the user agent
// starts with up to its first `/` (`kubectl/v1.32.0 (linux/amd64) …` → `kubectl`), at most 128
// characters as the apiserver keeps it.
export function fieldManagerOf(q: URLSearchParams, userAgent: string | undefined): string {
  const named = q.get('fieldManager');
  if (named) return named;
  return (userAgent ?? '').split('/')[0].slice(0, 128);
}
