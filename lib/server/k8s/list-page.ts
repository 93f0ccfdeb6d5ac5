// Reading one page of a collection as plain JSON, over a kept-alive connection, telling the caller
// the next page's continue token as soon as it arrives; a page the server process asked for ahead
// (page-prefetch.ts) is served from there.
import type { KubeConfig } from '@kubernetes/client-node';
import http from 'node:http';
import https from 'node:https';
import fetch from 'node-fetch';
import { takePrefetchedPage } from './prefetched-pages';

export interface JsonListPage {
  items: unknown[];
  resourceVersion: string;
  continueToken?: string;
}

export interface ListPageOptions {
  limit: number;
  continueToken?: string;
  /**
   * Told the next page's continue token as soon as the body's first bytes carry it (kube-apiserver
   * writes a list's metadata before its items), so the next page can be asked for while this one
   * is still arriving and being parsed. Called at most once, with undefined on the last page; a
   * hint only: the parsed page's own token is the one to trust.
   */
  onContinue?(token: string | undefined): void;
}

/** A page request as it will go out: its URL, its fetch options, and who it is asked as. */
export interface PageRequest {
  url: string;
  init: Awaited<ReturnType<KubeConfig['applyToFetchOptions']>>;
  /** The URL and every credential the request carries: a prefetched page is served only to the same asker. */
  asker: string;
  /** The same without the continue token: one list read by one identity. */
  lister: string;
}

/** A collection's URL asking for one page: `limit` items, from `continueToken` when there is one. */
function pageUrl(collection: string, { limit, continueToken }: Pick<ListPageOptions, 'limit' | 'continueToken'>): URL {
  const url = new URL(collection);
  url.searchParams.set('limit', String(limit));
  if (continueToken) url.searchParams.set('continue', continueToken);
  else url.searchParams.delete('continue');
  return url;
}

export async function pageRequest(kc: KubeConfig, path: string, { limit, continueToken }: ListPageOptions): Promise<PageRequest> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('No currently active cluster');
  const url = pageUrl(cluster.server.replace(/\/$/, '') + path, { limit, continueToken });
  const init = await kc.applyToFetchOptions({});
  const headers = init.headers as unknown as Headers;
  headers.set('Accept', 'application/json');
  init.agent = keptAlive(kc, init.agent);
  const credentials = [...headers.entries()].filter(([name]) => name === 'authorization' || name.startsWith('impersonate-'));
  const who = [credentials, tlsMaterial(init.agent)];
  const collection = new URL(url);
  collection.searchParams.delete('continue');
  return { url: url.toString(), init, asker: JSON.stringify([url.toString(), who]), lister: JSON.stringify([collection.toString(), who]) };
}

/** The page's body, read as it arrives; `onContinue` hears the continue token from its first bytes. */
export async function fetchPageBody(request: Pick<PageRequest, 'url' | 'init'>, path: string, onContinue?: ListPageOptions['onContinue']): Promise<string> {
  const res = await fetch(request.url, { ...request.init, method: 'GET' });
  if (!res.ok) throw Object.assign(new Error(`HTTP-Code: ${res.status} listing ${path}`), { code: res.status, body: await res.text() });
  return readBody(res.body as unknown as AsyncIterable<Buffer>, onContinue);
}

/**
 * A first page request as plain data, for another thread to list with the very URL, headers and
 * TLS material (lib/server/k8s/list-ahead.ts); undefined for a request through a proxy agent,
 * which plain data cannot carry.
 */
export interface PlainPageRequest {
  url: string;
  headers: [string, string][];
  agent: { secure: boolean; options: Record<string, unknown> } | undefined;
}

export function plainPageRequest(request: PageRequest): PlainPageRequest | undefined {
  const agent = request.init.agent as unknown;
  if (agent !== undefined && !(agent instanceof http.Agent && (agent.constructor === http.Agent || agent.constructor === https.Agent))) return undefined;
  const options = agentOptions(agent);
  return {
    url: request.url,
    headers: [...(request.init.headers as unknown as Headers).entries()],
    agent: agent && { secure: agent.constructor === https.Agent, options: Object.fromEntries(TLS_OPTIONS.filter((name) => options[name] !== undefined).map((name) => [name, options[name]])) },
  };
}

/** Reads the pages of the collection `first` asks for, with its credentials over one kept-alive agent. */
export function plainPageReader(first: PlainPageRequest): (path: string, options: ListPageOptions) => Promise<JsonListPage> {
  const Agent = first.agent?.secure ? https.Agent : http.Agent;
  // Buffers arrive from another thread as plain Uint8Arrays, which TLS takes as they are.
  const agent = first.agent && new Agent({ ...first.agent.options, keepAlive: true });
  return async (path, { limit, continueToken, onContinue }) => {
    const url = pageUrl(first.url, { limit, continueToken });
    const init = { headers: Object.fromEntries(first.headers), agent } as unknown as PageRequest['init'];
    return parseListPage(await fetchPageBody({ url: url.toString(), init }, path, onContinue));
  };
}

