import { describe, expect, it } from 'vitest';
import { sessionCookieName, sessionCookieNamesIn, sessionCookiePieces, withSessionCookies } from './cookie';

describe('session cookie', () => {
  it('is named as next-auth names it', () => {
    expect(sessionCookieName('https://nodelanes.example.com')).toBe('__Secure-next-auth.session-token');
    expect(sessionCookieName('http://127.0.0.1:3000')).toBe('next-auth.session-token');
    expect(sessionCookieName(undefined)).toBe('next-auth.session-token');
  });

  it('splits a long value into numbered pieces that join back to it', () => {
    expect(sessionCookiePieces('n', 'abc')).toEqual([['n', 'abc']]);
    const long = 'x'.repeat(9000);
    const pieces = sessionCookiePieces('n', long);
    expect(pieces.map(([n]) => n)).toEqual(['n.0', 'n.1', 'n.2']);
    expect(pieces.map(([, v]) => v).join('')).toBe(long);
  });

  it('replaces every piece of the session and keeps other cookies', () => {
    const header = 'a=1; n.0=old0; n.1=old1; n.x=keep; nn=keep2';
    expect(sessionCookieNamesIn(header, 'n')).toEqual(['n.0', 'n.1']);
    expect(withSessionCookies(header, 'n', [['n', 'new']])).toBe('a=1; n.x=keep; nn=keep2; n=new');
    expect(withSessionCookies(header, 'n', [])).toBe('a=1; n.x=keep; nn=keep2');
    expect(withSessionCookies(null, 'n', [['n', 'v']])).toBe('n=v');
  });
});
