// Which Host headers the server answers. A page on any site can point its own DNS name at this
// server's address (DNS rebinding); the browser then treats the dashboard as that site, sends
// it the site's name as Host and lets the page read every answer — with no sign-in (the sandbox
// demo, NODELANES_AUTH=off on a workstation) that is the whole topology and every action. The
// browser cannot lie about the Host, so the server answers only the names it is known by:
//   - the host of NEXTAUTH_URL (its public URL) and each of NODELANES_ALLOWED_HOSTS;
//   - localhost, 127.0.0.1 and [::1] when the server listens on loopback only, where nothing but
//     this machine reaches it.
// Ports are not compared: a rebinding page controls the name, not the port the browser dials.
// Two paths answer any Host: the probes, which a kubelet or load balancer sends to the pod's IP
// and which reveal nothing, and /api/metrics when its bearer token is required (a page cannot
// know the token).

export const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'] as const;

/** Liveness and readiness: probes address the pod by IP, and the answers name no cluster or user. */
export const PROBE_PATHS: readonly string[] = ['/api/healthz', '/api/readyz'];

const METRICS_PATH = '/api/metrics';

export interface HostRulesInput {
  /** NEXTAUTH_URL. */
  publicUrl?: string;
  /** NODELANES_ALLOWED_HOSTS, parsed. */
  allowedHosts: readonly string[];
  /** The address the server listens on: $HOSTNAME, as Next's standalone server reads it. */
  listenAddress: string | undefined;
}

/** The host names this server answers, lowercase, IPv6 in brackets as a Host header has them. */
export function allowedHostNames({ publicUrl, allowedHosts, listenAddress }: HostRulesInput): string[] {
  const names = new Set<string>();
  const publicName = publicUrl ? hostNameOfUrl(publicUrl) : null;
  if (publicName) names.add(publicName);
  for (const host of allowedHosts) names.add(host.toLowerCase());
  if (listensOnLoopback(listenAddress)) for (const name of LOOPBACK_NAMES) names.add(name);
  return [...names];
}

/**
 * Whether the server listens on loopback only. Next's standalone server listens on $HOSTNAME, or
 * on every address when it is unset, so unset is not loopback; neither is a machine name, which
 * some shells and every container runtime put in $HOSTNAME.
 */
export function listensOnLoopback(listenAddress: string | undefined): boolean {
  const address = (listenAddress ?? '').trim().toLowerCase();
  return address === 'localhost' || address === '::1' || address === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address);
}

/** The address for the standalone server to listen on: loopback unless a name beyond this machine is allowed. */
export function listenAddressFor(input: Omit<HostRulesInput, 'listenAddress'>): '127.0.0.1' | '0.0.0.0' {
  const configured = allowedHostNames({ ...input, listenAddress: undefined });
  return configured.every((name) => (LOOPBACK_NAMES as readonly string[]).includes(name)) ? '127.0.0.1' : '0.0.0.0';
}

/** Why the server must not start listening where it does (reachable from elsewhere, yet no name allowed), or null. */
export function listenProblem(input: HostRulesInput): string | null {
  if (listensOnLoopback(input.listenAddress) || allowedHostNames(input).length > 0) return null;
  const where = input.listenAddress ? `HOSTNAME=${input.listenAddress}` : 'every address (HOSTNAME is unset)';
  return (
    `the server listens on ${where}, beyond this machine, but no host name is allowed: ` +
    'set NEXTAUTH_URL (the public URL) or NODELANES_ALLOWED_HOSTS (the names browsers use), or HOSTNAME=127.0.0.1 to listen on this machine only'
  );
}

/** The host name of a Host header (port dropped, lowercase), or null when it is not a plain host[:port]. */
export function hostNameOfHeader(host: string | null | undefined): string | null {
  if (!host) return null;
  const match = /^([a-z0-9_.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i.exec(host);
  return match ? match[1].toLowerCase() : null;
}

/** Whether a request may reach any handler: its Host is allowed, or its path answers every Host. */
export function hostAllowed(request: { pathname: string; host: string | null }, allowed: readonly string[], options: { metricsTokenSet: boolean }): boolean {
  if (PROBE_PATHS.includes(request.pathname)) return true;
  if (request.pathname === METRICS_PATH && options.metricsTokenSet) return true;
  const name = hostNameOfHeader(request.host);
  return name !== null && allowed.includes(name);
}

/**
 * NODELANES_ALLOWED_HOSTS: comma-separated host names (a DNS name, an IPv4 address, or an IPv6
 * address in brackets), without a port or scheme. Returns the names, or the first bad entry.
 */
export function parseAllowedHosts(value: string): { hosts: string[] } | { error: string } {
  const hosts: string[] = [];
  for (const entry of value.split(',').map((e) => e.trim())) {
    if (entry === '') continue;
    if (!isHostName(entry)) {
      return { error: `${JSON.stringify(entry.slice(0, 100))} is not a host name (a DNS name, an IPv4 address or [an IPv6 address], without scheme or port: any port is accepted)` };
    }
    hosts.push(entry.toLowerCase());
  }
  return { hosts };
}

function isHostName(entry: string): boolean {
  if (/^\[[0-9a-f:.]+\]$/i.test(entry)) return true;
  if (entry.length > 253) return false;
  return entry.split('.').every((label) => /^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/i.test(label));
}

function hostNameOfUrl(url: string): string | null {
  try {
    return new URL(url).hostname.toLowerCase() || null;
  } catch {
    return null;
  }
}
