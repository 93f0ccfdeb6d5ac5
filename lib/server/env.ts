// The server's configuration, parsed from process.env with zod. Parsing is cheap and the result
// depends on the environment only, so callers parse on demand (tests can change process.env between
// calls); `assertServerEnv()` is meant for start-up, where a bad value must stop the server with a
// message that names the variable.

import { z } from 'zod';
import { parseAllowedHosts } from './allowed-hosts';
import { nameProblem } from '@/lib/domain/oidc-identity';

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);

const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());

const onOff = z.preprocess(
  (value) => (typeof value === 'string' ? value.trim().toLowerCase() : value),
  z.enum(['on', 'off', 'true', 'false', '1', '0']).default('on'),
).transform((value) => value === 'on' || value === 'true' || value === '1');

/** A JWT claim name: printable ASCII without spaces (namespaced claims are URLs). */
const claimName = z.string().max(256).regex(/^[\x21-\x7e]+$/, 'must be a claim name (printable ASCII, no spaces)');

/** A prefix is part of every name it goes before, so it obeys the same name rules. */
const namePrefix = z.string().superRefine((value, ctx) => {
  const problem = nameProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem.reserved ? 'must not start with "system:" (reserved by Kubernetes)' : problem.reason });
});

const envObject = z.object({
  NODE_ENV: z.preprocess(emptyAsUndefined, z.enum(['development', 'production', 'test']).default('development')),
  /** `file`: the clusters listed in NODELANES_CLUSTERS_FILE (the default when that is set). */
  NODELANES_CLUSTER: z.preprocess(emptyAsUndefined, z.enum(['sandbox', 'kubeconfig', 'in-cluster', 'file']).default('sandbox')),
  /** A YAML list of clusters (lib/server/clusters-file.ts), each with its context or in-cluster and its EKS API. */
  NODELANES_CLUSTERS_FILE: optionalString,
  /** A cluster's informers stop after this long with no stream open and no request for it. */
  NODELANES_READY_SYNC_WAIT_SECONDS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(3600).default(120)),
  NODELANES_CLUSTER_IDLE_SECONDS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(10).max(7 * 24 * 3600).default(600)),
  /** Colon-separated like kubectl's; client-node merges the files. Absent: ~/.kube/config. */
  KUBECONFIG: optionalString,
  NODELANES_CONTEXT: optionalString,
  NODELANES_SANDBOX_KUBECONFIG: z.preprocess(emptyAsUndefined, z.string().default('.sandbox/kubeconfig')),
  /** What the sandbox must prove it knows before the demo sign-in is used (sandbox-proof.ts); npm start sets it. */
  NODELANES_SANDBOX_NONCE: optionalString,
  NODELANES_AUTH: z.preprocess(emptyAsUndefined, onOff),
  /** OpenID Connect sign-in: the issuer's discovery document is read from `<issuer>/.well-known/openid-configuration`. */
  NODELANES_OIDC_ISSUER: z.preprocess(emptyAsUndefined, z.url().optional()),
  /** The review's history reads the pool series back from this Prometheus (its HTTP API root). */
  NODELANES_PROMETHEUS_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
  NODELANES_PROMETHEUS_BEARER_TOKEN: z.preprocess(emptyAsUndefined, z.string().optional()),
  NODELANES_OIDC_CLIENT_ID: optionalString,
  NODELANES_OIDC_CLIENT_SECRET: optionalString,
  /** `groups` is what Dex, Okta and Keycloak call the scope that adds the groups claim. */
  NODELANES_OIDC_SCOPES: z.preprocess(emptyAsUndefined, z.string().default('openid email profile groups')),
  /**
   * Which ID token claims name the user and the groups, and what goes before each name: read as
   * the cluster's own OIDC authenticator reads them (kube-apiserver --oidc-username-claim,
   * --oidc-username-prefix, --oidc-groups-claim, --oidc-groups-prefix; an EKS OIDC identity
   * provider's usernameClaim / usernamePrefix / groupsClaim / groupsPrefix). Set them the same, so
   * RBAC bindings name dashboard users exactly as they name the same people using kubectl.
   */
  NODELANES_OIDC_USERNAME_CLAIM: z.preprocess(emptyAsUndefined, claimName.default('email')),
  NODELANES_OIDC_GROUPS_CLAIM: z.preprocess(emptyAsUndefined, claimName.default('groups')),
  /** Unset: none for `email`, `<issuer>#` for any other claim, as the apiserver; `-`: none. */
  NODELANES_OIDC_USERNAME_PREFIX: z.preprocess(emptyAsUndefined, namePrefix.optional()),
  NODELANES_OIDC_GROUPS_PREFIX: z.preprocess(emptyAsUndefined, namePrefix.default('')),
  /** No session lasts longer than this from its sign-in, however often it is used or refreshed. */
  NODELANES_SESSION_MAX_HOURS: z.preprocess(emptyAsUndefined, z.coerce.number().min(0.05).max(24 * 30).default(12)),
  /** With a refresh token, the ID token (and so the groups) is read again at least this often. */
  NODELANES_SESSION_REFRESH_MINUTES: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(24 * 60).default(15)),
  /**
   * `<namespace>/<name>`: the ConfigMap where sign-outs are written, shared by every replica
   * (session/revocations.ts). Unset: this process remembers sign-outs itself (one replica only).
   */
  NODELANES_SESSION_REVOCATIONS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\/[a-z0-9]([-.a-z0-9]{0,251}[a-z0-9])?$/, 'must be <namespace>/<configmap name>')
      .optional(),
  ),
  /**
   * How per-user Kubernetes calls say who they are for: `impersonate` (the server's credentials and
   * Impersonate-User/-Group headers; the ServiceAccount needs `impersonate`) or `token` (the
   * signed-in user's own ID token as the bearer token, verified by the cluster's OIDC
   * authenticator; no impersonation right needed). The shared watch cache uses the server's
   * credentials either way (list/watch only).
   */
  NODELANES_IDENTITY: z.preprocess(
    (value) => (typeof value === 'string' ? emptyAsUndefined(value.trim().toLowerCase()) : value),
    z.enum(['impersonate', 'token']).default('impersonate'),
  ),
  /** Signs and encrypts the session cookie (next-auth's JWT). */
  NEXTAUTH_SECRET: optionalString,
  /** The dashboard's public URL; the OIDC redirect URI is `<NEXTAUTH_URL>/api/auth/callback/oidc`. */
  NEXTAUTH_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
  /** More host names the server answers besides NEXTAUTH_URL's (allowed-hosts.ts), comma-separated. */
  NODELANES_ALLOWED_HOSTS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .default('')
      .transform((value, ctx) => {
        const parsed = parseAllowedHosts(value);
        if ('error' in parsed) {
          ctx.addIssue({ code: 'custom', message: parsed.error });
          return z.NEVER;
        }
        return parsed.hosts;
      }),
  ),
  PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(65535).default(3000)),
  AWS_REGION: optionalString,
  AWS_DEFAULT_REGION: optionalString,
  AWS_ENDPOINT_URL_EKS: z.preprocess(emptyAsUndefined, z.url().optional()),
  AWS_ENDPOINT_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
  AWS_ACCESS_KEY_ID: optionalString,
  AWS_SECRET_ACCESS_KEY: optionalString,
  AWS_SESSION_TOKEN: optionalString,
  EKS_CLUSTER_NAME: optionalString,
});

