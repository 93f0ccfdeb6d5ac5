import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// A dashboard on a 1,000-node sandbox, apart from playwright.config.ts so that its projects do not
// start this server too (and this one's specs none of theirs): trouble shown in dense cells at
// scale, and the screenshots of tile and dense mode with trouble, light and dark.
// Run after `next build`: `npx playwright test -c playwright.scale.config.ts`.
const PORT = Number(process.env.E2E_SCALE_PORT ?? 3216);
export const SCALE_SANDBOX_DIR = '.sandbox-e2e-scale';
/** Nodes × pods per node: dense by default (above 150 nodes), small enough to start in seconds. */
export const SCALE_CLUSTER = { nodes: 1000, podsPerNode: 4 };

export default defineConfig({
  testDir: './e2e',
  // The first page load waits for the server's first sync of 1,000 nodes: slow on a busy machine.
  timeout: 180_000,
  expect: { timeout: 45_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: base.use,
  projects: [
    {
      name: 'scale',
      testMatch: /\.scale\.spec\.ts$/,
      use: { baseURL: `http://127.0.0.1:${PORT}` },
      metadata: { sandboxDir: SCALE_SANDBOX_DIR },
    },
  ],
  webServer: [
    {
      command: 'node --import tsx scripts/start.ts',
      url: `http://127.0.0.1:${PORT}/api/clusters`,
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      env: {
        SANDBOX_TIME_SCALE: '10',
        NODELANES_LOG_REQUESTS: '0',
        NODELANES_CLUSTER: 'sandbox',
        PORT: String(PORT),
        SANDBOX_DIR: SCALE_SANDBOX_DIR,
        SANDBOX_SCENARIO: `synthetic:${SCALE_CLUSTER.nodes}x${SCALE_CLUSTER.podsPerNode}`,
      },
    },
  ],
});
