// Token mode (NODELANES_IDENTITY=token) against the real kube-apiserver 1.20 with its own OIDC
// authenticator: this file starts its own control plane (scripts/kube/up.sh with KUBE_OIDC_*,
// in a fresh dir, stopped again at the end) whose API server trusts the test IdP, served over
// https with a CA made here by openssl. The IdP signs ID tokens with its published key; the API
// server fetches discovery and JWKS from it and verifies every token itself, taking the user
// name from `email` and the groups from `groups`, as an EKS OIDC identity provider association.
//
// The dashboard's own credentials are the ServiceAccount of deploy/overlays/eks-token (its
// ServiceAccount, ClusterRole and bindings applied here; a ServiceAccount token made by the
// controller-manager): list/watch, and no `impersonate`. So a write for a user that succeeds
// can only have been made with that user's own token, and one refused names that user.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { encode } from 'next-auth/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as restart } from '@/app/api/clusters/[cluster]/deployments/[namespace]/[name]/restart/route';
import { apisAs } from '@/lib/server/k8s/impersonation';
import { kubeConfigFromFile } from '@/lib/server/k8s/client';
import { clearAccessCache } from '@/lib/server/access';
import { configureTopologyHub, stopTopology } from '@/lib/server/topology-hub';
import { startOidcProvider, OIDC_CLIENT, OIDC_USERS, type OidcProviderHandle } from '@/test/support/oidc-provider';
import { callRoute, TEST_ORIGIN } from '@/test/support/route-call';
import { eventually, kubectlFor } from '@/test/support/kubectl';
import { send, type Server } from './http';

const root = path.resolve(__dirname, '../..');
const NS = 'nodelanes';
const APP_NS = 'token-apps';
const SECRET = 'token-mode-test-secret-0123456789abcdef';
const VIEWER = OIDC_USERS.vera;
const OPERATOR = OIDC_USERS.otto;

type Manifest = { kind: string; metadata: { name: string } };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

let dir: string;
let idp: OidcProviderHandle;
let admin: Server;
let kubectl: ReturnType<typeof kubectlFor>;
let signingKey: crypto.KeyObject;
let kid: string;
let serverKubeconfig: string;
const savedEnv = { ...process.env };