/** A clusters file given without NODELANES_CLUSTER means `file`, and `file` needs the file. */
const envSchema = z
  .preprocess((source) => {
    if (!source || typeof source !== 'object') return source;
    const s = source as Record<string, unknown>;
    return emptyAsUndefined(s.NODELANES_CLUSTER) === undefined && emptyAsUndefined(s.NODELANES_CLUSTERS_FILE) !== undefined
      ? { ...s, NODELANES_CLUSTER: 'file' }
      : source;
  }, envObject)
  .superRefine((env, ctx) => {
    if (env.NODELANES_CLUSTER === 'file' && env.NODELANES_CLUSTERS_FILE === undefined) {
      ctx.addIssue({ code: 'custom', path: ['NODELANES_CLUSTERS_FILE'], message: 'required when NODELANES_CLUSTER=file' });
    }
    if (env.NODELANES_CLUSTER !== 'file' && env.NODELANES_CLUSTERS_FILE !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['NODELANES_CLUSTER'], message: 'must be `file` (or unset) when NODELANES_CLUSTERS_FILE is set' });
    }
  });

/**
 * What start-up insists on beyond well-formed values: sign-in that can work. Kept out of
 * readServerEnv so that code reading, say, the cluster source keeps working in tests and tools
 * that never sign anyone in.
 */
