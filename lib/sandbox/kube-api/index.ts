// The sandbox's Kubernetes API server: one request listener over the store. Every failure is a
// Kubernetes `Status` with the apiserver's code and reason; nothing a client sends can crash it.
import type http from 'node:http';
import { ApiError } from '../errors';
import type { Store } from '../store';
import {
  AGGREGATED_TYPE,
  VERSION,
  aggregatedDiscovery,
  legacyApiVersions,
  legacyGroup,
  legacyGroupList,
  legacyResourceList,
  openApiDocument,
  openApiRoot,
  wantsAggregated,
} from './discovery';
import { answerIndented, decodeObject, mediaType, readBody, sendJson, sendStatus, sendText } from './http';
import { listQuery, queryBool, validateListOptions, wantsPretty } from './query-params';
import { isDryRun, readDeleteOptions } from './delete-options';
import { checkPatchOptions } from './patch-options';
import { resolve, type ResourceRequest } from './request';
import { toTable, wantsTable, type IncludeObject } from './tables';
import { create, deleteCollection, get, list, listKind, patch, remove, update } from './verbs';
import { serveWatch } from './watch';
import { accessReview, evict, rulesReview, scaleOf, writeScale } from './subresources';
import { applyPatch } from '../patch';
import { AUTHENTICATED, MASTERS, RBAC_GROUP, authorize, forbidden, impersonatedUser, requestAttributes, type Attributes, type Decision, type UserInfo } from '../rbac/authorizer';
import { storePolicy } from '../rbac/policy';
import { checkEscalation } from '../rbac/escalation';
import type { KObject } from '../store';
import { serveMetrics } from '../metrics/api';
import { verbsOf } from './registry';

const WRITE_VERBS = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);

export interface KubeApiOptions {
  /** host:port clients should use, for legacy /api discovery. */
  serverAddress?: () => string;
  log?: (line: string) => void;
  /** Every list (not a watch, not a single object) is answered this many ms late. */
  listDelayMs?: number;
  /** Who may do what: by default RBAC over the store's roles and bindings, as the apiserver. */
  authorize?: (user: UserInfo, attrs: Attributes) => Decision;
}

const OPTIONS_KIND: Record<string, string> = { POST: 'CreateOptions', PUT: 'UpdateOptions', PATCH: 'PatchOptions', DELETE: 'DeleteOptions' };

