// The topology stream opened while the page is still loading. The page's JavaScript runs only
// after its bundle has loaded and React has hydrated, about half a second on a loaded machine;
// until then the server could already be encoding the snapshot and the browser receiving it. So
// the lanes page carries a small inline script (EarlyTopologyStream) that opens the very stream
// useTopology would open and keeps its events in order; useTopology then takes that stream over
// (events so far first, then its own listeners, in one task, so nothing is lost or reordered)
// instead of opening a second one. Still one snapshot per page load: one stream.
//
// The script is inline and tiny on purpose: no bundle to wait for. It is taken over at most once
// (a reconnect opens its own stream), and only by the same cluster's stream; anything else closes it.
// It is an async module (it must not wait for the stylesheet), so in principle it could run after
// the page's own stream has opened without it: the page leaves `null` in its place then, and a
// script that finds that opens nothing.

/** The stream's events the page listens to; the early script keeps these. */
export const STREAM_EVENTS = ['progress', 'snapshot', 'snapshot-columns', 'delta', 'usage', 'failed'] as const;

export const topologyStreamPath = (cluster: string) => `/api/clusters/${encodeURIComponent(cluster)}/topology/stream`;

/** `?encoding=columns` needs DecompressionStream to unpack; a browser without it gets plain JSON. */
const ENCODING_EXPRESSION = `(typeof DecompressionStream === 'undefined' ? '' : '?encoding=columns')`;

export function topologyStreamUrl(cluster: string): string {
  return topologyStreamPath(cluster) + (typeof DecompressionStream === 'undefined' ? '' : '?encoding=columns');
}

const GLOBAL = '__nodelanesEarlyStream';

/** An event the early stream kept; a column-wise snapshot comes with its unpacking under way. */
export interface EarlyEvent {
  type: string;
  data: string;
  unpacked?: Promise<unknown>;
}

interface EarlyStream {
  url: string;
  es: EventSource;
  events: EarlyEvent[];
  keep: (e: MessageEvent) => void;
}

/**
 * A `snapshot-columns` event's data (base64 of the gzipped JSON of lib/domain/snapshot-codec.ts)
 * back to that JSON value. The inline script carries this very function's source, so the snapshot
 * is unpacked while the page's bundle is still loading: it may use only what every browser page
 * has, nothing imported.
 */
export async function unpackColumns(base64: string): Promise<unknown> {
  const fromBase64 = (Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array }).fromBase64;
  let bytes: Uint8Array;
  if (fromBase64) bytes = fromBase64(base64);
  else {
    const binary = atob(base64);
    bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  }
  return new Response(new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'))).json();
}

/** The inline script's source: opens the stream for `cluster` and keeps its events on window. */
export function earlyStreamScript(cluster: string): string {
  // JSON, with `<` escaped so no value can close the script element.
  const path = JSON.stringify(topologyStreamPath(cluster)).replace(/</g, '\\u003c');
  // Code, so `<` cannot be escaped as in the path above; it must only never close the element.
  // A failed unpacking is the taker's to handle (it starts the stream again); the mark's handler
  // keeps it from being reported as unhandled meanwhile.
  const unpack = unpackColumns.toString();
  if (/<\/script|<!--/i.test(unpack)) throw new Error('unpackColumns cannot be inlined: its source would end the script element');
  return `(function(){try{if(window.${GLOBAL}===null)return;var unpack=${unpack};var url=${path}+${ENCODING_EXPRESSION};var s={url:url,es:new EventSource(url),events:[]};s.keep=function(e){var kept={type:e.type,data:e.data};if(e.type.indexOf('snapshot')===0)performance.mark('nodelanes:snapshot-arrived');if(e.type==='snapshot-columns'){kept.unpacked=unpack(e.data);kept.unpacked.then(function(){performance.mark('nodelanes:snapshot-unpacked')},function(){})}s.events.push(kept)};${JSON.stringify(STREAM_EVENTS)}.forEach(function(t){s.es.addEventListener(t,s.keep)});window.${GLOBAL}=s;performance.mark('nodelanes:stream-opened')}catch(e){}})();`;
}

/**
 * The early stream, if the page opened one for `url` and it is still open: its EventSource and the
 * events it has had so far, which the caller replays before its own listeners take over (do both in
 * the same task). Any early stream is handed out at most once; one for another URL is closed.
 */
export function takeEarlyStream(url: string): { es: EventSource; events: EarlyEvent[] } | undefined {
  if (typeof window === 'undefined') return undefined;
  const w = window as unknown as Record<string, EarlyStream | null | undefined>;
  const early = w[GLOBAL];
  if (!early) {
    // The page opens its own stream: an early script that runs only now must not open another.
    w[GLOBAL] = null;
    return undefined;
  }
  w[GLOBAL] = undefined;
  for (const type of STREAM_EVENTS) early.es.removeEventListener(type, early.keep as EventListener);
  if (early.url !== url || early.es.readyState === EventSource.CLOSED) {
    early.es.close();
    return undefined;
  }
  return { es: early.es, events: early.events };
}
