import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 3210);

export default defineConfig({
  testDir: './e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    // Browsers cannot be downloaded here: Debian's chromium, with the flags this machine needs.
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  webServer: {
    // The production server on the embedded sandbox, exactly as `npm start` runs it.
    command: 'npx tsx scripts/start.ts',
    url: `http://127.0.0.1:${PORT}/api/clusters`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    env: { PORT: String(PORT), NODELANES_CLUSTER: 'sandbox', SANDBOX_TIME_SCALE: '10', NODELANES_LOG_REQUESTS: '0' },
  },
});
