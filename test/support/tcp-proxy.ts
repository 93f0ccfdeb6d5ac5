// A TCP proxy in front of an API server, so a test can cut every open connection (a watch
// mid-stream, as a load balancer or a flaky network does) without touching the server. TLS passes
// through untouched.
import net from 'node:net';

export interface TcpProxy {
  port: number;
  /** Destroys every open connection; returns how many there were. New ones are accepted as before. */
  cut(): number;
  /** Until `release()`, new connections are refused at once (the network is down for the client). */
  hold(): void;
  release(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const open = new Set<net.Socket>();
  let held = false;
  const server = net.createServer((client) => {
    if (held) {
      client.destroy();
      return;
    }
    const upstream = net.connect(targetPort, targetHost);
    open.add(client);
    open.add(upstream);
    const done = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', done).on('close', done);
    upstream.on('error', done).on('close', done);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    cut() {
      const n = open.size / 2;
      for (const socket of open) socket.destroy();
      open.clear();
      return Math.round(n);
    },
    hold() {
      held = true;
    },
    release() {
      held = false;
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
