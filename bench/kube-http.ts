// A bare Kubernetes HTTP client for the benchmark's own requests (loading, churn, counting
// watches): the server and bearer token of a kubeconfig's current context, JSON in and out. The
// benchmark must not lean on the app's adapters, which are what it measures.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import yaml from 'js-yaml';

export interface KubeTarget {
  server: string;
  token?: string;
}

interface Kubeconfig {
  'current-context'?: string;
  contexts?: { name: string; context: { cluster: string; user: string } }[];
  clusters?: { name: string; cluster: { server: string } }[];
  users?: { name: string; user: { token?: string } }[];
}

export function targetOf(kubeconfigPath: string): KubeTarget {
  const kc = yaml.load(fs.readFileSync(kubeconfigPath, 'utf8')) as Kubeconfig;
  const context = kc.contexts?.find((c) => c.name === kc['current-context'])?.context;
  const server = kc.clusters?.find((c) => c.name === context?.cluster)?.cluster.server;
  if (!server) throw new Error(`${kubeconfigPath}: no server for the current context`);
  return { server, token: kc.users?.find((u) => u.name === context?.user)?.user.token };
}

export interface KubeResponse {
  status: number;
  body: string;
}

const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 64 }), https: new https.Agent({ keepAlive: true, maxSockets: 64, rejectUnauthorized: false }) };

export function kubeRequest(target: KubeTarget, method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<KubeResponse> {
  const url = new URL(path, target.server);
  const secure = url.protocol === 'https:';
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = (secure ? https : http).request(
      url,
      {
        method,
        agent: secure ? agents.https : agents.http,
        headers: {
          Accept: 'application/json',
          ...(target.token ? { Authorization: `Bearer ${target.token}` } : {}),
          ...(payload !== undefined ? { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export async function kubeJson<T>(target: KubeTarget, method: string, path: string, body?: unknown, contentType?: string): Promise<T> {
  const res = await kubeRequest(target, method, path, body, contentType);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.body.slice(0, 300)}`);
  return JSON.parse(res.body) as T;
}

/** Runs `work` over `items` with at most `inFlight` at a time. */
export async function inParallel<T>(items: T[], inFlight: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(inFlight, items.length) }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}