/**
 * One page of a list, parsed with JSON.parse and nothing else. client-node's typed list calls
 * run every object through its ObjectSerializer (a class instance per nested field, every
 * timestamp a Date) only for the informers to reshape it into the compact model at once: at
 * 30,000 pods that costs more than reading the pages. A refusal throws like client-node's
 * ApiException ({ code, body }), so statusOf and kubeErrorToAppError read it the same way.
 */
export async function listPageJson(kc: KubeConfig, path: string, options: ListPageOptions): Promise<JsonListPage> {
  const request = await pageRequest(kc, path, options);
  const prefetched = takePrefetchedPage(request.asker, request.lister);
  let text: string;
  if (prefetched) {
    text = await prefetched;
    options.onContinue?.(leadingListMetadata(text.slice(0, HEAD_BYTES))?.continue || undefined);
  } else text = await fetchPageBody(request, path, options.onContinue);
  return parseListPage(text);
}

function parseListPage(text: string): JsonListPage {
  const list = JSON.parse(text) as { items?: unknown[] | null; metadata?: { resourceVersion?: string; continue?: string } };
  return { items: list.items ?? [], resourceVersion: list.metadata?.resourceVersion ?? '', continueToken: list.metadata?.continue || undefined };
}

/** How far into a body its list metadata is looked for before giving up on an early continue token. */
const HEAD_BYTES = 64 * 1024;

async function readBody(body: AsyncIterable<Buffer>, onContinue: ListPageOptions['onContinue']): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  let told = !onContinue;
  for await (const chunk of body) {
    chunks.push(chunk);
    length += chunk.length;
    if (told) continue;
    const head = (chunks.length === 1 ? chunk : Buffer.concat(chunks, length)).subarray(0, HEAD_BYTES).toString('utf8');
    const metadata = leadingListMetadata(head);
    if (metadata) {
      told = true;
      onContinue!(metadata.continue || undefined);
    } else if (length >= HEAD_BYTES) told = true;
  }
  return Buffer.concat(chunks, length).toString('utf8');
}

/**
 * A list's metadata when it stands before `"items"` in the first bytes of its JSON body, else
 * undefined. The list's own metadata holds no nested object (resourceVersion, continue,
 * remainingItemCount, selfLink), which is what the pattern relies on.
 */
export function leadingListMetadata(head: string): { resourceVersion?: string; continue?: string } | undefined {
  const items = head.indexOf('"items":');
  if (items < 0) return undefined;
  const match = /^\{(?:"(?:kind|apiVersion)":"[^"]*",)*"metadata":(\{[^{}]*\}),"items":$/.exec(head.slice(0, items + '"items":'.length));
  if (!match) return undefined;
  try {
    return JSON.parse(match[1]) as { resourceVersion?: string; continue?: string };
  } catch {
    return undefined;
  }
}

/**
 * client-node makes a new agent on every call, so each page of a list paid a new connection (and
 * over https a new TLS handshake). A list's pages go over kept-alive connections instead: one
 * agent per KubeConfig, made again when the TLS material the config yields changes (an exec
 * plugin's rotated client certificate). Proxy agents are left as client-node made them.
 */
const keptAgents = new WeakMap<KubeConfig, { material: string; agent: http.Agent }>();

function keptAlive<A>(kc: KubeConfig, given: A): A {
  const agent = given as unknown;
  if (!(agent instanceof http.Agent) || (agent.constructor !== http.Agent && agent.constructor !== https.Agent)) return given;
  const material = tlsMaterial(agent);
  const kept = keptAgents.get(kc);
  if (kept?.material === material && kept.agent.constructor === agent.constructor) return kept.agent as A;
  kept?.agent.destroy();
  const Agent = agent.constructor as typeof https.Agent;
  const fresh = new Agent({ ...agentOptions(agent), keepAlive: true });
  keptAgents.set(kc, { material, agent: fresh });
  return fresh as A;
}

const TLS_OPTIONS = ['ca', 'cert', 'key', 'pfx', 'passphrase', 'rejectUnauthorized', 'servername'] as const;

function agentOptions(agent: unknown): Record<string, unknown> {
  return (agent as { options?: Record<string, unknown> } | undefined)?.options ?? {};
}

function tlsMaterial(agent: unknown): string {
  const options = agentOptions(agent);
  return JSON.stringify(TLS_OPTIONS.map((name) => tlsValue(options[name])));
}

function tlsValue(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (Array.isArray(value)) return value.map(tlsValue);
  return value ?? null;
}
