// After `next build` (`npm run build`): bundles lib/server/prefetch-at-start.ts beside the standalone server.js, so
// the plain-JavaScript launcher (scripts/serve-standalone.mjs) can start reading the default
// cluster before it loads Next. client-node and node-fetch stay outside the bundle: they are
// required from the standalone node_modules, the very files the server loads, so they load once.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
await build({
  entryPoints: [path.join(root, 'lib/server/prefetch-at-start.ts')],
  outfile: path.join(root, '.next/standalone/nodelanes-prefetch.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  tsconfig: path.join(root, 'tsconfig.json'),
  external: ['@kubernetes/client-node', 'node-fetch'],
  minify: true,
  logLevel: 'warning',
});
// The image runs `node --require ./nodelanes-preload.cjs server.js` (Dockerfile): the same start, without the launcher.
fs.writeFileSync(
  path.join(root, '.next/standalone/nodelanes-preload.cjs'),
  "// Loaded with --require before server.js: starts reading the default cluster (nodelanes-prefetch.cjs).\nrequire('./nodelanes-prefetch.cjs').prefetchAtStart();\n",
);
