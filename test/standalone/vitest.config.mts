// The standalone server's test needs a production build, so it is not one of the projects in the
// root vitest.config.mts (which run before any build): scripts/test.sh runs it after `next build`
// with `npx vitest run --config test/standalone/vitest.config.mts`.
import path from 'node:path';
import { defineConfig } from 'vitest/config';

const root = path.resolve(import.meta.dirname, '../..');

export default defineConfig({
  root,
  resolve: { alias: { '@': root } },
  test: {
    name: 'standalone',
    include: ['test/standalone/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
