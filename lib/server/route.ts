// The one wrapper every route handler goes through, so each route.ts is a few lines of intent:
//   - the user: resolved for every request (401 when nobody is signed in); Kubernetes calls made
//     for the request impersonate them (ctx.identity);
//   - input: params, query and body parsed with zod (unknown body fields refused by the schema);
//   - writes (any method but GET/HEAD): exact Origin match and Sec-Fetch-Site same-origin
//     (a cross-site form or fetch cannot act with the user's cookie), `application/json` only,
//     a body cap, JSON without prototype-pollution keys, a per-user rate limit, and an audit
//     line (who, what, target, result) with the request id;
//   - errors: one mapping to `{ error: { code, message, details? } }` with 400/401/403/404/409/
//     415/413/422/429/502/503, the cluster's own words for API server refusals, AWS's only when
//     they name no ARN or role (eks/errors.ts), and never a stack trace;
//   - observability: every response carries X-Request-Id, and its latency, status and (for
//     writes) outcome go to the Prometheus metrics, labelled by route template.
import { NextResponse } from 'next/server';
import { z, ZodError, type ZodType } from 'zod';
import { authMode, currentUser, impersonationOf, type SessionUser } from './auth';
import { ClusterUnavailableError, UnknownClusterError } from './clusters';
import { awsErrorLogFields, eksErrorToAppError } from './eks/errors';
import { readServerEnv } from './env';
import { AppError, errorBody } from './errors';
import { kubeErrorToAppError } from './k8s/errors';
import type { Identity } from './k8s/impersonation';
import { log } from './log';
import { parseJsonBody } from './json-body';
import { jsonStream } from './json-stream';
import { takeWriteToken } from './rate-limit';
import { countWrite, observeRequest } from './metrics/registry';
import { routeTemplate } from './metrics/route-template';

export type Access = 'read' | 'write';

export interface RouteSpec<P, Q, B> {
  params: ZodType<P>;
  query?: ZodType<Q>;
  body?: ZodType<B>;
  /** `write` for anything that changes a cluster (rate-limited and audited); a POST that only computes (a plan) is `read`. */
  access?: Access;
  /** The audit name of a write, e.g. `deployment.restart`. */
  action?: string;
  maxBodyBytes?: number;
  /**
   * No sign-in (GET only): health probes and Prometheus carry no session. The handler gets the
   * anonymous user, and any Kubernetes call it made would impersonate `system:anonymous`, so it
   * must answer from what the process itself knows and reveal nothing a stranger may not see.
   * Successful answers are not logged: probes every few seconds would drown the request log.
   */
  public?: boolean;
}

/** Who a public route's request is: Kubernetes' own name for a caller without credentials. */
export const ANONYMOUS: SessionUser = { name: 'system:anonymous', groups: ['system:unauthenticated'], source: 'oidc' };

export interface RouteContext<P, Q = undefined, B = undefined> {
  params: P;
  query: Q;
  body: B;
  searchParams: URLSearchParams;
  request: Request;
  requestId: string;
  user: SessionUser;
  /** Who Kubernetes calls act as: the user, or null (the kubeconfig's identity) only with sign-in off. */
  identity: Identity | null;
  /** Filled by write handlers for the audit line: the object acted on and anything worth keeping. */
  audit: { target?: string; detail?: Record<string, unknown> };
}

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

type NextContext = { params?: Promise<Record<string, string | string[]>> };