export function createKubeApi(store: Store, options: KubeApiOptions = {}) {
  const policy = storePolicy(store);
  const authorizer = options.authorize ?? ((user: UserInfo, attrs: Attributes) => authorize(policy, user, attrs));
  return (req: http.IncomingMessage, res: http.ServerResponse) => {
    const started = Date.now();
    const distinct = req.headersDistinct ?? {};
    const groups = distinct['impersonate-group'];
    if (groups?.length && !distinct['impersonate-user']?.length) {
      // The apiserver's impersonation filter fails this as an internal error, in plain text.
      const refs = groups.map((g) => `{Group  ${g}    }`).join(' ');
      return sendText(res, 500, `Internal Server Error: ${JSON.stringify(req.url ?? '/')}: requested [${refs}] without impersonating a user\n`);
    }
    const user = userOf(req);
    handle(req, res, user)
      .catch((err) => {
        if (err instanceof ApiError) return sendStatus(res, err);
        console.error('[sandbox] internal error', err);
        sendStatus(res, new ApiError(500, 'InternalError', `Internal error occurred: ${(err as Error).message}`));
      })
      .finally(() => options.log?.(`${req.method} ${req.url} ${res.statusCode} ${Date.now() - started}ms user=${user.name}`));
  };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, user: UserInfo) {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const q = url.searchParams;
    const method = req.method ?? 'GET';
    const accept = req.headers.accept;
    if (wantsPretty(q, req.headers['user-agent'])) answerIndented(res);

    // Authorization comes before routing, as in the apiserver's filter chain: a forbidden
    // request learns nothing about what exists.
    const attrs = requestAttributes(method, url.pathname, q);
    const decision = authorizer(user, attrs);
    if (!decision.allowed) throw forbidden(user, attrs, decision.reason);

    if (method === 'GET') {
      if (path === '/version') {
        // The apiserver writes its version indented, whatever ?pretty says.
        answerIndented(res);
        return sendJson(res, 200, VERSION);
      }
      if (path === '/healthz' || path === '/readyz' || path === '/livez') return sendText(res, 200, 'ok');
      if (path === '/api' || path === '/apis') {
        const core = path === '/api';
        if (wantsAggregated(accept)) return sendJson(res, 200, aggregatedDiscovery(core), AGGREGATED_TYPE);
        return sendJson(res, 200, core ? legacyApiVersions(options.serverAddress?.() ?? req.headers.host ?? '127.0.0.1') : legacyGroupList());
      }
      if (path === '/api/v1') return sendJson(res, 200, legacyResourceList('', 'v1'));
      const group = /^\/apis\/([^/]+)$/.exec(path);
      if (group) return sendOr404(res, legacyGroup(group[1]));
      const gv = /^\/apis\/([^/]+)\/([^/]+)$/.exec(path);
      if (gv) return sendOr404(res, legacyResourceList(gv[1], gv[2]));
      if (path === '/openapi/v3') return sendJson(res, 200, openApiRoot());
      const doc = /^\/openapi\/v3\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(path);
      if (doc) return sendOr404(res, doc[1] ? openApiDocument('', 'v1') : openApiDocument(doc[2], doc[3]));
    }

    const resolved = resolve(path);
    if (resolved.kind === 'unknown-group' || resolved.kind === 'not-a-resource-path') return sendText(res, 404, '404 page not found\n');
    const r = resolved.request;

    // A DELETE's dry run is one of its DeleteOptions, read with the rest below.
    const dryRun = method === 'DELETE' ? false : checkDryRun(q.getAll('dryRun'), method);
    const namespaced = r.def.namespaced;
    if (namespaced && r.namespace === undefined && r.name) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
    if (r.def.group === 'metrics.k8s.io') {
      if (method !== 'GET') throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
      return sendJson(res, 200, serveMetrics(store, r, q));
    }

    // A read-only kind (the CRDs) answers writes as the apiserver answers a verb it does not serve.
    if (method !== 'GET' && !verbsOf(r.def).some((v) => WRITE_VERBS.has(v))) {
      throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
    }

    // Writing RBAC objects may not grant more than the writer holds.
    const admit = r.def.group === RBAC_GROUP ? (o: KObject, old?: KObject) => checkEscalation(policy, user, r.def.resource, o, old) : undefined;
    const warnings: string[] = [];
    const writeOptions = {
      dryRun,
      admit,
      fieldValidation: q.get('fieldValidation') ?? undefined,
      warn: (text: string) => {
        warnings.push(`299 - ${JSON.stringify(text)}`);
        res.setHeader('Warning', warnings);
      },
    };

    switch (method) {
      case 'GET':
        if (r.name) return getOne(req, res, r, q);
        if (options.listDelayMs && !queryBool(q.getAll('watch'))) await new Promise((resolve) => setTimeout(resolve, options.listDelayMs));
        return getMany(req, res, r, q);
      case 'POST': {
        const body = await readBody(req);
        if (r.def.resource === 'selfsubjectaccessreviews') return sendJson(res, 201, accessReview(body, mediaType(req), user, authorizer));
        if (r.def.resource === 'selfsubjectrulesreviews') return sendJson(res, 201, rulesReview(body, mediaType(req), user, policy));
        if (r.subresource === 'eviction') return sendJson(res, 201, evict(store, r, decodeObject(body, mediaType(req), 'Eviction'), dryRun));
        if (r.name) throw new ApiError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`);
        return sendJson(res, 201, create(store, r, decodeObject(body, mediaType(req), r.def.kind), writeOptions));
      }
      case 'PUT': {
        if (!r.name) throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
        const body = decodeObject(await readBody(req), mediaType(req), r.subresource === 'scale' ? 'Scale' : r.def.kind);
        if (r.subresource === 'scale') return sendJson(res, 200, writeScale(store, r, body as never, dryRun));
        return sendJson(res, 200, update(store, r, body, writeOptions));
      }
      case 'PATCH': {
        if (!r.name) throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
        checkPatchOptions(q, mediaType(req));
        const raw = await readBody(req);
        if (r.subresource === 'scale') {
          const current = get(store, { ...r, subresource: undefined });
          const patched = applyPatch(mediaType(req), scaleOf(current) as never, JSON.parse(raw.toString('utf8') || '{}'), { builtIn: true });
          return sendJson(res, 200, writeScale(store, r, patched, dryRun));
        }
        const { object, created } = patch(store, r, mediaType(req), raw, writeOptions);
        return sendJson(res, created ? 201 : 200, object);
      }
      case 'DELETE': {
        // A collection's ListOptions are decoded and validated first: nothing is deleted after a 400.
        if (!r.name) validateListOptions(q, listQuery(q).watch);
        const options = readDeleteOptions(await readBody(req), q);
        if (!r.name) {
          const selectors = { labelSelector: q.get('labelSelector') ?? undefined, fieldSelector: q.get('fieldSelector') ?? undefined };
          return sendJson(res, 200, deleteCollection(store, r, { ...selectors, dryRun: isDryRun(options) }, options));
        }
        const { body, status } = remove(store, r, options, { dryRun: isDryRun(options) });
        return sendJson(res, status, body);
      }
      default:
        throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
    }
  }

  function getOne(req: http.IncomingMessage, res: http.ServerResponse, r: ResourceRequest, q: URLSearchParams) {
    const obj = get(store, { ...r, subresource: undefined });
    if (r.subresource === 'scale') return sendJson(res, 200, scaleOf(obj));
    if (wantsTable(req.headers.accept)) {
      return sendJson(res, 200, toTable(r.def, [obj], { now: store.now(), include: includeOf(q), resourceVersion: obj.metadata.resourceVersion }));
    }
    return sendJson(res, 200, obj);
  }

  function getMany(req: http.IncomingMessage, res: http.ServerResponse, r: ResourceRequest, q: URLSearchParams) {
    const listOptions = listQuery(q);
    validateListOptions(q, listOptions.watch);
    const selectors = { labelSelector: q.get('labelSelector') ?? undefined, fieldSelector: q.get('fieldSelector') ?? undefined };
    if (listOptions.watch) {
      return serveWatch(store, req, res, {
        def: r.def,
        namespace: r.namespace,
        ...selectors,
        resourceVersion: q.get('resourceVersion') ?? undefined,
        allowBookmarks: listOptions.allowWatchBookmarks,
        timeoutSeconds: listOptions.timeoutSeconds,
        table: wantsTable(req.headers.accept) ? { include: includeOf(q) } : undefined,
      });
    }
    checkResourceVersion(q.get('resourceVersion'));
    const result = list(store, r, { ...selectors, limit: listOptions.limit, continueToken: q.get('continue') ?? undefined });
    if (wantsTable(req.headers.accept)) {
      return sendJson(res, 200, toTable(r.def, result.items, { now: store.now(), include: includeOf(q), resourceVersion: result.resourceVersion, continueToken: result.continueToken }));
    }
    return sendJson(res, 200, {
      ...listKind(r.def),
      metadata: {
        resourceVersion: result.resourceVersion,
        ...(result.continueToken ? { continue: result.continueToken } : {}),
        ...(result.remainingItemCount !== undefined ? { remainingItemCount: result.remainingItemCount } : {}),
      },
      items: result.items,
    });
  }
}

function sendOr404(res: http.ServerResponse, body: unknown) {
  if (body === undefined) return sendText(res, 404, '404 page not found\n');
  return sendJson(res, 200, body);
}

/** A list's resourceVersion must be a number, as etcd revisions are (the apiserver's wording). */
function checkResourceVersion(rv: string | null) {
  if (rv === null || rv === '' || /^\d+$/.test(rv)) return;
  throw new ApiError(400, 'BadRequest', `invalid resource version: resourceVersion: Invalid value: ${JSON.stringify(rv)}: strconv.ParseUint: parsing ${JSON.stringify(rv)}: invalid syntax`);
}

function includeOf(q: URLSearchParams): IncludeObject {
  const v = q.get('includeObject');
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}

function checkDryRun(values: string[], method: string): boolean {
  if (values.length === 0) return false;
  const bad = values.filter((v) => v !== 'All');
  if (bad.length === 0) return true;
  const kind = OPTIONS_KIND[method] ?? 'CreateOptions';
  const message = `Unsupported value: []string{${values.map((v) => JSON.stringify(v)).join(', ')}}: supported values: "All"`;
  throw new ApiError(422, 'Invalid', `${kind}.meta.k8s.io "" is invalid: dryRun: ${message}`, {
    group: 'meta.k8s.io',
    kind,
    causes: [{ reason: 'FieldValueNotSupported', message, field: 'dryRun' }],
  });
}

/** The sandbox's own credentials: the kubeconfig's user, an administrator like a cluster creator. */
const ADMIN: UserInfo = { name: 'sandbox-admin', groups: [MASTERS, AUTHENTICATED] };

/**
 * The requesting identity: the impersonated one when the headers say so (one Impersonate-Group
 * line per group, so not Node's joined form), else the admin. The admin may impersonate anyone.
 */
function userOf(req: http.IncomingMessage): UserInfo {
  const distinct = req.headersDistinct ?? {};
  return impersonatedUser({ user: distinct['impersonate-user']?.[0], groups: distinct['impersonate-group'], uid: distinct['impersonate-uid']?.[0] }) ?? ADMIN;
}

