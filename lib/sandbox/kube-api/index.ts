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
  wantsAggregated,
} from './discovery';
import { openApiDocument, openApiRoot, openApiV2Body, openApiV2Type } from './openapi';
import { answerIndented, decodeObject, mediaType, readBody, sendJson, sendStatus, sendText } from './http';
import { listQuery, queryBool, validateListOptions, wantsPretty } from './query-params';
import { isDryRun, readDeleteOptions } from './delete-options';
import { checkPatchOptions } from './patch-options';
import { fieldManagerOf } from './server-side-apply/field-manager';
import { fieldValidationOf, type FieldValidationContext } from './field-validation';
import { duplicateFields } from './duplicate-fields';
import { resolve, type ResourceRequest } from './request';
import { toTable, wantsTable, type IncludeObject } from './tables';
import { create, deleteCollection, get, listKind, patch, remove, update } from './verbs';
import { list } from './paged-list';
import { serveWatch } from './watch';
import { listResourceVersion } from './list-resource-version';
import { ADMIN, authenticate, selfSubjectReview } from './authentication';
import { oidcVerifier, type OidcTrust, type OidcVerifier } from './oidc-authenticator';
import { ServiceAccountTokens, type TokenRequestBody } from './service-account-tokens';
import { isPodProcessRequest, servePodProcessRequest } from './pod-subresources';
import { accessReview, evict, rulesReview, scaleOf, writeScale } from './subresources';
import { applyPatch } from '../patch';
import { RBAC_GROUP, authorize, forbidden, impersonatedUser, requestAttributes, type Attributes, type Decision, type UserInfo } from '../rbac/authorizer';
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
  /** The identity provider whose ID tokens are users (the apiserver's --oidc-* flags). */
  oidc?: OidcTrust;
}

const OPTIONS_KIND: Record<string, string> = { POST: 'CreateOptions', PUT: 'UpdateOptions', PATCH: 'PatchOptions', DELETE: 'DeleteOptions' };

/** What every request handler reads: the store, the options, and who may do what. */
interface Api {
  store: Store;
  options: KubeApiOptions;
  policy: ReturnType<typeof storePolicy>;
  authorizer: (user: UserInfo, attrs: Attributes) => Decision;
  tokens: ServiceAccountTokens;
  oidc?: { trust: OidcTrust; verify: OidcVerifier };
}

export function createKubeApi(store: Store, options: KubeApiOptions = {}) {
  const policy = storePolicy(store);
  const authorizer = options.authorize ?? ((user: UserInfo, attrs: Attributes) => authorize(policy, user, attrs));
  const oidc = options.oidc ? { trust: options.oidc, verify: oidcVerifier(options.oidc) } : undefined;
  const api: Api = { store, options, policy, authorizer, tokens: new ServiceAccountTokens(), oidc };
  return (req: http.IncomingMessage, res: http.ServerResponse) => {
    const started = Date.now();
    const distinct = req.headersDistinct ?? {};
    const groups = distinct['impersonate-group'];
    if (groups?.length && !distinct['impersonate-user']?.length) {
      // The apiserver's impersonation filter fails this as an internal error, in plain text.
      const refs = groups.map((g) => `{Group  ${g}    }`).join(' ');
      return sendText(res, 500, `Internal Server Error: ${JSON.stringify(req.url ?? '/')}: requested [${refs}] without impersonating a user\n`);
    }
    let user: UserInfo = ADMIN;
    Promise.resolve()
      .then(async () => {
        user = userOf(req, await authenticate(req, store, api.tokens, api.oidc), authorizer);
        return handle(api, req, res, user);
      })
      .catch((err) => {
        if (err instanceof ApiError) return sendStatus(res, err);
        console.error('[sandbox] internal error', err);
        sendStatus(res, new ApiError(500, 'InternalError', `Internal error occurred: ${(err as Error).message}`));
      })
      .finally(() => options.log?.(`${req.method} ${req.url} ${res.statusCode} ${Date.now() - started}ms user=${user.name}`));
  };
}

