// Sign-out reaches every replica: two server instances share the sign-out list (a ConfigMap in the
// sandbox's real API, written with the server's own credentials), so a cookie copied before one
// of them signed it out is refused by the other, which never saw the sign-out itself.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { encode, getToken } from 'next-auth/jwt';
import { NextRequest } from 'next/server';
import { startSandbox, type Sandbox } from '@/lib/sandbox/sandbox';
import { authOptions, sessionUserOf } from '@/lib/server/auth';
import { readServerEnv } from '@/lib/server/env';
import { kubeConfigFromFile } from '@/lib/server/k8s/client';
import { configMapRevocations, type RevocationStore } from '@/lib/server/session/revocations';

const SECRET = 's'.repeat(40);
const CONFIGMAP = 'nodelanes-sessions';
let sandbox: Sandbox;
let dir: string;
const saved = { ...process.env };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodelanes-revocations-'));
  sandbox = await startSandbox({ dir, quiet: true, scenario: 'empty' });
  Object.assign(process.env, {
    NODELANES_CLUSTER: 'sandbox',
    NODELANES_SANDBOX_KUBECONFIG: sandbox.kubeconfigPath,
    NODELANES_OIDC_ISSUER: 'http://127.0.0.1:9/oidc',
    NODELANES_OIDC_CLIENT_ID: 'nodelanes',
    NODELANES_OIDC_CLIENT_SECRET: 'secret',
    NEXTAUTH_SECRET: SECRET,
    NEXTAUTH_URL: 'http://127.0.0.1:3000',
    NODELANES_SESSION_REVOCATIONS: `default/${CONFIGMAP}`,
  });
});

afterAll(async () => {
  process.env = { ...saved };
  await sandbox?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Another replica: its own client and its own cache of the list, nothing shared in memory. */
const replica = (): RevocationStore => configMapRevocations({ kubeConfig: kubeConfigFromFile(sandbox.kubeconfigPath), namespace: 'default', name: CONFIGMAP });

async function cookieOf(sid: string) {
  const token = { sub: sid, k8sUser: `${sid}@example.test`, groups: ['viewers'], sid, signedInAt: Date.now() - 60_000, recheckAt: Date.now() + 600_000 };
  return { token, cookie: `next-auth.session-token=${await encode({ token, secret: SECRET })}` };
}

async function userOnReplica(cookie: string, revocations: RevocationStore) {
  const token = await getToken({ req: new NextRequest('http://127.0.0.1:3000/api/clusters', { headers: { cookie } }), secret: SECRET });
  return token ? sessionUserOf(token, readServerEnv(), { revocations }) : null;
}

describe('sign-out on one replica', () => {
  it('ends the copied cookie on another replica', async () => {
    const replicaB = replica();
    const { token, cookie } = await cookieOf('alice');
    const other = await cookieOf('bob');
    expect((await userOnReplica(cookie, replicaB))?.name).toBe('alice@example.test');

    // Replica A: next-auth's sign-out, as POST /api/auth/signout runs it.
    await authOptions().events!.signOut!({ token, session: null as never });

    // Replica B has the old list cached for up to CACHE_MS; a replica starting now asks the API.
    const replicaC = replica();
    expect(await userOnReplica(cookie, replicaC)).toBeNull();
    await vi.waitFor(async () => expect(await userOnReplica(cookie, replicaB)).toBeNull(), { timeout: 5_000, interval: 250 });
    // Only that session: another user's is untouched.
    expect((await userOnReplica(other.cookie, replicaB))?.name).toBe('bob@example.test');

    const cm = JSON.parse(await (await fetch(`${sandbox.url}/api/v1/namespaces/default/configmaps/${CONFIGMAP}`, { headers: { authorization: 'Bearer sandbox-admin-token' } })).text());
    expect(Number(cm.data.alice)).toBe(token.signedInAt + 12 * 3_600_000);
  });

  it('keeps every sign-out when replicas write at once, and forgets sessions past their lifetime', async () => {
    const sids = Array.from({ length: 6 }, (_, i) => `concurrent-${i}`);
    const stores = [replica(), replica(), replica()];
    await Promise.all(sids.map((sid, i) => stores[i % stores.length].revoke(sid, Date.now() + 3_600_000)));
    const reader = replica();
    for (const sid of sids) expect(await reader.isRevoked(sid)).toBe(true);

    await stores[0].revoke('short-lived', Date.now() + 300);
    await new Promise((r) => setTimeout(r, 400));
    await stores[1].revoke('later', Date.now() + 3_600_000);
    const fresh = replica();
    expect(await fresh.isRevoked('short-lived')).toBe(false);
    expect(await fresh.isRevoked('later')).toBe(true);
  });
});
