// The session cookie as next-auth writes and reads it, for the proxy that renews or ends a session
// outside next-auth's own routes. next-auth splits a value over 4 KiB into `<name>.0`, `<name>.1`…
// and its reader joins whatever cookies start with the name, so a write here must replace every
// piece, or an old piece would be glued onto a new token.

/** next-auth's name: `__Secure-` in front when the app's URL is https, as getToken expects. */
export function sessionCookieName(publicUrl: string | undefined): string {
  return `${publicUrl?.startsWith('https://') ? '__Secure-' : ''}next-auth.session-token`;
}

/** next-auth's chunk size: 4096 bytes a cookie, less its estimate of the attributes. */
const CHUNK_SIZE = 4096 - 163;

/** The cookies (name → value) that carry `value`: one, or numbered pieces. */
export function sessionCookiePieces(name: string, value: string): Array<[string, string]> {
  if (value.length <= CHUNK_SIZE) return [[name, value]];
  const pieces: Array<[string, string]> = [];
  for (let i = 0; i * CHUNK_SIZE < value.length; i++) pieces.push([`${name}.${i}`, value.slice(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE)]);
  return pieces;
}

const isPieceOf = (name: string) => (cookie: string) => cookie === name || (cookie.startsWith(`${name}.`) && /^\d+$/.test(cookie.slice(name.length + 1)));

/** The names of the session cookies a Cookie header carries now (to expire the ones not rewritten). */
export function sessionCookieNamesIn(cookieHeader: string | null, name: string): string[] {
  return parseCookieHeader(cookieHeader)
    .map(([n]) => n)
    .filter(isPieceOf(name));
}

/** A Cookie header with the session's pieces replaced by `pieces` (none: signed out). */
export function withSessionCookies(cookieHeader: string | null, name: string, pieces: Array<[string, string]>): string {
  const others = parseCookieHeader(cookieHeader).filter(([n]) => !isPieceOf(name)(n));
  return [...others, ...pieces].map(([n, v]) => `${n}=${v}`).join('; ');
}

function parseCookieHeader(header: string | null): Array<[string, string]> {
  if (!header) return [];
  return header
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const eq = part.indexOf('=');
      return eq < 0 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)];
    });
}