/** One request, after authentication: authorization, discovery, then the resource's verb. */
async function handle(api: Api, req: http.IncomingMessage, res: http.ServerResponse, user: UserInfo) {
  const url = new URL(req.url ?? '/', 'http://sandbox');
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const q = url.searchParams;
  const method = req.method ?? 'GET';
  if (wantsPretty(q, req.headers['user-agent'])) answerIndented(res);

  // Authorization comes before routing, as in the apiserver's filter chain: a forbidden
  // request learns nothing about what exists.
  const attrs = requestAttributes(method, url.pathname, q);
  const decision = api.authorizer(user, attrs);
  if (!decision.allowed) throw forbidden(user, attrs, decision.reason);
  if (method === 'GET' && serveDiscovery(api, req, res, path)) return;

  const resolved = resolve(path);
  if (resolved.kind === 'unknown-group' || resolved.kind === 'not-a-resource-path') return sendText(res, 404, '404 page not found\n');
  const r = resolved.request;

  // A DELETE's dry run is one of its DeleteOptions, read with the rest below.
  const dryRun = method === 'DELETE' ? false : checkDryRun(q.getAll('dryRun'), method);
  if (r.def.namespaced && r.namespace === undefined && r.name) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
  if (r.def.group === 'metrics.k8s.io') {
    if (method !== 'GET') throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
    return sendJson(res, 200, serveMetrics(api.store, r, q));
  }

  if (isPodProcessRequest(r, method)) return servePodProcessRequest(api.store, req, res, r, q);
  // A read-only kind (the CRDs) answers writes as the apiserver answers a verb it does not serve.
  if (method !== 'GET' && !verbsOf(r.def).some((v) => WRITE_VERBS.has(v))) {
    throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  }

  // Writing RBAC objects may not grant more than the writer holds.
  const admit = r.def.group === RBAC_GROUP ? (o: KObject, old?: KObject) => checkEscalation(api.policy, user, r.def.resource, o, old) : undefined;
  const fields: FieldValidationContext | undefined = method === 'POST' || method === 'PUT' || method === 'PATCH' ? { directive: fieldValidationOf(q, method), warn: warner(res) } : undefined;
  const w: WriteRequest = { api, req, res, r, q, user, dryRun, admit, fields, manager: fieldManagerOf(q, req.headers['user-agent']) };

  switch (method) {
    case 'GET':
      if (r.name) return getOne(api, req, res, r, q);
      if (api.options.listDelayMs && !queryBool(q.getAll('watch'))) await new Promise((resolve) => setTimeout(resolve, api.options.listDelayMs));
      return getMany(api, req, res, r, q);
    case 'POST':
      return servePost(w);
    case 'PUT':
      return servePut(w);
    case 'PATCH':
      return servePatch(w);
    case 'DELETE':
      return serveDelete(w);
    default:
      throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  }
}

/** Version, health and discovery documents; false when the path is none of them. */
function serveDiscovery(api: Api, req: http.IncomingMessage, res: http.ServerResponse, path: string): boolean {
  const send = (body: unknown, type?: string) => (sendJson(res, 200, body, type), true);
  const orNotFound = (body: unknown) => (sendOr404(res, body), true);
  if (path === '/version') {
    // The apiserver writes its version indented, whatever ?pretty says.
    answerIndented(res);
    return send(VERSION);
  }
  if (path === '/healthz' || path === '/readyz' || path === '/livez') return (sendText(res, 200, 'ok'), true);
  if (path === '/api' || path === '/apis') {
    const core = path === '/api';
    if (wantsAggregated(req.headers.accept)) return send(aggregatedDiscovery(core), AGGREGATED_TYPE);
    return send(core ? legacyApiVersions(api.options.serverAddress?.() ?? req.headers.host ?? '127.0.0.1') : legacyGroupList());
  }
  if (path === '/api/v1') return send(legacyResourceList('', 'v1'));
  const group = /^\/apis\/([^/]+)$/.exec(path);
  if (group) return orNotFound(legacyGroup(group[1]));
  const gv = /^\/apis\/([^/]+)\/([^/]+)$/.exec(path);
  if (gv) return orNotFound(legacyResourceList(gv[1], gv[2]));
  if (path === '/openapi/v2') {
    const type = openApiV2Type(req.headers.accept);
    res.setHeader('Vary', 'Accept');
    if (!type) return (res.writeHead(406).end(), true);
    return (res.writeHead(200, { 'Content-Type': type }).end(openApiV2Body(type)), true);
  }
  if (path === '/openapi/v3') return send(openApiRoot());
  const doc = /^\/openapi\/v3\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(path);
  if (doc) return orNotFound(doc[1] ? openApiDocument('', 'v1') : openApiDocument(doc[2], doc[3]));
  return false;
}

