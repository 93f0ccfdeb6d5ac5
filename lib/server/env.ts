// The server's configuration, parsed from process.env with zod. Parsing is cheap and the result
// depends on the environment only, so callers parse on demand (tests can change process.env between
// calls); `assertServerEnv()` is meant for start-up, where a bad value must stop the server with a
// message that names the variable.

import { z } from 'zod';

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);

const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());

const onOff = z.preprocess(
  (value) => (typeof value === 'string' ? value.trim().toLowerCase() : value),
  z.enum(['on', 'off', 'true', 'false', '1', '0']).default('on'),
).transform((value) => value === 'on' || value === 'true' || value === '1');

const envSchema = z.object({
  NODE_ENV: z.preprocess(emptyAsUndefined, z.enum(['development', 'production', 'test']).default('development')),
  NODELANES_CLUSTER: z.preprocess(emptyAsUndefined, z.enum(['sandbox', 'kubeconfig', 'in-cluster']).default('sandbox')),
  /** Colon-separated like kubectl's; client-node merges the files. Absent: ~/.kube/config. */
  KUBECONFIG: optionalString,
  NODELANES_CONTEXT: optionalString,
  NODELANES_SANDBOX_KUBECONFIG: z.preprocess(emptyAsUndefined, z.string().default('.sandbox/kubeconfig')),
  NODELANES_AUTH: z.preprocess(emptyAsUndefined, onOff),
  NEXTAUTH_SECRET: optionalString,
  NEXTAUTH_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
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

export type ServerEnv = z.infer<typeof envSchema>;
export type ClusterSourceMode = ServerEnv['NODELANES_CLUSTER'];

export class EnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvError';
  }
}

/** Parses an environment (process.env by default); throws EnvError naming every bad variable. */
export function readServerEnv(source: Record<string, string | undefined> = process.env): ServerEnv {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.') || '(environment)';
      const value = typeof issue.path[0] === 'string' ? source[issue.path[0]] : undefined;
      return `  ${name}${value !== undefined ? `=${JSON.stringify(value)}` : ''}: ${issue.message}`;
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
export function assertServerEnv(source: Record<string, string | undefined> = process.env): ServerEnv {
  const env = readServerEnv(source);
  if (!env.NODELANES_AUTH && env.NODELANES_CLUSTER !== 'sandbox') {
    console.warn(
      '\n*** WARNING: NODELANES_AUTH=off — anyone who can reach this server acts on the cluster ' +
        `(${env.NODELANES_CLUSTER}) with the server's own credentials. ***\n`,
    );
  }
  return env;
}
