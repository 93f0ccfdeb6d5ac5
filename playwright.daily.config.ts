import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// A dashboard on the `daily` scenario at SANDBOX_TIME_SCALE=60 (a simulated day in 24 real
// seconds), apart from playwright.config.ts so that its projects do not start this server too:
// the lanes show Auto Mode launch a node as load rises and consolidation remove it as load falls,
// with nobody running a command. Run after `next build`:
// `npx playwright test -c playwright.daily.config.ts`.
const PORT = Number(process.env.E2E_DAILY_PORT ?? 3217);
export const DAILY_SANDBOX_DIR = '.sandbox-e2e-daily';
/** The scenario's seed: it names the first node; launched nodes are named by their order. */
export const DAILY_SEED = 7;

export default defineConfig({
  testDir: './e2e',
  // A launch and a removal come once a simulated day; the issue allows five real minutes.
  timeout: 300_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: base.use,
  projects: [
    {
      name: 'daily',
      testMatch: /\.daily\.spec\.ts$/,
      use: { baseURL: `http://127.0.0.1:${PORT}` },
      metadata: { sandboxDir: DAILY_SANDBOX_DIR },
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
        SANDBOX_TIME_SCALE: '60',
        NODELANES_LOG_REQUESTS: '0',
        NODELANES_CLUSTER: 'sandbox',
        PORT: String(PORT),
        SANDBOX_DIR: DAILY_SANDBOX_DIR,
        SANDBOX_SCENARIO: `daily:${DAILY_SEED}`,
      },
    },
  ],
});