interface WriteRequest {
  api: Api;
  req: http.IncomingMessage;
  res: http.ServerResponse;
  r: ResourceRequest;
  q: URLSearchParams;
  user: UserInfo;
  dryRun: boolean;
  manager: string;
  admit?: (o: KObject, old?: KObject) => void;
  fields?: FieldValidationContext;
}

/** Creates, and the POST-only subresources and reviews. */
async function servePost({ api, req, res, r, user, dryRun, admit, fields, manager }: WriteRequest) {
  const { store } = api;
  const body = await readBody(req);
  if (r.def.resource === 'selfsubjectaccessreviews') return sendJson(res, 201, accessReview(body, mediaType(req), user, api.authorizer));
  if (r.def.resource === 'selfsubjectrulesreviews') return sendJson(res, 201, rulesReview(body, mediaType(req), user, api.policy));
  if (r.def.resource === 'selfsubjectreviews') return sendJson(res, 201, selfSubjectReview(user, r.def.version));
  if (r.subresource === 'token') return sendJson(res, 201, api.tokens.issue(get(store, { ...r, subresource: undefined }), decodeObject(body, mediaType(req), 'TokenRequest') as TokenRequestBody, store.now()));
  if (r.subresource === 'eviction') return sendJson(res, 201, evict(store, r, decodeObject(body, mediaType(req), 'Eviction'), dryRun));
  if (r.name) throw new ApiError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`);
  if (fields) fields.duplicates = repeatedKeys(body, mediaType(req), fields);
  return sendJson(res, 201, create(store, r, decodeObject(body, mediaType(req), r.def.kind), { dryRun, admit, fields, manager }));
}

async function servePut({ api, req, res, r, dryRun, admit, fields, manager }: WriteRequest) {
  if (!r.name) throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  const raw = await readBody(req);
  const body = decodeObject(raw, mediaType(req), r.subresource === 'scale' ? 'Scale' : r.def.kind);
  if (fields) fields.duplicates = repeatedKeys(raw, mediaType(req), fields);
  if (r.subresource === 'scale') return sendJson(res, 200, writeScale(api.store, r, body as never, dryRun, manager));
  return sendJson(res, 200, update(api.store, r, body, { dryRun, admit, fields, manager }));
}

async function servePatch({ api, req, res, r, q, dryRun, admit, fields, manager }: WriteRequest) {
  if (!r.name) throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  checkPatchOptions(q, mediaType(req));
  const raw = await readBody(req);
  if (r.subresource === 'scale') {
    const current = get(api.store, { ...r, subresource: undefined });
    const patched = applyPatch(mediaType(req), scaleOf(current) as never, JSON.parse(raw.toString('utf8') || '{}'), { builtIn: true });
    return sendJson(res, 200, writeScale(api.store, r, patched, dryRun, manager));
  }
  if (fields) fields.duplicates = repeatedKeys(raw, mediaType(req), fields);
  const { object, created } = patch(api.store, r, mediaType(req), raw, { dryRun, admit, fields, manager, force: q.get('force') === 'true' });
  return sendJson(res, created ? 201 : 200, object);
}

async function serveDelete({ api, req, res, r, q }: WriteRequest) {
  // A collection's ListOptions are decoded and validated first: nothing is deleted after a 400.
  if (!r.name) validateListOptions(q, listQuery(q).watch);
  const options = readDeleteOptions(await readBody(req), q);
  if (!r.name) {
    const selectors = { labelSelector: q.get('labelSelector') ?? undefined, fieldSelector: q.get('fieldSelector') ?? undefined };
    return sendJson(res, 200, deleteCollection(api.store, r, { ...selectors, dryRun: isDryRun(options) }, options));
  }
  const { body, status } = remove(api.store, r, options, { dryRun: isDryRun(options) });
  return sendJson(res, status, body);
}

function getOne({ store }: Api, req: http.IncomingMessage, res: http.ServerResponse, r: ResourceRequest, q: URLSearchParams) {
  const obj = get(store, { ...r, subresource: undefined });
  if (r.subresource === 'scale') return sendJson(res, 200, scaleOf(obj));
  if (wantsTable(req.headers.accept)) {
    return sendJson(res, 200, toTable(r.def, [obj], { now: store.now(), include: includeOf(q), resourceVersion: obj.metadata.resourceVersion }));
  }
  return sendJson(res, 200, obj);
}

async function getMany({ store }: Api, req: http.IncomingMessage, res: http.ServerResponse, r: ResourceRequest, q: URLSearchParams) {
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
  const exactVersion = await listResourceVersion(store, r.def.storage, r.namespace, q);
  const listed = list(store, r, { ...selectors, limit: listOptions.limit, continueToken: q.get('continue') ?? undefined });
  const result = exactVersion ? { ...listed, resourceVersion: exactVersion } : listed;
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

/**
 * Warnings travel as `Warning: 299 - "text"` headers, each text once per response (the
 * apiserver's recorder drops repeats); clients such as kubectl print them as `Warning: text`.
 */
function warner(res: http.ServerResponse): FieldValidationContext['warn'] {
  const sent = new Set<string>();
  return (text) => {
    if (sent.has(text) || res.headersSent) return;
    sent.add(text);
    res.appendHeader('Warning', `299 - ${JSON.stringify(text)}`);
  };
}

/** Keys a JSON body or a merge patch repeats (YAML bodies refuse them while decoding; protobuf has none). */
function repeatedKeys(body: Buffer, type: string, fields: FieldValidationContext): string[] {
  const json = ['', '*/*', 'application/json', 'application/merge-patch+json', 'application/strategic-merge-patch+json'].includes(type);
  return json && fields.directive !== 'Ignore' ? duplicateFields(body.toString('utf8')) : [];
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

/**
 * The requesting identity: the impersonated one when the headers say so (one Impersonate-Group
 * line per group, so not Node's joined form), else the authenticated one. Impersonating needs the
 * `impersonate` verb on each user, service account and group named, as the apiserver checks it.
 */
function userOf(req: http.IncomingMessage, authenticated: UserInfo, authorizer: (user: UserInfo, attrs: Attributes) => Decision): UserInfo {
  const distinct = req.headersDistinct ?? {};
  const impersonated = impersonatedUser({ user: distinct['impersonate-user']?.[0], groups: distinct['impersonate-group'], uid: distinct['impersonate-uid']?.[0] });
  if (!impersonated) return authenticated;
  const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(impersonated.name);
  const targets: Attributes[] = [
    sa ? impersonation('serviceaccounts', sa[2], sa[1]) : impersonation('users', impersonated.name),
    ...(distinct['impersonate-group'] ?? []).map((g) => impersonation('groups', g)),
    ...(impersonated.uid ? [impersonation('uids', impersonated.uid)] : []),
  ];
  for (const attrs of targets) {
    const decision = authorizer(authenticated, attrs);
    if (!decision.allowed) throw forbidden(authenticated, attrs, decision.reason);
  }
  return impersonated;
}

const impersonation = (resource: string, name: string, namespace = ''): Attributes => ({
  resourceRequest: true,
  verb: 'impersonate',
  group: resource === 'uids' ? 'authentication.k8s.io' : '',
  version: '',
  resource,
  subresource: '',
  name,
  namespace,
});
