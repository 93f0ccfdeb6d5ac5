import path from 'node:path';
import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// Many clusters and several replicas, apart from playwright.config.ts so that its projects do not
// start these four servers too: one sandbox cluster shared by
//   - a dashboard on a kubeconfig (NODELANES_CLUSTER=kubeconfig) that the test writes: the
//     sandbox's context plus one pointing at a closed port (the cluster picker);
//   - two replicas of the sandbox dashboard (plain `next start`, no shared memory) behind a
//     switchable proxy the test runs (a stream resuming on the other replica).
// Run after `next build`: `npx playwright test -c playwright.clusters.config.ts`.
export const CLUSTERS_SANDBOX_DIR = '.sandbox-e2e-clusters';
export const CLUSTERS_PORTS = {
  picker: Number(process.env.E2E_CLUSTERS_PORT ?? 3570),
  replicaA: Number(process.env.E2E_REPLICA_A_PORT ?? 3571),
  replicaB: Number(process.env.E2E_REPLICA_B_PORT ?? 3572),
  proxy: Number(process.env.E2E_REPLICA_PROXY_PORT ?? 3573),
  sandbox: Number(process.env.E2E_CLUSTERS_SANDBOX_PORT ?? 3579),
};
const dir = path.resolve(__dirname, CLUSTERS_SANDBOX_DIR);
export const PICKER_KUBECONFIG = path.join(dir, 'picker.kubeconfig');
const nextStart = (port: number) => `node node_modules/next/dist/bin/next start --port ${port} --hostname 127.0.0.1`;
// `next start` listens where --hostname says; the server's host check reads HOSTNAME, as the
// standalone server listens by it, so both say loopback (and the loopback names are answered).
const quiet = { NODELANES_LOG_REQUESTS: '0', NEXT_TELEMETRY_DISABLED: '1', HOSTNAME: '127.0.0.1' };
const replica = (port: number) => ({
  command: nextStart(port),
  url: `http://127.0.0.1:${port}/api/clusters`,
  timeout: 120_000,
  reuseExistingServer: false,
  env: { ...quiet, PORT: String(port), NODELANES_CLUSTER: 'sandbox', NODELANES_SANDBOX_KUBECONFIG: path.join(dir, 'kubeconfig') },
});

export default defineConfig({
  testDir: './e2e',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: base.use,
  projects: [
    {
      name: 'clusters',
      testMatch: /\.clusters\.spec\.ts$/,
      use: { baseURL: `http://127.0.0.1:${CLUSTERS_PORTS.picker}` },
      metadata: { sandboxDir: CLUSTERS_SANDBOX_DIR },
    },
    {
      name: 'replicas',
      testMatch: /\.replicas\.spec\.ts$/,
      use: { baseURL: `http://127.0.0.1:${CLUSTERS_PORTS.proxy}` },
      metadata: { sandboxDir: CLUSTERS_SANDBOX_DIR },
    },
  ],
  webServer: [
    {
      command: 'npx tsx lib/sandbox/main.ts',
      // Any answer will do (it wants credentials): the API server is up, its kubeconfig written.
      url: `http://127.0.0.1:${CLUSTERS_PORTS.sandbox}/version`,
      timeout: 60_000,
      reuseExistingServer: false,
      env: { SANDBOX_DIR: CLUSTERS_SANDBOX_DIR, SANDBOX_PORT: String(CLUSTERS_PORTS.sandbox), SANDBOX_TIME_SCALE: '10' },
    },
    {
      command: nextStart(CLUSTERS_PORTS.picker),
      url: `http://127.0.0.1:${CLUSTERS_PORTS.picker}/api/clusters`,
      timeout: 120_000,
      reuseExistingServer: false,
      // Sign-in off: a kubeconfig dashboard otherwise needs an OpenID provider, not the point here.
      env: { ...quiet, PORT: String(CLUSTERS_PORTS.picker), NODELANES_CLUSTER: 'kubeconfig', KUBECONFIG: PICKER_KUBECONFIG, NODELANES_AUTH: 'off' },
    },
    replica(CLUSTERS_PORTS.replicaA),
    replica(CLUSTERS_PORTS.replicaB),
  ],
});
