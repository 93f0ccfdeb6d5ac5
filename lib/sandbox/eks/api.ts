// The EKS REST API (restJson1, as `@aws-sdk/client-eks` and the AWS CLI speak it) over the
// sandbox's EksCluster. Mounted on the same HTTP server as the Kubernetes API: EKS paths start
// with /clusters, which the Kubernetes API never uses.
import type http from 'node:http';
import { EksError } from './errors';
import type { EksCluster } from './cluster';
import { describeAccessEntry, describeAddon, describeAddonVersions, listAccessEntries, listAccessPolicies, listAddons, listAssociatedAccessPolicies } from './catalog';

const MAX_BODY = 1 << 20;

type Route = { method: string; pattern: RegExp; run: (eks: EksCluster, m: string[], body: any, query: URLSearchParams) => unknown }; // eslint-disable-line @typescript-eslint/no-explicit-any

const routes: Route[] = [
  { method: 'GET', pattern: /^\/clusters$/, run: (eks) => ({ clusters: [eks.name] }) },
  { method: 'GET', pattern: /^\/clusters\/([^/]+)$/, run: (eks, [c]) => ({ cluster: eks.describeCluster(c) }) },
  {
    method: 'GET',
    pattern: /^\/clusters\/([^/]+)\/node-groups$/,
    run: (eks, [c], _body, q) => eks.listNodegroups(c, { maxResults: q.get('maxResults'), nextToken: q.get('nextToken') }),
  },
  { method: 'POST', pattern: /^\/clusters\/([^/]+)\/node-groups$/, run: (eks, [c], body) => ({ nodegroup: eks.createNodegroup(c, body) }) },
  { method: 'GET', pattern: /^\/clusters\/([^/]+)\/node-groups\/([^/]+)$/, run: (eks, [c, g]) => ({ nodegroup: eks.describeNodegroup(c, g) }) },
  {
    method: 'POST',
    pattern: /^\/clusters\/([^/]+)\/node-groups\/([^/]+)\/update-config$/,
    run: (eks, [c, g], body) => ({ update: eks.updateNodegroupConfig(c, g, body) }),
  },
  { method: 'DELETE', pattern: /^\/clusters\/([^/]+)\/node-groups\/([^/]+)$/, run: (eks, [c, g]) => ({ nodegroup: eks.deleteNodegroup(c, g) }) },
  { method: 'GET', pattern: /^\/clusters\/([^/]+)\/updates$/, run: (eks, [c], _body, q) => ({ updateIds: eks.listUpdates(c, q.get('nodegroupName')) }) },
  { method: 'GET', pattern: /^\/clusters\/([^/]+)\/addons$/, run: (eks, [c]) => listAddons(eks, c) },
  { method: 'GET', pattern: /^\/clusters\/([^/]+)\/addons\/([^/]+)$/, run: (eks, [c, a]) => describeAddon(eks, c, a) },
  { method: 'GET', pattern: /^\/addons\/supported-versions$/, run: (_eks, _m, _body, q) => describeAddonVersions(q) },
  { method: 'GET', pattern: /^\/clusters\/([^/]+)\/access-entries$/, run: (eks, [c]) => listAccessEntries(eks, c) },
  { method: 'GET', pattern: /^\/clusters\/([^/]+)\/access-entries\/([^/]+)$/, run: (eks, [c, p]) => describeAccessEntry(eks, c, p) },
  { method: 'GET', pattern: /^\/clusters\/([^/]+)\/access-entries\/([^/]+)\/access-policies$/, run: (eks, [c, p]) => listAssociatedAccessPolicies(eks, c, p) },
  { method: 'GET', pattern: /^\/access-policies$/, run: () => listAccessPolicies() },
  // Nothing of these kinds exists in the sandbox: empty lists, as a fresh Auto Mode cluster answers.
  { method: 'GET', pattern: /^\/clusters\/([^/]+)\/fargate-profiles$/, run: (eks, [c]) => (eks.describeCluster(c), { fargateProfileNames: [] }) },
  { method: 'GET', pattern: /^\/clusters\/([^/]+)\/identity-provider-configs$/, run: (eks, [c]) => (eks.describeCluster(c), { identityProviderConfigs: [] }) },
  { method: 'GET', pattern: /^\/clusters\/([^/]+)\/pod-identity-associations$/, run: (eks, [c]) => (eks.describeCluster(c), { associations: [] }) },
  {
    method: 'GET',
    pattern: /^\/clusters\/([^/]+)\/updates\/([^/]+)$/,
    run: (eks, [c, id], _body, q) => ({ update: eks.describeUpdate(c, id, q.get('nodegroupName')) }),
  },
];

export function isEksPath(url: string): boolean {
  const path = url.split('?')[0];
  return path === '/clusters' || path.startsWith('/clusters/') || path === '/addons/supported-versions' || path === '/access-policies';
}

/** Handles one EKS request. Never throws: failures become AWS-style error responses. */
export async function handleEks(eks: EksCluster, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const requestId = crypto.randomUUID();
  try {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const path = url.pathname;
    const route = routes.find((r) => r.method === req.method && r.pattern.test(path));
    if (!route) {
      const known = routes.some((r) => r.pattern.test(path));
      throw known
        ? new EksError('InvalidRequestException', `Method ${req.method} is not allowed on ${path}`)
        : new EksError('ResourceNotFoundException', `No such EKS operation: ${req.method} ${path}`);
    }
    const params = route.pattern.exec(path)!.slice(1).map(decodeURIComponent);
    const body = req.method === 'POST' ? await readJson(req) : undefined;
    send(res, 200, route.run(eks, params, body, url.searchParams), requestId);
  } catch (err) {
    const e = err instanceof EksError ? err : new EksError('ServerException', (err as Error).message ?? 'internal error');
    send(res, e.status, e.body(), requestId, e.type);
  }
}

function send(res: http.ServerResponse, status: number, body: unknown, requestId: string, errorType?: string) {
  // restJson1 timestamps are epoch seconds. Date.toJSON runs before a replacer sees the value,
  // so look at the holder's original property.
  const text = JSON.stringify(body, function (this: Record<string, unknown>, key, value) {
    const raw = this[key];
    return raw instanceof Date ? raw.getTime() / 1000 : value;
  });
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': requestId,
    ...(errorType ? { 'x-amzn-ErrorType': errorType } : {}),
  });
  res.end(text);
}

function readJson(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new EksError('InvalidParameterException', 'Request body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (!text) return resolve({});
      try {
        const value = JSON.parse(text);
        if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
        resolve(value);
      } catch {
        reject(new EksError('InvalidParameterException', 'Request body is not a JSON object'));
      }
    });
    req.on('error', reject);
  });
}
