// A real OpenID Connect provider for the sign-in tests (the `oidc-provider` package, certified
// OpenID), with users in the groups the sandbox's RBAC binds and a few hostile ones. It serves discovery, JWKS,
// authorization, token and userinfo like any IdP, plus a small password form of our own: the
// dashboard's sign-in goes through the same redirects, PKCE, state, nonce and ID-token checks it
// would against Dex, Okta or Cognito.
//
// Run alone: `npx tsx test/support/oidc-provider.ts` (OIDC_PORT, OIDC_REDIRECT_URIS).
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';

export interface TestUser {
  /** The login name typed into the form; also the `preferred_username` claim. */
  login: string;
  password: string;
  email: string;
  name: string;
  /** The `groups` claim as the IdP sends it (hostile users send more than lists of names). */
  groups: readonly string[];
  /** `email_verified`; true unless said otherwise. */
  emailVerified?: boolean;
}

/** The test users, one per group the sandbox's RBAC knows, and one in no group. */
export const OIDC_USERS = {
  vera: { login: 'vera', password: 'vera-password', email: 'vera@example.test', name: 'Vera Viewer', groups: ['viewers'] },
  otto: { login: 'otto', password: 'otto-password', email: 'otto@example.test', name: 'Otto Operator', groups: ['operators'] },
  ada: { login: 'ada', password: 'ada-password', email: 'ada@example.test', name: 'Ada Admin', groups: ['admins'] },
  tess: { login: 'tess', password: 'tess-password', email: 'tess@example.test', name: 'Tess Team-Apps', groups: ['team-apps'] },
  /** Views namespace apps (team-apps) and may list nodes once a test binds `node-readers` (e2e/review-viewer.oidc.spec.ts). */
  nora: { login: 'nora', password: 'nora-password', email: 'nora@example.test', name: 'Nora Node-Reader', groups: ['team-apps', 'node-readers'] },
  /** Signs in fine but is bound to nothing: the dashboard must explain, not break. */
  nina: { login: 'nina', password: 'nina-password', email: 'nina@example.test', name: 'Nina No-Groups', groups: [] },
} as const satisfies Record<string, TestUser>;

/**
 * Identities a hostile or careless identity provider hands out; the dashboard must refuse each
 * sign-in (lib/domain/oidc-identity.ts), not forward the name to the cluster.
 */
export const HOSTILE_OIDC_USERS = {
  /** A self-service group named with a leading space: header parsing would make it system:masters. */
  mallory: { login: 'mallory', password: 'mallory-password', email: 'mallory@example.test', name: 'Mallory', groups: [' system:masters', 'viewers'] },
  /** An email the user set themselves, naming the admin, unverified. */
  eve: { login: 'eve', password: 'eve-password', email: 'ada@example.test', name: 'Eve', groups: ['viewers'], emailVerified: false },
} as const satisfies Record<string, TestUser>;

/**
 * A user name someone chose at the IdP (its `preferred_username`) that a binding in the cluster
 * grants to someone else by the bare name: `olivia`, the sandbox's example operator. A dashboard
 * reading `preferred_username` must prefix it (`<issuer>#olivia`, kube-apiserver's default for a
 * non-email claim), so the binding does not reach this person (e2e/claims.oidc-username.spec.ts).
 * With the default `email` claim she is simply olivia@example.test, a viewer.
 */
export const COLLIDING_OIDC_USERS = {
  olivia: { login: 'olivia', password: 'olivia-password', email: 'olivia@example.test', name: 'Olivia (IdP sign-up)', groups: ['viewers'] },
} as const satisfies Record<string, TestUser>;

/**
 * A user whose ID tokens live 15 s, so the dashboard re-checks the session at the IdP (refresh
 * grant) within a test; the test changes the user's groups at the IdP in between
 * (`setOidcGroups`) and watches the dashboard follow (e2e/session-refresh.oidc.spec.ts).
 */
