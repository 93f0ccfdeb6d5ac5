import { X509Certificate, createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeServingCert } from './serving-cert';

describe('makeServingCert', () => {
  it('is a CA for itself, names the listening address, and its key matches', async () => {
    const { cert, key } = await makeServingCert('10.1.2.3', new Date('2026-01-01T00:00:00Z'));
    const x = new X509Certificate(cert);
    expect(x.ca).toBe(true);
    expect(x.verify(x.publicKey)).toBe(true);
    expect(x.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:10.1.2.3');
    expect(x.checkPrivateKey(createPrivateKey(key))).toBe(true);
    expect(new Date(x.validFrom) < new Date('2026-01-01T00:00:00Z')).toBe(true);
    expect(new Date(x.validTo) > new Date('2026-12-31T00:00:00Z')).toBe(true);
  });

  it('a host name goes in as a DNS name', async () => {
    const x = new X509Certificate((await makeServingCert('sandbox.local')).cert);
    expect(x.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, DNS:sandbox.local');
  });
});
