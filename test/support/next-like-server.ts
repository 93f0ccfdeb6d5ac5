// Route handlers served over HTTP the way `next start` serves them: Next's own `compress`
// middleware (the vendored `compression`, on by default) around the response, the route's
// headers copied without the framing ones Next drops (Content-Length, Content-Encoding,
// Transfer-Encoding), and the body piped with Next's pipeToNodeResponse, which flushes the
// compressor after every chunk. For tests of what reaches a client on the wire.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
// @ts-expect-error Next's vendored middleware ships no types
import compression from 'next/dist/compiled/compression';
import { pipeToNodeResponse } from 'next/dist/server/pipe-readable';

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

const DROPPED = new Set(['content-length', 'content-encoding', 'transfer-encoding']);

export async function serveLikeNext(handler: Handler, params: Record<string, string>): Promise<{ base: string; close(): Promise<void> }> {
  const compress = compression();
  const server = http.createServer((req, res) => {
    compress(req, res, () => undefined);
    void (async () => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      const abort = new AbortController();
      res.once('close', () => abort.abort());
      const response = await handler(new Request(`http://localhost:3000${req.url}`, { headers, signal: abort.signal }), { params: Promise.resolve(params) });
      res.statusCode = response.status;
      response.headers.forEach((value, name) => {
        if (!DROPPED.has(name)) res.setHeader(name, value);
      });
      if (response.body) await pipeToNodeResponse(response.body, res);
      else res.end();
    })().catch((err) => {
      res.statusCode = 500;
      res.end(String(err));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