const startupSchema = envSchema.superRefine((env, ctx) => {
  if (env.NODELANES_IDENTITY === 'token' && authModeOf(env) !== 'oidc') {
    ctx.addIssue({ code: 'custom', path: ['NODELANES_IDENTITY'], message: 'token forwards the signed-in user\'s ID token: it needs OpenID Connect sign-in (NODELANES_OIDC_ISSUER, and sign-in on)' });
  }
  if (authModeOf(env) !== 'oidc') return;
  for (const name of OIDC_VARIABLES) {
    if (env[name] === undefined) {
      ctx.addIssue({ code: 'custom', path: [name], message: `required for sign-in (${oidcReason(env)})` });
    }
  }
  if (env.NEXTAUTH_SECRET !== undefined && env.NEXTAUTH_SECRET.length < 32) {
    // A short secret makes the session cookie guessable offline; `openssl rand -base64 32` is enough.
    ctx.addIssue({ code: 'custom', path: ['NEXTAUTH_SECRET'], message: 'must be at least 32 characters (e.g. openssl rand -base64 32)' });
  }
});

const OIDC_VARIABLES = ['NODELANES_OIDC_ISSUER', 'NODELANES_OIDC_CLIENT_ID', 'NODELANES_OIDC_CLIENT_SECRET', 'NEXTAUTH_SECRET', 'NEXTAUTH_URL'] as const;

const oidcReason = (env: { NODELANES_OIDC_ISSUER?: string; NODELANES_CLUSTER: string }) =>
  env.NODELANES_OIDC_ISSUER !== undefined
    ? 'NODELANES_OIDC_ISSUER is set'
    : `NODELANES_CLUSTER=${env.NODELANES_CLUSTER} requires sign-in; or set NODELANES_AUTH=off`;

/**
 * How requests are authenticated, from the environment alone:
 *   off           NODELANES_AUTH=off, said explicitly
 *   oidc          an issuer is configured, or the cluster is not the embedded sandbox (a real
 *                 cluster is never reachable without sign-in by default)
 *   sandbox-demo  the sandbox with no issuer: `npm start` stays zero-config
 */
export function authModeOf(env: { NODELANES_AUTH: boolean; NODELANES_OIDC_ISSUER?: string; NODELANES_CLUSTER: string }): 'oidc' | 'sandbox-demo' | 'off' {
  if (!env.NODELANES_AUTH) return 'off';
  if (env.NODELANES_OIDC_ISSUER !== undefined) return 'oidc';
  return env.NODELANES_CLUSTER === 'sandbox' ? 'sandbox-demo' : 'oidc';
}

export type ServerEnv = z.infer<typeof envSchema>;
export type ClusterSourceMode = ServerEnv['NODELANES_CLUSTER'];

const SECRET_VARIABLES = new Set(['NODELANES_SANDBOX_NONCE', 'NEXTAUTH_SECRET', 'NODELANES_OIDC_CLIENT_SECRET', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']);

export class EnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvError';
  }
}

/** Parses an environment (process.env by default); throws EnvError naming every bad variable. */
export function readServerEnv(source: Record<string, string | undefined> = process.env): ServerEnv {
  return parseWith(envSchema, source);
}

function parseWith(schema: typeof envSchema | typeof startupSchema, source: Record<string, string | undefined>): ServerEnv {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.') || '(environment)';
      const value = typeof issue.path[0] === 'string' ? source[issue.path[0]] : undefined;
      // Secrets are named, never echoed: this message goes to logs.
      const shown = value === undefined || value === '' ? ' (not set)' : SECRET_VARIABLES.has(name) ? '=(hidden)' : `=${JSON.stringify(value)}`;
      return `  ${name}${shown}: ${issue.message}`;
    });
    throw new EnvError(`Invalid nodelanes configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** The environment's AWS region, with the SDK's own order of precedence. */
export function awsRegion(env: ServerEnv): string {
  return env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
}

/**
 * For start-up: parse once and print what matters. Turning sign-in off outside the sandbox is
 * allowed but must never be silent.
 */
export function assertServerEnv(source: Record<string, string | undefined> = process.env, options: { warn?: boolean } = {}): ServerEnv {
  const env = parseWith(startupSchema, source);
  if (options.warn !== false && !env.NODELANES_AUTH && env.NODELANES_CLUSTER !== 'sandbox') {
    console.warn(
      '\n*** WARNING: NODELANES_AUTH=off — anyone who can reach this server acts on the cluster ' +
        `(${env.NODELANES_CLUSTER}) with the server's own credentials. ***\n`,
    );
  }
  return env;
}
