import { describe, expect, it } from 'vitest';
import { scrapeDecision } from './scrape-token';

const token = 's3cret-token-for-prometheus';
const pod = { token, listenAddress: '0.0.0.0' };

describe('scrapeDecision', () => {
  it('needs no token on a server that listens on loopback only: every request comes from this machine', () => {
    for (const listenAddress of ['127.0.0.1', 'localhost', '::1']) {
      expect(scrapeDecision(null, { token: undefined, listenAddress })).toEqual({ ok: true });
      expect(scrapeDecision(null, { token, listenAddress })).toEqual({ ok: true });
    }
  });

  it('refuses every scrape (403, with what to set) on a server reachable from elsewhere without a token configured', () => {
    for (const listenAddress of ['0.0.0.0', undefined, 'vm', '10.0.0.7']) {
      expect(scrapeDecision(null, { token: undefined, listenAddress })).toMatchObject({ ok: false, status: 403, code: 'metrics_token_required', message: expect.stringContaining('NODELANES_METRICS_TOKEN') });
      expect(scrapeDecision('Bearer anything', { token: '', listenAddress })).toMatchObject({ ok: false, status: 403 });
    }
  });

  it('wants exactly the configured bearer token', () => {
    expect(scrapeDecision(`Bearer ${token}`, pod)).toEqual({ ok: true });
    expect(scrapeDecision(`bearer ${token}`, pod)).toEqual({ ok: true });
    for (const header of [null, `Bearer ${token}x`, `Basic ${token}`, `Bearer ${token} extra`, 'Bearer ']) {
      expect(scrapeDecision(header, pod)).toMatchObject({ ok: false, status: 401, code: 'unauthenticated' });
    }
  });
});
