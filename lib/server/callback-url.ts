// Where the sign-in page sends you afterwards (its ?callbackUrl=). Checked by parsing, as the
// browser will: string tests miss what the URL parser forgives — it drops tabs and newlines
// (`/\t/evil.example` is `//evil.example`), reads `\` as `/`, and resolves dot segments
// (`/.//evil.example`) — and each of those is an open redirect.

/** The path, query and fragment of `value` when it is on `origin`; `/` for anything else. */
export function sameOriginPath(value: unknown, origin: string): string {
  const raw = Array.isArray(value) ? value[0] : value;
  if (typeof raw !== 'string' || raw === '') return '/';
  let url: URL;
  let base: URL;
  try {
    base = new URL(origin);
    url = new URL(raw, base);
  } catch {
    return '/';
  }
  if (url.origin !== base.origin) return '/';
  // A path starting `//` would be read as another host once it is a Location header again.
  if (url.pathname.startsWith('//')) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