/** An ID token as the IdP issues it: RS256 with the key its JWKS publishes. */
function idToken(user: { email: string; login: string; groups: readonly string[] }, opts: { expiresIn?: number; key?: crypto.KeyObject; audience?: string } = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: 'RS256', typ: 'JWT', kid };
  const payload = {
    iss: idp.issuer,
    aud: opts.audience ?? OIDC_CLIENT.id,
    sub: user.login,
    email: user.email,
    email_verified: true,
    groups: [...user.groups],
    iat: now - 60,
    exp: now + (opts.expiresIn ?? 600),
  };
  const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${crypto.sign('sha256', Buffer.from(input), opts.key ?? signingKey).toString('base64url')}`;
}

/** The dashboard's session cookie for a user signed in with `token` (no refresh token: the session ends at `recheckAt`). */
async function sessionCookie(user: { email: string; login: string; groups: readonly string[] }, token: string | undefined): Promise<string> {
  const now = Date.now();
  const jwt = { sub: user.login, k8sUser: user.email, groups: [...user.groups], email: user.email, sid: crypto.randomBytes(12).toString('base64url'), signedInAt: now, recheckAt: now + 10 * 60_000, ...(token ? { idToken: token } : {}) };
  return `next-auth.session-token=${await encode({ token: jwt, secret: SECRET })}`;
}

function openssl(args: string[]) {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** Patches the deployment's template annotation with `token`: what a write as that user gets. */
const patchAs = (token: string) =>
  send({ name: 'user', base: admin.base, token }, {
    method: 'PATCH',
    path: `/apis/apps/v1/namespaces/${APP_NS}/deployments/web`,
    contentType: 'application/merge-patch+json',
    body: { metadata: { annotations: { 'nodelanes.test/touched': String(Date.now()) } } },
  });

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodelanes-token-mode-'));
  // A CA of our own and the IdP's certificate for 127.0.0.1 (Go wants the IP in the SAN).
  fs.writeFileSync(path.join(dir, 'idp.ext'), 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=nodelanes token-mode test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'idp.key', '-out', 'idp.csr', '-subj', '/CN=127.0.0.1']);
  openssl(['x509', '-req', '-in', 'idp.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'idp.crt', '-days', '2', '-extfile', 'idp.ext']);

  const pair = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  signingKey = pair.privateKey;
  kid = `test-${crypto.randomBytes(4).toString('hex')}`;
  idp = await startOidcProvider({
    redirectUris: [`${TEST_ORIGIN}/api/auth/callback/oidc`],
    tls: { key: fs.readFileSync(path.join(dir, 'idp.key'), 'utf8'), cert: fs.readFileSync(path.join(dir, 'idp.crt'), 'utf8') },
    jwks: { keys: [{ ...signingKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }] },
  });
  expect(idp.issuer).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);

  const plane = path.join(dir, 'plane');
  execFileSync('bash', [path.join(root, 'scripts/kube/up.sh'), plane], {
    stdio: 'ignore',
    env: { ...process.env, KUBE_OIDC_ISSUER: idp.issuer, KUBE_OIDC_CA: path.join(dir, 'ca.crt'), KUBE_OIDC_CLIENT_ID: OIDC_CLIENT.id },
    timeout: 150_000,
  });
  const env = Object.fromEntries(
    fs
      .readFileSync(path.join(plane, 'env'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  admin = { name: 'admin', base: env.KUBE_API, token: env.KUBE_TOKEN };
  kubectl = kubectlFor(env.KUBECONFIG);

  // People, bound by the names the API server gives them: the email, no prefix.
  await kubectl.ok(['create', 'namespace', APP_NS]);
  await kubectl.ok(['-n', APP_NS, 'create', 'deployment', 'web', '--image=registry.example/web:1', '--replicas=1']);
  await kubectl.ok(['create', 'clusterrolebinding', 'token-viewer', '--clusterrole=view', `--user=${VIEWER.email}`]);
  await kubectl.ok(['create', 'clusterrolebinding', 'token-operator', '--clusterrole=edit', `--user=${OPERATOR.email}`]);
  // `edit` writes no Events; the restart records one as its author.
  await kubectl.ok(['create', 'clusterrole', 'token-events', '--verb=create', '--resource=events']);
  await kubectl.ok(['create', 'clusterrolebinding', 'token-operator-events', '--clusterrole=token-events', `--user=${OPERATOR.email}`]);

  // The dashboard's own identity: the token overlay's ServiceAccount and RBAC, nothing else.
  const built = (yaml.loadAll(await kubectl.ok(['kustomize', path.join(root, 'deploy/overlays/eks-token')])) as Manifest[]).filter(Boolean);
  const rbac = built.filter((d) => ['Namespace', 'ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'].includes(d.kind) || (d.kind === 'ConfigMap' && d.metadata.name === 'nodelanes-sessions'));
  await kubectl.ok(['apply', '-f', '-'], { input: rbac.map((d) => yaml.dump(d)).join('---\n') });
  const saToken = await eventually('the ServiceAccount token the controller-manager makes', async () => {
    const secrets = await kubectl.json(['-n', NS, 'get', 'secrets', '--field-selector', 'type=kubernetes.io/service-account-token']);
    const secret = secrets.items.find((s: Any) => s.metadata.annotations?.['kubernetes.io/service-account.name'] === 'nodelanes' && s.data?.token);
    return secret ? Buffer.from(secret.data.token, 'base64').toString('utf8') : undefined;
  });
  serverKubeconfig = path.join(dir, 'server-kubeconfig');
  fs.writeFileSync(
    serverKubeconfig,
    yaml.dump({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'token-mode', cluster: { server: admin.base, 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'nodelanes', user: { token: saToken } }],
      contexts: [{ name: 'token-mode', context: { cluster: 'token-mode', user: 'nodelanes' } }],
      'current-context': 'token-mode',
    }),
  );

  // The OIDC authenticator reads the IdP's discovery and keys in the background after start.
  await eventually('the API server to accept the IdP\'s tokens', async () => (await patchAs(idToken(OPERATOR))).status === 200, 60_000, 500);
});

afterAll(async () => {
  stopTopology();
  process.env = { ...savedEnv };
  if (dir) execFileSync('bash', [path.join(root, 'scripts/kube/down.sh'), path.join(dir, 'plane')]);
  await idp?.stop();
  kubectl?.cleanup();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('token mode on kube-apiserver 1.20 with --oidc-issuer-url', () => {
  it('the API server verifies the ID tokens itself and authorizes the person they name', async () => {
    const viewer = await patchAs(idToken(VIEWER));
    expect(viewer.status).toBe(403);
    expect(viewer.json.message).toContain(`User "${VIEWER.email}" cannot patch resource "deployments"`);
    expect((await patchAs(idToken(OPERATOR))).status).toBe(200);
    // Expired, signed by a key the IdP does not publish, or for another client: not a user at all.
    expect((await patchAs(idToken(OPERATOR, { expiresIn: -120 }))).status).toBe(401);
    expect((await patchAs(idToken(OPERATOR, { key: crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey }))).status).toBe(401);
    expect((await patchAs(idToken(OPERATOR, { audience: 'another-client' }))).status).toBe(401);
  });

  it('the dashboard\'s ServiceAccount may neither write nor impersonate', async () => {
    const sa = { kubeConfig: kubeConfigFromFile(serverKubeconfig) };
    const asSelf = apisAs(sa, null);
    await expect(asSelf.apps.patchNamespacedDeployment({ namespace: APP_NS, name: 'web', body: [{ op: 'add', path: '/metadata/labels/x', value: 'y' }] })).rejects.toMatchObject({ code: 403 });
    // Impersonating the operator, as the default mode would: refused, the right is not there.
    const impersonating = apisAs(sa, { user: OPERATOR.email, groups: [] });
    await expect(impersonating.apps.readNamespacedDeployment({ namespace: APP_NS, name: 'web' })).rejects.toMatchObject({ code: 403, body: expect.stringContaining('cannot impersonate resource') });
  });

  describe('the app with NODELANES_IDENTITY=token and only the token overlay\'s rights', () => {
    beforeAll(() => {
      Object.assign(process.env, {
        NODELANES_CLUSTER: 'kubeconfig',
        KUBECONFIG: serverKubeconfig,
        NODELANES_IDENTITY: 'token',
        NODELANES_OIDC_ISSUER: idp.issuer,
        NODELANES_OIDC_CLIENT_ID: OIDC_CLIENT.id,
        NODELANES_OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
        NEXTAUTH_SECRET: SECRET,
        NEXTAUTH_URL: TEST_ORIGIN,
        NODELANES_LOG_REQUESTS: '0',
      });
      delete process.env.NODELANES_CONTEXT;
      delete process.env.NODELANES_AUTH;
      delete process.env.NODELANES_SESSION_REVOCATIONS;
      delete process.env.NODELANES_CLUSTERS_FILE;
      clearAccessCache();
      configureTopologyHub({ informer: { backoff: { baseMs: 200, maxMs: 1_000 }, absentRetryMs: 500, log: () => undefined } });
    });

    const restartAs = async (cookie: string) =>
      callRoute(restart as Any, { cluster: 'token-mode', namespace: APP_NS, name: 'web' }, { body: {}, headers: { cookie } });

    it('the viewer\'s restart is refused by the API server, in its words naming the viewer', async () => {
      const res = await restartAs(await sessionCookie(VIEWER, idToken(VIEWER)));
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
      expect(res.body.error.message).toContain(`User "${VIEWER.email}" cannot patch resource "deployments"`);
    });

    it('the operator\'s restart is made, with the operator\'s own token', async () => {
      const before = await kubectl.json(['-n', APP_NS, 'get', 'deployment/web']);
      const res = await restartAs(await sessionCookie(OPERATOR, idToken(OPERATOR)));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const after = await kubectl.json(['-n', APP_NS, 'get', 'deployment/web']);
      expect(after.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt']).toBeDefined();
      expect(after.metadata.generation).toBeGreaterThan(before.metadata.generation);
      // The Event the restart leaves was created as the operator too (the ServiceAccount may not).
      const events = await kubectl.json(['-n', APP_NS, 'get', 'events', '--field-selector', 'reason=RestartRequested']);
      expect(events.items.map((e: Any) => e.message)).toEqual(expect.arrayContaining([expect.stringContaining(OPERATOR.email)]));
    });

    it('an expired ID token gets "sign in again" (401 token_expired), not a 500', async () => {
      const res = await restartAs(await sessionCookie(OPERATOR, idToken(OPERATOR, { expiresIn: -120 })));
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('token_expired');
      expect(res.body.error.message).toMatch(/Sign in again/);
    });

    it('a session that holds no ID token (signed in before token mode) must sign in again too', async () => {
      const res = await restartAs(await sessionCookie(OPERATOR, undefined));
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('session_expired');
    });
  });
});