export const REFRESHING_OIDC_USERS = {
  rory: { login: 'rory', password: 'rory-password', email: 'rory@example.test', name: 'Rory Refresh', groups: ['operators'] },
} as const satisfies Record<string, TestUser>;
const SHORT_ID_TOKEN_SECONDS = 15;

export const OIDC_CLIENT = { id: 'nodelanes', secret: 'nodelanes-test-client-secret' } as const;

export interface OidcProviderHandle {
  issuer: string;
  port: number;
  stop(): Promise<void>;
}

export interface OidcProviderOptions {
  port?: number;
  host?: string;
  redirectUris: string[];
  /** Serve over https with this key and certificate (PEM): the issuer is then https://host:port, as kube-apiserver requires. */
  tls?: { key: string; cert: string };
  /** The IdP's signing keys (private JWKs); absent, oidc-provider makes its own. */
  jwks?: { keys: object[] };
}

export async function startOidcProvider(options: OidcProviderOptions): Promise<OidcProviderHandle> {
  // oidc-provider is ESM-only; importing it lazily keeps this module cheap for tests that only
  // need the user table.
  const { default: Provider } = await import('oidc-provider');
  const host = options.host ?? '127.0.0.1';
  const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }) : http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const issuer = `${options.tls ? 'https' : 'http'}://${host}:${port}`;
  const users = new Map<string, TestUser>(
    [...Object.values(OIDC_USERS), ...Object.values(HOSTILE_OIDC_USERS), ...Object.values(COLLIDING_OIDC_USERS), ...Object.values(REFRESHING_OIDC_USERS)].map((u) => [u.login, u]),
  );
  const shortLived = new Set<string>(Object.values(REFRESHING_OIDC_USERS).map((u) => u.login));

  const configuration: Configuration = {
    clients: [
      {
        client_id: OIDC_CLIENT.id,
        client_secret: OIDC_CLIENT.secret,
        redirect_uris: options.redirectUris,
        // refresh_token: the dashboard re-checks a session at the IdP before its ID token runs out.
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
    ],
    scopes: ['openid', 'email', 'profile', 'groups'],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username'],
      groups: ['groups'],
    },
    // Put the profile claims (groups included) into the ID token itself, as EKS-facing IdPs are
    // set up to do; the spec default keeps them for userinfo only.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    // Company IdPs hand a confidential web client a refresh token without offline_access (the
    // dashboard asks for openid email profile groups); the library's default wants the scope.
    async issueRefreshToken(_ctx, client) {
      return client.grantTypeAllowed('refresh_token');
    },
    async findAccount(_ctx, sub) {
      const user = users.get(sub);
      if (!user) return undefined;
      return {
        accountId: sub,
        async claims() {
          return { sub, email: user.email, email_verified: user.emailVerified ?? true, name: user.name, preferred_username: user.login, groups: [...user.groups] };
        },
      };
    },
    // The dashboard is a first-party client: consent is implied, as a company IdP configures it.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const session = ctx.oidc.session!;
      const clientId = ctx.oidc.client!.clientId;
      const existing = ctx.oidc.result?.consent?.grantId || session.grantIdFor(clientId);
      if (existing) return ctx.oidc.provider.Grant.find(existing);
      const grant = new ctx.oidc.provider.Grant({ clientId, accountId: session.accountId! });
      grant.addOIDCScope('openid email profile groups');
      await grant.save();
      session.grantIdFor(clientId, grant.jti);
      return grant;
    },
    cookies: { keys: ['nodelanes-test-oidc-cookie-key'] },
    ...(options.jwks ? { jwks: options.jwks as Configuration['jwks'] } : {}),
    // Short enough that a test never meets an expired code, long enough for a slow machine.
    ttl: {
      AuthorizationCode: 120,
      IdToken: (_ctx, token) => (shortLived.has(String((token as unknown as { available?: { sub?: unknown } }).available?.sub)) ? SHORT_ID_TOKEN_SECONDS : 3600),
      AccessToken: 3600,
      RefreshToken: 3600,
      Session: 3600,
      Interaction: 600,
      Grant: 3600,
    },
  };
  const provider = new Provider(issuer, configuration);
  const callback = provider.callback();

  server.on('request', (req, res) => {
    if ((req.url ?? '').startsWith(GROUPS_CONTROL)) return void changeGroups(req, res);
    const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec((req.url ?? '').split('?')[0]);
    if (!match) return void callback(req, res);
    void interaction(req, res, match[2] === '/login').catch((err) => {
      res.statusCode = 500;
      res.end(String(err instanceof Error ? err.message : err));
    });
  });

  /** The test's hand on the directory: `POST /test-control/groups/<login>` with a JSON list. */
  async function changeGroups(req: http.IncomingMessage, res: http.ServerResponse) {
    const login = decodeURIComponent((req.url ?? '').slice(GROUPS_CONTROL.length));
    const user = users.get(login);
    const groups: unknown = req.method === 'POST' ? JSON.parse((await readBody(req)) || 'null') : null;
    if (!user || !Array.isArray(groups) || !groups.every((g) => typeof g === 'string')) {
      res.statusCode = 400;
      return void res.end('POST a JSON list of group names for a known user');
    }
    users.set(login, { ...user, groups });
    res.statusCode = 204;
    res.end();
  }

  async function interaction(req: http.IncomingMessage, res: http.ServerResponse, submitted: boolean) {
    const details = await provider.interactionDetails(req, res);
    let error = '';
    if (submitted && req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      const user = users.get(form.get('login') ?? '');
      if (user && form.get('password') === user.password) {
        await provider.interactionFinished(req, res, { login: { accountId: user.login } }, { mergeWithLastSubmission: false });
        return;
      }
      error = 'Unknown user or wrong password.';
    }
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(loginPage(details.uid, error));
  }

  return {
    issuer,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const GROUPS_CONTROL = '/test-control/groups/';

/** Changes a test user's groups at the running test IdP; the next ID token (sign-in or refresh) carries them. */
export async function setOidcGroups(issuer: string, login: string, groups: readonly string[]): Promise<void> {
  const res = await fetch(`${issuer}${GROUPS_CONTROL}${encodeURIComponent(login)}`, { method: 'POST', body: JSON.stringify(groups) });
  if (res.status !== 204) throw new Error(`the test IdP refused the group change: ${res.status} ${await res.text()}`);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      body += chunk;
      if (body.length > 10_000) req.destroy(new Error('body too large'));
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

function loginPage(uid: string, error: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test identity provider</title></head>
<body style="font-family: sans-serif; max-width: 24rem; margin: 4rem auto">
  <h1>Test identity provider</h1>
  ${error ? `<p role="alert" style="color: #b91c1c">${error}</p>` : ''}
  <form method="post" action="/interaction/${encodeURIComponent(uid)}/login">
    <p><label>User <input name="login" autocomplete="username" autofocus required></label></p>
    <p><label>Password <input name="password" type="password" autocomplete="current-password" required></label></p>
    <p><button type="submit">Sign in</button></p>
  </form>
</body></html>`;
}

// `npx tsx test/support/oidc-provider.ts`: the provider as a process (Playwright's webServer).
if (require.main === module) {
  const port = Number(process.env.OIDC_PORT ?? 3290);
  const redirectUris = (process.env.OIDC_REDIRECT_URIS ?? 'http://127.0.0.1:3211/api/auth/callback/oidc').split(',');
  startOidcProvider({ port, redirectUris }).then(
    (p) => {
      console.log(`[oidc] test OpenID provider at ${p.issuer} (users: ${Object.keys(OIDC_USERS).join(', ')})`);
      const stop = () => void p.stop().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    (err) => {
      console.error(`[oidc] failed to start: ${(err as Error).message}`);
      process.exit(1);
    },
  );
}
