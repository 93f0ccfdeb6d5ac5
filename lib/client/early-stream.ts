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

/** The stream's events the page listens to; the early script keeps these. */
export const STREAM_EVENTS = ['progress', 'snapshot', 'snapshot-columns', 'delta', 'failed'] as const;

export const topologyStreamPath = (cluster: string) => `/api/clusters/${encodeURIComponent(cluster)}/topology/stream`;

/** `?encoding=columns` needs DecompressionStream to unpack; a browser without it gets plain JSON. */
const ENCODING_EXPRESSION = `(typeof DecompressionStream === 'undefined' ? '' : '?encoding=columns')`;

export function topologyStreamUrl(cluster: string): string {
  return topologyStreamPath(cluster) + (typeof DecompressionStream === 'undefined' ? '' : '?encoding=columns');
}

const GLOBAL = '__nodelanesEarlyStream';

interface EarlyStream {
  url: string;
  es: EventSource;
  events: Array<{ type: string; data: string }>;
  keep: (e: MessageEvent) => void;
}

/** The inline script's source: opens the stream for `cluster` and keeps its events on window. */
export function earlyStreamScript(cluster: string): string {
  // JSON, with `<` escaped so no value can close the script element.
  const path = JSON.stringify(topologyStreamPath(cluster)).replace(/</g, '\\u003c');
  return `(function(){try{var url=${path}+${ENCODING_EXPRESSION};var s={url:url,es:new EventSource(url),events:[]};s.keep=function(e){if(e.type.indexOf('snapshot')===0)performance.mark('nodelanes:snapshot-arrived');s.events.push({type:e.type,data:e.data})};${JSON.stringify(STREAM_EVENTS)}.forEach(function(t){s.es.addEventListener(t,s.keep)});window.${GLOBAL}=s;performance.mark('nodelanes:stream-opened')}catch(e){}})();`;
}

/**
 * The early stream, if the page opened one for `url` and it is still open: its EventSource and the
 * events it has had so far, which the caller replays before its own listeners take over (do both in
 * the same task). Any early stream is handed out at most once; one for another URL is closed.
 */
export function takeEarlyStream(url: string): { es: EventSource; events: Array<{ type: string; data: string }> } | undefined {
  if (typeof window === 'undefined') return undefined;
  const w = window as unknown as Record<string, EarlyStream | undefined>;
  const early = w[GLOBAL];
  if (!early) return undefined;
  w[GLOBAL] = undefined;
  for (const type of STREAM_EVENTS) early.es.removeEventListener(type, early.keep as EventListener);
  if (early.url !== url || early.es.readyState === EventSource.CLOSED) {
    early.es.close();
    return undefined;
  }
  return { es: early.es, events: early.events };
}
