// A JSON answer written in pieces as the client reads it (lib/domain/json-chunks.ts), not made as
// one string first: pulled, so a slow client holds one piece at a time, not the whole answer.
// Compression is Next's (its `compress` middleware, on unless next.config.js turns it off): a
// route cannot set its own Content-Encoding — Next drops that header from route responses.
import { jsonChunks } from '@/lib/domain/json-chunks';

export function jsonStream(value: unknown, init: ResponseInit = {}): Response {
  const chunks = jsonChunks(value);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    cancel() {
      chunks.return(undefined);
    },
  });
  const headers = new Headers(init.headers);
  headers.set('Content-Type', 'application/json');
  return new Response(body, { ...init, headers });
}
