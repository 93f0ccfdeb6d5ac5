import { defineConfig } from '@playwright/test';
import { OIDC_CLIENT } from './test/support/oidc-provider';

const PORT = Number(process.env.E2E_PORT ?? 3210);
// The sign-in tier: a second dashboard in OIDC mode with its own sandbox (own state directory,
// own API port), and the local OpenID provider it trusts.
const OIDC_DASHBOARD_PORT = Number(process.env.E2E_OIDC_DASHBOARD_PORT ?? 3211);
const OIDC_PORT = Number(process.env.E2E_OIDC_PORT ?? 3290);
const OIDC_SANDBOX_DIR = '.sandbox-e2e-oidc';
// Sign-in off, said explicitly: a third dashboard, to see the warning banner.
const AUTH_OFF_PORT = Number(process.env.E2E_AUTH_OFF_PORT ?? 3212);
// A first sync that takes a few seconds, on a small cluster: a fourth dashboard whose own sandbox
// answers every list late (1,200 pods in three pages of 500), for the page's sync progress.
const SYNC_PORT = Number(process.env.E2E_SYNC_PORT ?? 3213);
// A non-email user name: a fifth dashboard on the same IdP reading `preferred_username`, which it
// prefixes with `<issuer>#` as kube-apiserver does, with its own sandbox.
const USERNAME_CLAIM_PORT = Number(process.env.E2E_USERNAME_CLAIM_PORT ?? 3214);
const USERNAME_CLAIM_SANDBOX_DIR = '.sandbox-e2e-oidc-username';
// Token mode: a sixth dashboard that impersonates no one: it forwards the signed-in user's ID token,
// and its own sandbox verifies it against the same IdP, as an EKS cluster with an OIDC identity
// provider association does. That sandbox prefixes user names with `oidc:` (the dashboard does
// not), so a refusal naming `oidc:<email>` shows the cluster itself read the token.
const TOKEN_MODE_PORT = Number(process.env.E2E_TOKEN_MODE_PORT ?? 3215);
const TOKEN_MODE_SANDBOX_DIR = '.sandbox-e2e-oidc-token';

const common = { SANDBOX_TIME_SCALE: '10', NODELANES_LOG_REQUESTS: '0', NODELANES_CLUSTER: 'sandbox' };