export function route<P, Q = undefined, B = undefined>(
  spec: RouteSpec<P, Q, B>,
  handler: (ctx: RouteContext<P, Q, B>) => Promise<Response | unknown>,
) {
  if (spec.public && (spec.access === 'write' || spec.body)) throw new Error('a public route takes no input and cannot write');
  return async (request: Request, context?: NextContext): Promise<Response> => {
    const started = performance.now();
    const requestId = requestIdOf(request);
    const url = new URL(request.url);
    // Anything but GET/HEAD carries a body and the user's cookie: the Origin and body checks apply.
    // Only writes (access: 'write') spend rate-limit tokens and leave an audit line.
    const guarded = spec.access === 'write' || !['GET', 'HEAD'].includes(request.method);
    const write = spec.access === 'write';
    let status = 500;
    let user: SessionUser | null = null;
    const audit: RouteContext<P, Q, B>['audit'] = {};
    let failure: unknown;
    let rawParams: Record<string, string | string[]> | undefined;
    let dryRun = false;
    try {
      // First, so that even a refused request is labelled by its route, not its raw path.
      rawParams = (await context?.params) ?? {};
      if (guarded) checkWriteOrigin(request);
      const params = spec.params.parse(rawParams);
      const query = (spec.query ? spec.query.parse(Object.fromEntries(url.searchParams)) : undefined) as Q;
      user = spec.public ? ANONYMOUS : await currentUser(request);
      if (!user) throw new AppError(401, 'unauthenticated', 'Sign in to use nodelanes.');
      if (write) takeWriteToken(user.name);
      const body = (guarded ? await readBody(request, spec) : undefined) as B;
      dryRun = (body as { dryRun?: unknown } | undefined)?.dryRun === true;
      const result = await handler({
        params,
        query,
        body,
        searchParams: url.searchParams,
        request,
        requestId,
        user,
        identity: spec.public ? { user: ANONYMOUS.name, groups: ANONYMOUS.groups } : impersonationOf(user),
        audit,
      });
      // Written in pieces (json-stream.ts): no answer is one whole string, the topology's 11 MB included.
      const response = result instanceof Response ? result : jsonStream(result);
      status = response.status;
      response.headers.set('X-Request-Id', requestId);
      return response;
    } catch (err) {
      failure = err;
      const response = toErrorResponse(err, requestId);
      status = response.status;
      return response;
    } finally {
      const elapsed = performance.now() - started;
      const durationMs = Math.round(elapsed);
      try {
        observeRequest(request.method, rawParams ? routeTemplate(url.pathname, rawParams) : 'unknown', status, elapsed / 1000);
        const cluster = typeof rawParams?.cluster === 'string' ? rawParams.cluster : undefined;
        if (write) countWrite({ action: spec.action, cluster, status, dryRun, seconds: elapsed / 1000 });
      } catch (err) {
        // Counting must never cost a user their answer.
        log('warn', 'metrics failed', { requestId, error: err instanceof Error ? err.message : String(err) });
      }
      if (write) {
        log('audit', 'write', {
          requestId,
          user: user?.name,
          groups: user?.groups,
          action: spec.action ?? `${request.method} ${url.pathname}`,
          target: audit.target ?? url.pathname,
          result: status < 400 ? 'ok' : 'refused',
          status,
          ...(status >= 400 && failure instanceof AppError ? { error: failure.code } : {}),
          ...(audit.detail ? { detail: audit.detail } : {}),
          durationMs,
        });
      } else if (process.env.NODELANES_LOG_REQUESTS !== '0' && !(spec.public && status < 400)) {
        log('info', 'request', { requestId, method: request.method, path: url.pathname, status, durationMs, user: user?.name });
      }
    }
  };
}

/** A caller-supplied id is kept when it is a plain token (for tracing through a proxy), else a new one. */
function requestIdOf(request: Request): string {
  const given = request.headers.get('x-request-id');
  return given && /^[A-Za-z0-9._-]{8,64}$/.test(given) ? given : crypto.randomUUID();
}

/**
 * Where a write may come from. With NEXTAUTH_URL (the public address; required with sign-in)
 * only that exact origin. Without it, the host the browser connected to (its Host header; behind
 * `next start` the request URL says localhost whatever the browser used), over http or https.
 * A Host alone proves nothing against DNS rebinding (the rebinding page chooses it, and its
 * Origin matches); the proxy has refused every Host the server is not known by before this runs
 * (allowed-hosts.ts), and the sandbox demo keeps its own loopback-only rule as a second wall.
 * Comparison is exact: `http://localhost:3000.evil.example` is not `localhost:3000`.
 */
function originAllowed(origin: string, request: Request): boolean {
  const configured = readServerEnv().NEXTAUTH_URL;
  if (configured) return origin === new URL(configured).origin;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.origin !== origin) return false;
  const host = request.headers.get('host') ?? new URL(request.url).host;
  if (parsed.host !== host) return false;
  return authMode() !== 'sandbox-demo' || LOOPBACK.test(parsed.hostname);
}

