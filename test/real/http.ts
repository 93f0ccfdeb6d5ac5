// A raw HTTP client for the differential suite: the same bytes go to both servers, and we look at
// exactly what comes back (status, headers, body), with no client library smoothing it over.
import http from 'node:http';
import https from 'node:https';

export interface RawRequest {
  method?: string;
  path: string;
  body?: unknown;
  /** A body sent byte for byte (malformed JSON, YAML…); wins over `body`. */
  raw?: string | Buffer;
  contentType?: string;
  accept?: string;
  /** An array value goes out as one header line per element (Impersonate-Group). */
  headers?: Record<string, string | string[]>;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export interface Server {
  name: string;
  base: string;
  token?: string;
}

const insecure = new https.Agent({ rejectUnauthorized: false, keepAlive: true });
const plain = new http.Agent({ keepAlive: true });

export function send(server: Server, req: RawRequest): Promise<RawResponse> {
  const url = new URL(req.path, server.base);
  const body = req.raw ?? (req.body === undefined ? undefined : JSON.stringify(req.body));
  const headers: Record<string, string | string[]> = { Accept: req.accept ?? 'application/json', ...req.headers };
  if (server.token) headers.Authorization = `Bearer ${server.token}`;
  if (body !== undefined) {
    headers['Content-Type'] = req.contentType ?? 'application/json';
    headers['Content-Length'] = String(Buffer.byteLength(body));
  }
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const r = lib.request(url, { method: req.method ?? 'GET', headers, agent: url.protocol === 'https:' ? insecure : plain }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => {
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    r.on('error', reject);
    r.setTimeout(30_000, () => r.destroy(new Error(`timeout: ${req.method ?? 'GET'} ${req.path} on ${server.name}`)));
    r.end(body);
  });
}

/** Opens a watch and collects its events until `until` says stop or the time runs out. */
export function collectWatch(
  server: Server,
  path: string,
  opts: { until: (events: WatchEvent[]) => boolean; timeoutMs?: number; accept?: string },
): Promise<{ status: number; events: WatchEvent[] }> {
  const url = new URL(path, server.base);
  const headers: Record<string, string> = { Accept: opts.accept ?? 'application/json' };
  if (server.token) headers.Authorization = `Bearer ${server.token}`;
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const events: WatchEvent[] = [];
    let buffer = '';
    let status = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      r.destroy();
      resolve({ status, events });
    };
    const timer = setTimeout(finish, opts.timeoutMs ?? 10_000);
    const r = lib.request(url, { method: 'GET', headers, agent: url.protocol === 'https:' ? insecure : plain }, (res) => {
      status = res.statusCode ?? 0;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl).trim();
          buffer = buffer.slice(nl + 1);
          if (line) events.push(JSON.parse(line));
        }
        if (opts.until(events)) finish();
      });
      res.on('end', finish);
    });
    r.on('error', (err) => (done ? undefined : reject(err)));
    r.end();
  });
}

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  object: any;
}