export default defineConfig({
  testDir: './e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    // Browsers cannot be downloaded here: Debian's chromium, with the flags this machine needs.
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  projects: [
    {
      // `npm start` as a user runs it: the sandbox with its demo operator, no sign-in.
      name: 'sandbox-demo',
      // *.clusters and *.replicas specs run under playwright.clusters.config.ts, *.scale under
      // playwright.scale.config.ts, *.daily under playwright.daily.config.ts, with their own servers.
      testIgnore: /\.(oidc|oidc-username|oidc-token|auth-off|first-sync|clusters|replicas|scale|daily)\.spec\.ts$/,
      use: { baseURL: `http://127.0.0.1:${PORT}` },
      metadata: { sandboxDir: '.sandbox' },
    },
    {
      name: 'oidc',
      testMatch: /\.oidc\.spec\.ts$/,
      use: { baseURL: `http://127.0.0.1:${OIDC_DASHBOARD_PORT}` },
      metadata: { sandboxDir: OIDC_SANDBOX_DIR, oidcIssuer: `http://127.0.0.1:${OIDC_PORT}` },
    },
    {
      name: 'oidc-username',
      testMatch: /\.oidc-username\.spec\.ts$/,
      use: { baseURL: `http://127.0.0.1:${USERNAME_CLAIM_PORT}` },
      metadata: { sandboxDir: USERNAME_CLAIM_SANDBOX_DIR, oidcIssuer: `http://127.0.0.1:${OIDC_PORT}` },
    },
    {
      name: 'oidc-token',
      testMatch: /\.oidc-token\.spec\.ts$/,
      use: { baseURL: `http://127.0.0.1:${TOKEN_MODE_PORT}` },
      metadata: { sandboxDir: TOKEN_MODE_SANDBOX_DIR, oidcIssuer: `http://127.0.0.1:${OIDC_PORT}` },
    },
    {
      name: 'auth-off',
      testMatch: /\.auth-off\.spec\.ts$/,
      use: { baseURL: `http://127.0.0.1:${AUTH_OFF_PORT}` },
      metadata: { sandboxDir: '.sandbox-e2e-auth-off' },
    },
    {
      name: 'first-sync',
      testMatch: /\.first-sync\.spec\.ts$/,
      use: { baseURL: `http://127.0.0.1:${SYNC_PORT}` },
      metadata: { sandboxDir: '.sandbox-e2e-first-sync' },
    },
  ],
  // Started in this order, each ready before the next: the first dashboard builds the app when
  // no build exists, and the OIDC dashboard needs its provider's discovery document.
  webServer: [
    {
      command: 'node --import tsx scripts/start.ts',
      url: `http://127.0.0.1:${PORT}/api/clusters`,
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      env: { ...common, PORT: String(PORT) },
    },
    {
      command: 'npx tsx test/support/oidc-provider.ts',
      url: `http://127.0.0.1:${OIDC_PORT}/.well-known/openid-configuration`,
      timeout: 60_000,
      reuseExistingServer: false,
      env: {
        OIDC_PORT: String(OIDC_PORT),
        OIDC_REDIRECT_URIS: [OIDC_DASHBOARD_PORT, USERNAME_CLAIM_PORT, TOKEN_MODE_PORT].map((port) => `http://127.0.0.1:${port}/api/auth/callback/oidc`).join(','),
      },
    },
    {
      command: 'node --import tsx scripts/start.ts',
      // 401 until signed in: the server is up when sign-in's own endpoint answers.
      url: `http://127.0.0.1:${OIDC_DASHBOARD_PORT}/api/auth/providers`,
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      env: {
        ...common,
        PORT: String(OIDC_DASHBOARD_PORT),
        SANDBOX_DIR: OIDC_SANDBOX_DIR,
        NODELANES_OIDC_ISSUER: `http://127.0.0.1:${OIDC_PORT}`,
        NODELANES_OIDC_CLIENT_ID: OIDC_CLIENT.id,
        NODELANES_OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
        NEXTAUTH_SECRET: 'e2e-only-session-secret-0123456789abcdef',
        NEXTAUTH_URL: `http://127.0.0.1:${OIDC_DASHBOARD_PORT}`,
      },
    },
    {
      command: 'node --import tsx scripts/start.ts',
      url: `http://127.0.0.1:${USERNAME_CLAIM_PORT}/api/auth/providers`,
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      env: {
        ...common,
        PORT: String(USERNAME_CLAIM_PORT),
        SANDBOX_DIR: USERNAME_CLAIM_SANDBOX_DIR,
        NODELANES_OIDC_ISSUER: `http://127.0.0.1:${OIDC_PORT}`,
        NODELANES_OIDC_CLIENT_ID: OIDC_CLIENT.id,
        NODELANES_OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
        // No NODELANES_OIDC_USERNAME_PREFIX: the default for a non-email claim, `<issuer>#`.
        NODELANES_OIDC_USERNAME_CLAIM: 'preferred_username',
        NEXTAUTH_SECRET: 'e2e-only-session-secret-fedcba9876543210',
        NEXTAUTH_URL: `http://127.0.0.1:${USERNAME_CLAIM_PORT}`,
      },
    },
    {
      command: 'node --import tsx scripts/start.ts',
      url: `http://127.0.0.1:${TOKEN_MODE_PORT}/api/auth/providers`,
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      env: {
        ...common,
        PORT: String(TOKEN_MODE_PORT),
        SANDBOX_DIR: TOKEN_MODE_SANDBOX_DIR,
        NODELANES_IDENTITY: 'token',
        NODELANES_OIDC_ISSUER: `http://127.0.0.1:${OIDC_PORT}`,
        NODELANES_OIDC_CLIENT_ID: OIDC_CLIENT.id,
        NODELANES_OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
        NEXTAUTH_SECRET: 'e2e-only-session-secret-token-mode-0123456',
        NEXTAUTH_URL: `http://127.0.0.1:${TOKEN_MODE_PORT}`,
        SANDBOX_OIDC_ISSUER: `http://127.0.0.1:${OIDC_PORT}`,
        SANDBOX_OIDC_CLIENT_ID: OIDC_CLIENT.id,
        SANDBOX_OIDC_USERNAME_PREFIX: 'oidc:',
      },
    },
    {
      command: 'node --import tsx scripts/start.ts',
      url: `http://127.0.0.1:${AUTH_OFF_PORT}/api/clusters`,
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      env: { ...common, PORT: String(AUTH_OFF_PORT), SANDBOX_DIR: '.sandbox-e2e-auth-off', NODELANES_AUTH: 'off' },
    },
    {
      // Ready once it answers; /api/clusters does not start the cluster's sync, the page does.
      command: 'node --import tsx scripts/start.ts',
      url: `http://127.0.0.1:${SYNC_PORT}/api/clusters`,
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      // Its first sync must wait for the page (the spec watches it move), not start with the server.
      env: { ...common, PORT: String(SYNC_PORT), SANDBOX_DIR: '.sandbox-e2e-first-sync', SANDBOX_SCENARIO: 'synthetic:40x30', SANDBOX_LIST_DELAY_MS: '800', NODELANES_SYNC_AT_START: '0' },
    },
  ],
});
