// Clients that act as the signed-in user. Every Kubernetes call made for a request goes through
// these: the app's own credentials authenticate, `Impersonate-User` / `Impersonate-Group` say
// who the API server must authorize, so the cluster's RBAC decides, never the app's rights.
// In token mode (NODELANES_IDENTITY=token) an identity carries the user's own ID token instead:
// it is the bearer token of the call, with none of the server's credentials (no token, no client
// certificate) and no impersonation header, so the cluster's OIDC authenticator verifies it and
// the server needs no impersonation right. A 401 then means that token was refused.
//
// client-node 1.4 can impersonate a user but not groups, and its request headers are a flat
// map (one value per name), while the API server reads each Impersonate-Group *line* as one
// group ("a, b" on one line is a single group named "a, b"). So requests go through a small
// HTTP library of our own that appends one header line per group; node-fetch is the library
// client-node itself uses, so TLS agents and timeouts behave exactly as for the shared cache.

import {
  AppsV1Api,
  AuthorizationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  PolicyV1Api,
  ResponseContext,
  ServerConfiguration,
  createConfiguration,
  wrapHttpLibrary,
  type RequestContext,
} from '@kubernetes/client-node';
import fetch, { Headers } from 'node-fetch';
import type { ClusterHandle } from '../clusters';
import { UserTokenRefusedError } from './errors';

export interface Identity {
  user: string;
  groups: string[];
  /** Token mode: the signed-in user's ID token, sent as the bearer token in place of the server's credentials. */
  bearerToken?: string;
}

export interface UserApis {
  core: CoreV1Api;
  apps: AppsV1Api;
  custom: CustomObjectsApi;
  policy: PolicyV1Api;
  authorization: AuthorizationV1Api;
}

/** The request headers an identity adds: one Impersonate-Group line per group. */
export function impersonationHeaders(identity: Identity): Array<[string, string]> {
  return [['Impersonate-User', identity.user], ...identity.groups.map((g): [string, string] => ['Impersonate-Group', g])];
}

function httpLibrary(identity: Identity | null, userToken: boolean) {
  return wrapHttpLibrary({
    async send(request: RequestContext): Promise<ResponseContext> {
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.getHeaders())) {
        // Whatever the caller or an auth plugin set, impersonation is ours alone to say.
        if (/^impersonate-/i.test(name)) continue;
        headers.set(name, value);
      }
      if (identity) for (const [name, value] of impersonationHeaders(identity)) headers.append(name, value);
      const response = await fetch(request.getUrl(), {
        method: request.getHttpMethod().toString(),
        body: request.getBody() as string | undefined,
        headers,
        signal: request.getSignal() as never,
        agent: request.getAgent(),
      });
      if (userToken && response.status === 401) throw new UserTokenRefusedError(await response.text());
      const responseHeaders: Record<string, string> = {};
      response.headers.forEach((value, name) => (responseHeaders[name] = value));
      return new ResponseContext(response.status, responseHeaders, {
        text: () => response.text(),
        binary: () => response.buffer(),
      });
    },
  });
}

function makeClient<T>(kc: KubeConfig, identity: Identity | null, userToken: boolean, type: new (config: ReturnType<typeof createConfiguration>) => T): T {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('kubeconfig has no current cluster');
  return new type(
    createConfiguration({
      baseServer: new ServerConfiguration(cluster.server, {}),
      authMethods: { default: kc },
      httpApi: httpLibrary(identity, userToken),
    }),
  );
}

/**
 * API clients for one request, acting as `identity`. `null` means the kubeconfig's own identity
 * and is only ever passed when sign-in is explicitly off.
 */
export function apisAs(cluster: Pick<ClusterHandle, 'kubeConfig'>, identity: Identity | null): UserApis {
  const token = identity?.bearerToken;
  // Token mode: the cluster and its CA from the server's kubeconfig, the user's token as the only credential.
  const kc = token !== undefined ? userTokenKubeConfig(cluster.kubeConfig, token) : cluster.kubeConfig;
  const headers = token !== undefined ? null : identity;
  const userToken = token !== undefined;
  return {
    core: makeClient(kc, headers, userToken, CoreV1Api),
    apps: makeClient(kc, headers, userToken, AppsV1Api),
    custom: makeClient(kc, headers, userToken, CustomObjectsApi),
    policy: makeClient(kc, headers, userToken, PolicyV1Api),
    authorization: makeClient(kc, headers, userToken, AuthorizationV1Api),
  };
}

/**
 * The server's current cluster (address, CA, TLS settings) with `token` as its only credential:
 * none of the kubeconfig's users (token, client certificate, exec plugin) is copied, so a call
 * made with it authenticates as the token's owner or not at all.
 */
export function userTokenKubeConfig(kc: KubeConfig, token: string): KubeConfig {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('kubeconfig has no current cluster');
  if (!token || /[\s]/.test(token)) throw new Error('an ID token is one word');
  const out = new KubeConfig();
  out.loadFromOptions({
    clusters: [cluster],
    users: [{ name: 'nodelanes-signed-in-user', token }],
    contexts: [{ name: 'nodelanes-signed-in-user', cluster: cluster.name, user: 'nodelanes-signed-in-user' }],
    currentContext: 'nodelanes-signed-in-user',
  });
  return out;
}

export interface AccessAttributes {
  verb: string;
  resource: string;
  group?: string;
  namespace?: string;
  name?: string;
  subresource?: string;
}

/** Whether the identity behind `apis` may do something, as the API server's authorizer says. */
export async function selfAccessReview(apis: Pick<UserApis, 'authorization'>, attrs: AccessAttributes): Promise<boolean> {
  const review = await apis.authorization.createSelfSubjectAccessReview({
    body: {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: {
        resourceAttributes: {
          verb: attrs.verb,
          resource: attrs.resource,
          group: attrs.group ?? '',
          namespace: attrs.namespace,
          name: attrs.name,
          subresource: attrs.subresource,
        },
      },
    },
  });
  return review.status?.allowed === true;
}