const LOOPBACK = /^(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])$/;

function checkWriteOrigin(request: Request) {
  const origin = request.headers.get('origin');
  if (!origin || origin === 'null') {
    throw new AppError(403, 'origin_required', 'Writes must come from the nodelanes page itself (the request has no Origin).');
  }
  if (!originAllowed(origin, request)) {
    throw new AppError(403, 'foreign_origin', `Writes from ${truncate(origin, 100)} are not accepted.`);
  }
  const site = request.headers.get('sec-fetch-site');
  if (site && site !== 'same-origin') {
    throw new AppError(403, 'foreign_origin', `Writes from another site (${truncate(site, 30)}) are not accepted.`);
  }
}

async function readBody<P, Q, B>(request: Request, spec: RouteSpec<P, Q, B>): Promise<B | undefined> {
  const limit = spec.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') {
    throw new AppError(415, 'unsupported_media_type', 'Send the request body as application/json.');
  }
  const text = await readLimited(request, limit);
  const json = parseJsonBody(text);
  if (!spec.body) {
    // A write without a body schema takes no input: anything but {} is a mistake worth refusing.
    if (json !== undefined && !(json && typeof json === 'object' && !Array.isArray(json) && Object.keys(json).length === 0)) {
      throw new AppError(400, 'invalid_request', 'This action takes no input; send {}.');
    }
    return undefined;
  }
  // Only an absent body means {}: a literal `null` is a malformed intent like any other.
  return spec.body.parse(json === undefined ? {} : json);
}

async function readLimited(request: Request, limit: number): Promise<string> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks));
}

const tooLarge = (limit: number) => new AppError(413, 'body_too_large', `The request body is larger than ${Math.round(limit / 1024)} KiB.`);

const truncate = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);

export function toErrorResponse(err: unknown, requestId?: string): NextResponse {
  const headers = requestId ? { 'X-Request-Id': requestId } : undefined;
  if (err instanceof ZodError) {
    return NextResponse.json(errorBody('invalid_request', describeZod(err), z.treeifyError(err)), { status: 400, headers });
  }
  const known =
    err instanceof AppError
      ? err
      : err instanceof UnknownClusterError
        ? new AppError(404, 'cluster_not_found', err.message)
        : err instanceof ClusterUnavailableError
          ? new AppError(503, 'cluster_unavailable', err.message)
          : (kubeErrorToAppError(err) ?? eksErrorToAppError(err));
  if (known) {
    // The user reads the project's words (eks/errors.ts); the administrator gets AWS's own here.
    const aws = awsErrorLogFields(err);
    if (aws) log('warn', 'EKS API refused', { requestId, status: known.status, ...aws });
    const response = NextResponse.json(errorBody(known.code, known.message, known.details), { status: known.status, headers });
    if (known.status === 429 && known.details && typeof known.details === 'object' && 'retryAfterSeconds' in known.details) {
      response.headers.set('Retry-After', String((known.details as { retryAfterSeconds: number }).retryAfterSeconds));
    }
    return response;
  }
  log('error', 'unexpected error', { requestId, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err), stack: err instanceof Error ? err.stack : undefined });
  return NextResponse.json(errorBody('internal', 'Something went wrong on the server.'), { status: 500, headers });
}

/** The first problem in words a person reads ("name: must be a lowercase RFC 1123 name"); details carry all. */
function describeZod(err: ZodError): string {
  const first = err.issues[0];
  if (!first) return 'The request is not valid.';
  const where = first.path.length ? `${first.path.join('.')}: ` : '';
  return `${where}${first.message}`;
}

/** A cluster id as it appears in URLs: a kubeconfig context name or `sandbox`. */
export const clusterParam = z.object({ cluster: z.string().min(1).max(253).regex(/^[A-Za-z0-9._@:/-]+$/, 'not a valid cluster id') });

/** No path parameters (e.g. GET /api/clusters). */
export const noParams = z.object({});
