// `npm start` without the sandbox runs the standalone server in its own process from plain
// JavaScript (scripts/serve-standalone.mjs), which cannot import the TypeScript that decides where
// the server listens: its copy must decide the same.
import { describe, expect, it } from 'vitest';
import { listenAddressFor, parseAllowedHosts } from '@/lib/server/allowed-hosts';
import { clusterMode, listenAddress } from '@/scripts/serve-standalone.mjs';

describe('the plain launcher', () => {
  it('listens where lib/server/allowed-hosts.ts says', () => {
    const cases: Record<string, string>[] = [
      {},
      { NEXTAUTH_URL: 'http://localhost:3000' },
      { NEXTAUTH_URL: 'https://nodelanes.example.com' },
      { NEXTAUTH_URL: 'http://127.0.0.1:3000', NODELANES_ALLOWED_HOSTS: 'localhost, [::1]' },
      { NODELANES_ALLOWED_HOSTS: 'Nodelanes.Internal' },
      { NODELANES_ALLOWED_HOSTS: ' , ' },
      { NEXTAUTH_URL: 'http://[::1]:3000' },
    ];
    const seen = new Set<string>();
    for (const env of cases) {
      const hosts = parseAllowedHosts(env.NODELANES_ALLOWED_HOSTS ?? '');
      if ('error' in hosts) throw new Error(hosts.error);
      const expected = listenAddressFor({ publicUrl: env.NEXTAUTH_URL, allowedHosts: hosts.hosts });
      expect(listenAddress(env), JSON.stringify(env)).toBe(expected);
      seen.add(expected);
    }
    expect(seen.size).toBe(2);
  });

  it('takes the sandbox mode unless told otherwise, and a clusters file alone as the file mode', () => {
    expect(clusterMode({})).toBe('sandbox');
    expect(clusterMode({ NODELANES_CLUSTER: ' ' })).toBe('sandbox');
    expect(clusterMode({ NODELANES_CLUSTER: 'kubeconfig' })).toBe('kubeconfig');
    expect(clusterMode({ NODELANES_CLUSTERS_FILE: 'c.yaml' })).toBe('file');
  });
});
