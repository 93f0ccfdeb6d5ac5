import { describe, expect, it } from 'vitest';
import { scrapeAllowed } from './scrape-token';

describe('scrapeAllowed', () => {
  it('is open without a token configured', () => {
    expect(scrapeAllowed(null, undefined)).toBe(true);
    expect(scrapeAllowed(null, '')).toBe(true);
  });

  it('wants exactly the configured bearer token', () => {
    const token = 's3cret-token-for-prometheus';
    expect(scrapeAllowed(`Bearer ${token}`, token)).toBe(true);
    expect(scrapeAllowed(`bearer ${token}`, token)).toBe(true);
    expect(scrapeAllowed(null, token)).toBe(false);
    expect(scrapeAllowed(`Bearer ${token}x`, token)).toBe(false);
    expect(scrapeAllowed(`Basic ${token}`, token)).toBe(false);
    expect(scrapeAllowed(`Bearer ${token} extra`, token)).toBe(false);
    expect(scrapeAllowed('Bearer ', token)).toBe(false);
  });
});
