import { describe, expect, it } from 'vitest';
import { allowedHostNames, hostAllowed, hostNameOfHeader, listenAddressFor, listenProblem, listensOnLoopback, parseAllowedHosts } from './allowed-hosts';
import { readServerEnv } from './env';

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];
const noToken = { metricsTokenSet: false };

describe('the host names a server answers', () => {
  it('on a workstation (loopback, nothing configured): only the loopback names', () => {
    expect(allowedHostNames({ allowedHosts: [], listenAddress: '127.0.0.1' })).toEqual(LOOPBACK);
  });

  it('listening beyond this machine: only the configured names, not the loopback ones', () => {
    expect(allowedHostNames({ publicUrl: 'https://Nodelanes.Corp.Example/', allowedHosts: ['nodelanes.internal', '10.0.0.7'], listenAddress: '0.0.0.0' })).toEqual([
      'nodelanes.corp.example',
      'nodelanes.internal',
      '10.0.0.7',
    ]);
    expect(allowedHostNames({ allowedHosts: [], listenAddress: '0.0.0.0' })).toEqual([]);
    expect(allowedHostNames({ allowedHosts: [], listenAddress: undefined })).toEqual([]);
  });

  it('takes the listen address as Next’s standalone server does: unset or a machine name is not loopback', () => {
    for (const a of ['127.0.0.1', '127.0.1.1', 'localhost', '::1', '[::1]']) expect(listensOnLoopback(a), a).toBe(true);
    for (const a of [undefined, '', '0.0.0.0', '::', 'devbox', 'nodelanes-7c9f-abcde', '10.0.0.7']) expect(listensOnLoopback(a), String(a)).toBe(false);
  });

  it('listens on loopback unless a name beyond this machine is allowed', () => {
    expect(listenAddressFor({ allowedHosts: [] })).toBe('127.0.0.1');
    expect(listenAddressFor({ publicUrl: 'http://127.0.0.1:3211', allowedHosts: [] })).toBe('127.0.0.1');
    expect(listenAddressFor({ publicUrl: 'https://nodelanes.corp.example', allowedHosts: [] })).toBe('0.0.0.0');
    expect(listenAddressFor({ allowedHosts: ['devbox.lan'] })).toBe('0.0.0.0');
  });

  it('refuses to start reachable from elsewhere with no name allowed, saying what to set', () => {
    expect(listenProblem({ allowedHosts: [], listenAddress: '0.0.0.0' })).toMatch(/HOSTNAME=0\.0\.0\.0.*NEXTAUTH_URL.*NODELANES_ALLOWED_HOSTS.*HOSTNAME=127\.0\.0\.1/);
    expect(listenProblem({ allowedHosts: [], listenAddress: undefined })).toContain('every address (HOSTNAME is unset)');
    expect(listenProblem({ allowedHosts: [], listenAddress: '127.0.0.1' })).toBeNull();
    expect(listenProblem({ allowedHosts: ['nodelanes.internal'], listenAddress: '0.0.0.0' })).toBeNull();
    expect(listenProblem({ publicUrl: 'https://nodelanes.corp.example', allowedHosts: [], listenAddress: '0.0.0.0' })).toBeNull();
  });
});

describe('hostAllowed', () => {
  const workstation = allowedHostNames({ allowedHosts: [], listenAddress: '127.0.0.1' });
  const pod = allowedHostNames({ publicUrl: 'https://nodelanes.corp.example', allowedHosts: [], listenAddress: '0.0.0.0' });

  it.each([
    ['127.0.0.1:3000', workstation],
    ['localhost:3000', workstation],
    ['LOCALHOST:3000', workstation],
    ['[::1]:3000', workstation],
    ['localhost', workstation],
    ['nodelanes.corp.example', pod],
    ['nodelanes.corp.example:443', pod],
  ])('answers Host %s', (host, allowed) => {
    expect(hostAllowed({ pathname: '/api/clusters', host }, allowed, noToken)).toBe(true);
  });

  it.each([
    // A rebinding page's own name, whatever port it dials.
    ['evil.example:3000', workstation],
    ['evil.example', workstation],
    ['127.0.0.1.evil.example:3000', workstation],
    ['localhost.evil.example', workstation],
    ['localhost.:3000', workstation],
    ['127.0.0.2:3000', workstation],
    ['0.0.0.0:3000', workstation],
    // Malformed or missing.
    ['', workstation],
    [null, workstation],
    ['127.0.0.1:3000@evil.example', workstation],
    ['127.0.0.1 :3000', workstation],
    ['127.0.0.1:3000/x', workstation],
    // Listening beyond loopback, the loopback names are not the server's.
    ['127.0.0.1:3000', pod],
    ['localhost:3000', pod],
    ['10.0.0.7:3000', pod],
    ['nodelanes.corp.example.evil.example', pod],
  ])('refuses Host %j', (host, allowed) => {
    expect(hostAllowed({ pathname: '/api/clusters', host }, allowed, noToken)).toBe(false);
    expect(hostAllowed({ pathname: '/clusters/sandbox/lanes', host }, allowed, noToken)).toBe(false);
  });

  it('lets probes through by path on any Host, and metrics only when its token is required', () => {
    const pod = allowedHostNames({ publicUrl: 'https://nodelanes.corp.example', allowedHosts: [], listenAddress: '0.0.0.0' });
    expect(hostAllowed({ pathname: '/api/healthz', host: '10.0.0.7:3000' }, pod, noToken)).toBe(true);
    expect(hostAllowed({ pathname: '/api/readyz', host: '10.0.0.7:3000' }, pod, noToken)).toBe(true);
    expect(hostAllowed({ pathname: '/api/readyz/', host: '10.0.0.7:3000' }, pod, noToken)).toBe(false);
    expect(hostAllowed({ pathname: '/api/healthzz', host: '10.0.0.7:3000' }, pod, noToken)).toBe(false);
    expect(hostAllowed({ pathname: '/api/metrics', host: '10.0.0.7:3000' }, pod, noToken)).toBe(false);
    expect(hostAllowed({ pathname: '/api/metrics', host: '10.0.0.7:3000' }, pod, { metricsTokenSet: true })).toBe(true);
  });

  it('reads a Host header’s name', () => {
    expect(hostNameOfHeader('Example.COM:8080')).toBe('example.com');
    expect(hostNameOfHeader('[::1]:3000')).toBe('[::1]');
    expect(hostNameOfHeader('user@example.com')).toBeNull();
  });
});

describe('NODELANES_ALLOWED_HOSTS', () => {
  it('takes comma-separated names, lowercase', () => {
    expect(parseAllowedHosts('Nodelanes.Internal, 10.0.0.7,[fd00::7],,')).toEqual({ hosts: ['nodelanes.internal', '10.0.0.7', '[fd00::7]'] });
    expect(readServerEnv({ NODELANES_ALLOWED_HOSTS: 'a.example,b.example' }).NODELANES_ALLOWED_HOSTS).toEqual(['a.example', 'b.example']);
    expect(readServerEnv({}).NODELANES_ALLOWED_HOSTS).toEqual([]);
  });

  it.each(['https://nodelanes.internal', 'nodelanes.internal:3000', '*.corp.example', 'fd00::7', 'a b', 'evil.example/x', '-bad.example'])('refuses %j, naming it', (entry) => {
    expect(() => readServerEnv({ NODELANES_ALLOWED_HOSTS: `ok.example,${entry}` })).toThrow(/NODELANES_ALLOWED_HOSTS=.*is not a host name/);
  });
});
