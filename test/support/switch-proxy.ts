// A load balancer in miniature for the replica tests: an HTTP proxy on one port that forwards
// every request to the current backend, which the test can switch. Switching cuts the open
// connections (as a replica going away does), so a browser's streams reconnect through the proxy
// and land on the other backend. Counts requests per backend, so a test can prove where they went.
import http from 'node:http';
import type net from 'node:net';

export interface SwitchProxy {
  /** Sends new requests to this port from now on and cuts every open connection. */
  switchTo(port: number): void;
  /** Requests per backend port whose path starts with `prefix`. */
  count(port: number, prefix?: string): number;
  close(): Promise<void>;
}

export async function startSwitchProxy(listenPort: number, initial: number): Promise<SwitchProxy> {
  let target = initial;
  const seen: Array<{ port: number; path: string }> = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    const port = target;
    seen.push({ port, path: req.url ?? '/' });
    const upstream = http.request(
      { host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
    // The browser went away: so does the request to the backend (an SSE stream ends there too).
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(listenPort, '127.0.0.1', resolve));
  return {
    switchTo(port) {
      target = port;
      for (const socket of sockets) socket.destroy();
    },
    count: (port, prefix = '') => seen.filter((s) => s.port === port && s.path.startsWith(prefix)).length,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
