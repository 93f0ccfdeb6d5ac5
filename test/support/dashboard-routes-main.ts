// A dashboard server process for tests that must restart it: the app's own route handlers for
// /api/metrics and a cluster's review, served over HTTP on DASHBOARD_PORT by plain Node (run with
// tsx), not by `next start` (that needs a build, minutes on a test machine). It holds everything a
// Next server process holds for these routes (informers, the in-memory history, the metrics
// registry), so stopping it loses all of that as a real restart does. Cluster and Prometheus come
// from the environment, as for the real server.
import http from 'node:http';
import { GET as metricsRoute } from '@/app/api/metrics/route';
import { GET as reviewRoute } from '@/app/api/clusters/[cluster]/review/route';

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

function routeOf(pathname: string): { handler: Handler; params: Record<string, string> } | undefined {
  if (pathname === '/api/metrics') return { handler: metricsRoute, params: {} };
  const review = /^\/api\/clusters\/([^/]+)\/review$/.exec(pathname);
  return review ? { handler: reviewRoute, params: { cluster: decodeURIComponent(review[1]) } } : undefined;
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost:3000');
  const found = routeOf(url.pathname);
  if (!found) {
    res.writeHead(404).end();
    return;
  }
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
  void found
    .handler(new Request(url, { headers }), { params: Promise.resolve(found.params) })
    .then(async (response) => {
      res.writeHead(response.status, { 'Content-Type': response.headers.get('content-type') ?? 'text/plain' });
      res.end(Buffer.from(await response.arrayBuffer()));
    })
    .catch((err) => res.writeHead(500).end(String(err)));
});

server.listen(Number(process.env.DASHBOARD_PORT), '127.0.0.1', () => console.log(`dashboard routes listening on ${process.env.DASHBOARD_PORT}`));
process.on('SIGTERM', () => process.exit(0));
