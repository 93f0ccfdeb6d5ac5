// The demo sign-in (everyone is `demo-operator`, no sign-in) is only safe against the embedded
// sandbox, a simulated cluster on this machine. NODELANES_SANDBOX_KUBECONFIG alone proves nothing:
// pointed at a real cluster's kubeconfig, it would hand that cluster to anyone who reaches the
// page. So the sandbox holds a secret nonce, and the server asks the API server its kubeconfig
// names to prove it knows it: a random challenge, answered with HMAC-SHA256(nonce, challenge) on
// a path only the sandbox serves. The nonce never crosses the wire.
//
// Which nonce: NODELANES_SANDBOX_NONCE when set (npm start makes one per run and gives it to the
// sandbox it starts and to the server, so only that very sandbox passes); otherwise the one the
// sandbox wrote into its kubeconfig (`npm run sandbox` beside `npm run dev`), which a real
// cluster's kubeconfig does not carry and a real API server could not answer for anyway.

import { randomBytes, timingSafeEqual } from 'node:crypto';
import { SANDBOX_EXTENSION, SANDBOX_PROOF_PATH, sandboxProof } from '@/lib/domain/sandbox-proof';
import fs from 'node:fs';
import yaml from 'js-yaml';
import { z } from 'zod';
import { log } from './log';

export { SANDBOX_EXTENSION, SANDBOX_PROOF_PATH, sandboxProof };

const kubeconfigSchema = z.object({
  'current-context': z.string().optional(),
  contexts: z.array(z.object({ name: z.string(), context: z.object({ cluster: z.string() }) })).default([]),
  clusters: z
    .array(
      z.object({
        name: z.string(),
        cluster: z.object({
          server: z.string(),
          extensions: z.array(z.object({ name: z.string(), extension: z.unknown() })).optional(),
        }),
      }),
    )
    .default([]),
});

/** The current context's API server and the nonce its cluster entry carries, if any. */
export function sandboxTargetOf(kubeconfigText: string): { server: string; nonce?: string } | undefined {
  let loaded: unknown;
  try {
    loaded = yaml.load(kubeconfigText);
  } catch {
    return undefined;
  }
  const parsed = kubeconfigSchema.safeParse(loaded);
  if (!parsed.success) return undefined;
  const kc = parsed.data;
  const contextName = kc['current-context'] ?? kc.contexts[0]?.name;
  const clusterName = kc.contexts.find((c) => c.name === contextName)?.context.cluster;
  const cluster = kc.clusters.find((c) => c.name === clusterName)?.cluster;
  if (!cluster) return undefined;
  const ext = cluster.extensions?.find((e) => e.name === SANDBOX_EXTENSION)?.extension as { nonce?: unknown } | undefined;
  return { server: cluster.server, ...(typeof ext?.nonce === 'string' ? { nonce: ext.nonce } : {}) };
}

/** Asks `server` to prove it knows `nonce`; false for any other answer, or none within 3 s. */
export async function provesNonce(server: string, nonce: string, fetchImpl: typeof fetch = fetch): Promise<boolean> {
  const challenge = randomBytes(24).toString('base64url');
  try {
    const res = await fetchImpl(`${server.replace(/\/+$/, '')}${SANDBOX_PROOF_PATH}?challenge=${challenge}`, { signal: AbortSignal.timeout(3_000), redirect: 'error' });
    if (!res.ok) return false;
    const body = (await res.json()) as { proof?: unknown };
    if (typeof body.proof !== 'string') return false;
    const expected = Buffer.from(sandboxProof(nonce, challenge));
    const given = Buffer.from(body.proof);
    return given.length === expected.length && timingSafeEqual(given, expected);
  } catch {
    return false;
  }
}

const globalKey = Symbol.for('nodelanes.sandbox-proof');
type GlobalWithProof = typeof globalThis & { [globalKey]?: Map<string, { at: number; value: Promise<boolean> }> };
/** A failed proof is asked again after this long (the sandbox may still be starting); a passed one stands. */
const RETRY_MS = 5_000;

/**
 * Whether NODELANES_SANDBOX_KUBECONFIG names the sandbox this server may run its demo against.
 * Asked once per API server and nonce (the sandbox moves to a new port when restarted).
 */
export async function sandboxIsProven(kubeconfigPath: string, expectedNonce: string | undefined, now: () => number = Date.now): Promise<boolean> {
  let text: string;
  try {
    text = fs.readFileSync(kubeconfigPath, 'utf8');
  } catch {
    return false;
  }
  const target = sandboxTargetOf(text);
  const nonce = expectedNonce ?? target?.nonce;
  if (!target || !nonce) return warnOnce(kubeconfigPath, 'it names no sandbox nonce');
  const g = globalThis as GlobalWithProof;
  const cache = (g[globalKey] ??= new Map());
  const key = `${target.server}\n${nonce}`;
  const hit = cache.get(key);
  if (hit && (now() - hit.at < RETRY_MS || (await hit.value))) return hit.value;
  const value = provesNonce(target.server, nonce);
  cache.set(key, { at: now(), value });
  if (!(await value)) return warnOnce(kubeconfigPath, `${target.server} did not prove it is the sandbox this server started`);
  return true;
}

const warned = new Set<string>();

function warnOnce(kubeconfigPath: string, why: string): false {
  const line = `${kubeconfigPath}: ${why}`;
  if (!warned.has(line)) {
    warned.add(line);
    log('warn', 'no demo sign-in: NODELANES_SANDBOX_KUBECONFIG is not the embedded sandbox; sign-in is required (NODELANES_OIDC_ISSUER) or NODELANES_AUTH=off', { kubeconfig: kubeconfigPath, why });
  }
  return false;
}
