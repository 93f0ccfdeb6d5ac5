// The shape of one differential case: requests that go to both servers, and what must agree.
import { expect } from 'vitest';
import { send, type RawRequest, type RawResponse, type Server } from './http';

export interface Case {
  name: string;
  /** Run on both servers first; each must succeed (status < 400) on both. */
  setup?: RawRequest[];
  request: RawRequest;
  /** Waits, on each server, for what its controllers do in their own time before `request`. */
  settle?: (server: Server) => Promise<void>;
  /** Requests whose answers are compared too (e.g. a GET after a dry-run), after `request`. */
  then?: RawRequest[];
  checks: Check[];
}

export interface Outcome {
  response: RawResponse;
  followUps: RawResponse[];
}

export type Check = { label: string; run(real: Outcome, sandbox: Outcome): void };

/** Runs one case on one server: its setup (409 is fine: made by an earlier case), request, follow-ups. */
export async function runCase(server: Server, c: Case): Promise<Outcome> {
  for (const req of c.setup ?? []) {
    const res = await send(server, req);
    if (res.status >= 400 && res.status !== 409) {
      throw new Error(`setup ${req.method ?? 'GET'} ${req.path} failed on ${server.name}: ${res.status} ${res.text.slice(0, 300)}`);
    }
  }
  await c.settle?.(server);
  const response = await send(server, c.request);
  const followUps = [];
  for (const req of c.then ?? []) followUps.push(await send(server, req));
  return { response, followUps };
}

/** Runs every check of a case, saying which differs and showing both answers. */
export function compare(c: Case, real: Outcome, sandbox: Outcome): void {
  for (const check of c.checks) {
    try {
      check.run(real, sandbox);
    } catch (err) {
      const show = (o: Outcome) => `${o.response.status} ${o.response.text.slice(0, 200)}`;
      throw new Error(`${check.label} differs: ${(err as Error).message}\n  real:    ${show(real)}\n  sandbox: ${show(sandbox)}`);
    }
  }
}

const items = (r: RawResponse) => (r.json?.items ?? []) as Array<{ metadata: { name: string; namespace?: string } }>;

export const code: Check = {
  label: 'status code',
  run: (a, b) => expect(b.response.status, b.response.text.slice(0, 400)).toBe(a.response.status),
};

export const reason: Check = {
  label: 'Status reason',
  run: (a, b) => {
    expect(b.response.json?.kind, b.response.text.slice(0, 300)).toBe(a.response.json?.kind);
    expect(b.response.json?.reason).toBe(a.response.json?.reason);
  },
};

export const message: Check = {
  label: 'Status message',
  run: (a, b) => expect(b.response.json?.message).toBe(a.response.json?.message),
};

/** Error answers: same code, same reason, both a Status. */
export const status = [code, reason];

export const names: Check = {
  label: 'item names',
  run: (a, b) => {
    const n = (r: RawResponse) => items(r).map((i) => `${i.metadata.namespace ?? ''}/${i.metadata.name}`).sort();
    expect(n(b.response)).toEqual(n(a.response));
  },
};

export const listShape: Check = {
  label: 'list kind and metadata',
  run: (a, b) => {
    expect(b.response.json?.kind).toBe(a.response.json?.kind);
    expect(b.response.json?.apiVersion).toBe(a.response.json?.apiVersion);
    expect(typeof b.response.json?.metadata?.resourceVersion).toBe(typeof a.response.json?.metadata?.resourceVersion);
    expect(Boolean(b.response.json?.metadata?.continue)).toBe(Boolean(a.response.json?.metadata?.continue));
  },
};

/**
 * Column types that changed between the real tier's kube-apiserver (1.20) and the version the
 * sandbox reports (1.32): since 1.22 the pod table's Restarts column is a string, "3 (20s ago)".
 * The real server's declaration is read as the newer one; nothing else is excused.
 */
const NEWER_COLUMN_TYPES: Record<string, string> = { 'Restarts:integer': 'Restarts:string' };

export const columns: Check = {
  label: 'Table columns and rows',
  run: (a, b) => {
    const cols = (r: RawResponse) =>
      (r.json?.columnDefinitions ?? []).map((c: { name: string; priority?: number; type: string }) => `${c.name}:${c.type}:${c.priority ?? 0}`);
    const asNewer = (list: string[]) => list.map((c) => {
      const key = c.split(':').slice(0, 2).join(':');
      return NEWER_COLUMN_TYPES[key] ? `${NEWER_COLUMN_TYPES[key]}:${c.split(':')[2]}` : c;
    });
    expect(b.response.json?.kind).toBe('Table');
    expect(cols(b.response).join(', ')).toBe(asNewer(cols(a.response)).join(', '));
    expect(b.response.json?.rows?.length).toBe(a.response.json?.rows?.length);
    const objKinds = (r: RawResponse) => (r.json?.rows ?? []).map((row: { object?: { kind?: string } }) => row.object?.kind);
    expect(objKinds(b.response)).toEqual(objKinds(a.response));
  },
};

/** Compares one answer's object after `normalize`. */
export function object(normalize: (o: unknown) => unknown, pick: (o: Outcome) => RawResponse = (o) => o.response): Check {
  return {
    label: 'object',
    run: (a, b) => {
      const real = normalize(pick(a).json);
      const sandbox = normalize(pick(b).json);
      expect(diffPaths(real, sandbox), 'paths that differ (path: real → sandbox)').toEqual([]);
    },
  };
}

/** Every JSON path whose value differs, as `path: real → sandbox`. */
export function diffPaths(a: unknown, b: unknown, path = ''): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
    return [...keys].flatMap((k) => diffPaths((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}/${k}`));
  }
  return [`${path || '/'}: ${JSON.stringify(a)} → ${JSON.stringify(b)}`];
}

/** Compares the status codes of every follow-up request. */
export const followUpCodes: Check = {
  label: 'follow-up status codes',
  run: (a, b) => expect(b.followUps.map((r) => r.status)).toEqual(a.followUps.map((r) => r.status)),
};
