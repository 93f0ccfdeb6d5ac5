import { describe, expect, it } from 'vitest';
import { API_CSP, STATIC_SECURITY_HEADERS, makeNonce, pageCsp, strictTransportSecurity } from './security-headers';

const directive = (csp: string, name: string) => csp.split('; ').find((d) => d.startsWith(`${name} `));

describe('page CSP', () => {
  it('allows scripts only by nonce (and what they load), never inline or eval in production', () => {
    const csp = pageCsp('abc123==');
    expect(directive(csp, 'script-src')).toBe("script-src 'self' 'nonce-abc123==' 'strict-dynamic'");
    expect(directive(csp, 'frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(directive(csp, 'object-src')).toBe("object-src 'none'");
    expect(directive(csp, 'base-uri')).toBe("base-uri 'none'");
    expect(csp).not.toContain('unsafe-eval');
  });

  it('lets the dev server evaluate code and open its hot-reload socket', () => {
    const csp = pageCsp('n', { dev: true });
    expect(directive(csp, 'script-src')).toContain("'unsafe-eval'");
    expect(directive(csp, 'connect-src')).toContain('ws:');
  });

  it('makes a fresh 128-bit nonce each time', () => {
    const a = makeNonce();
    expect(Buffer.from(a, 'base64')).toHaveLength(16);
    expect(makeNonce()).not.toBe(a);
  });
});

describe('headers for everything else', () => {
  it('locks API responses down and sets nosniff and no-referrer everywhere', () => {
    expect(API_CSP).toBe("default-src 'none'; frame-ancestors 'none'");
    const headers = Object.fromEntries(STATIC_SECURITY_HEADERS.map((h) => [h.key, h.value]));
    expect(headers).toMatchObject({ 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'X-Frame-Options': 'DENY' });
  });
});

describe('Strict-Transport-Security', () => {
  it('is sent when the public URL is https, or the request came over https', () => {
    expect(strictTransportSecurity('https://nodelanes.corp.example', 'http:')).toBe('max-age=31536000; includeSubDomains');
    expect(strictTransportSecurity(undefined, 'https:')).toBe('max-age=31536000; includeSubDomains');
  });

  it('is not sent over plain http', () => {
    expect(strictTransportSecurity(undefined, 'http:')).toBeNull();
    expect(strictTransportSecurity('http://127.0.0.1:3000', 'http:')).toBeNull();
    expect(strictTransportSecurity('not a url', 'http:')).toBeNull();
  });
});
