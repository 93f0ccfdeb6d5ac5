// The production server renders its first page several times slower than the next ones: React's
// server renderer, the route's modules and V8's compiled code are all cold (measured on the
// 30,000-pod sandbox: 0.23–0.36 s for the first page, 0.02–0.04 s after). Whoever opens the
// dashboard first after a deploy would wait for that. So once the server listens it asks itself
// for the pages a user opens first; whatever they answer (a page, a redirect to sign in, an
// error) has done the warming, and the same for the API routes those pages call. Nothing here touches a cluster: pages get their data from the
// browser's requests, and the informers start only when a browser asks for a topology.
import http from 'node:http';
import { listClusters } from './clusters';

export interface PrewarmOptions {
  /** Where the server listens, e.g. http://127.0.0.1:3000. */
  base: string;
  /**
   * The Host header to send: the server answers only its allowed names (allowed-hosts.ts), and
   * one listening on every address does not count 127.0.0.1 among them.
   */
  host?: string;
  /** How long to wait for the server to listen before giving up quietly. */
  waitMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * The API routes the lanes page asks for as it loads. A route's modules load on its first request
 * (next.config's preloadEntriesOnStart is off), and the first page load after a start met them
 * cold: at 150,000 pods the server's event loop stalled 0.8 s as that load's stream opened, and
 * the load took 2–3× the later ones. Asked with a cluster id no route accepts (a 400 before any
 * handler runs), so the modules load and nothing reaches a cluster.
 */
const API_ROUTES = ['topology/stream', 'me'];
const NO_CLUSTER = '%20';

/** The pages asked for: sign-in (the first page of every signed-out user) and the first cluster's lanes; then the lanes page's API routes. */
export function prewarmPaths(): string[] {
  const first = listClusters()[0];
  const pages = ['/signin', ...(first ? [`/clusters/${encodeURIComponent(first.id)}/lanes`] : [])];
  return [...pages, ...API_ROUTES.map((route) => `/api/clusters/${NO_CLUSTER}/${route}`)];
}

/** The server's own address from the variables Next's standalone server listens by. */
export function ownBase(env: { HOSTNAME?: string; PORT?: string } = process.env as { HOSTNAME?: string; PORT?: string }): string {
  const host = !env.HOSTNAME || env.HOSTNAME === '0.0.0.0' || env.HOSTNAME === '::' ? '127.0.0.1' : env.HOSTNAME;
  return `http://${host.includes(':') ? `[${host}]` : host}:${env.PORT || 3000}`;
}

/** Asks for each path once the server answers; returns the paths that answered. Never throws. */
export async function prewarm(paths: string[], options: PrewarmOptions): Promise<string[]> {
  const get = options.fetch ?? (options.host ? fetchWithHost(options.host) : fetch);
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref()));
  const ask = (path: string) =>
    get(`${options.base}${path}`, { redirect: 'manual', headers: { 'x-nodelanes-prewarm': '1' } }).then(
      async (res) => {
        await res.arrayBuffer().catch(() => undefined);
        return true;
      },
      () => false,
    );
  const deadline = Date.now() + (options.waitMs ?? 30_000);
  // The first path doubles as the probe for "listening yet?".
  while (!(await ask(paths[0] ?? '/'))) {
    if (Date.now() > deadline) return [];
    await sleep(100);
  }
  const answered = [paths[0] ?? '/'];
  for (const path of paths.slice(1)) if (await ask(path)) answered.push(path);
  return answered;
}

/** A GET with another Host than the URL's, which fetch (undici) does not send: node:http does. */
export function fetchWithHost(host: string): typeof fetch {
  return ((url: string, init?: RequestInit) =>
    new Promise((resolve, reject) => {
      const request = http.get(url, { headers: { ...(init?.headers as Record<string, string> | undefined), host } }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, arrayBuffer: async () => new ArrayBuffer(0) } as unknown as Response));
        res.on('error', reject);
      });
      request.on('error', reject);
    })) as unknown as typeof fetch;
}
