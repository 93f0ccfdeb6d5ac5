// After `next build` (`npm run build`): bundles lib/server/prefetch-at-start.ts beside the standalone server.js, so
// the plain-JavaScript launcher (scripts/serve-standalone.mjs) can start reading the default
// cluster before it loads Next, and the worker thread it starts (lib/server/k8s/list-ahead-worker.ts).
// client-node and node-fetch stay outside the bundles: they are required from the standalone
// node_modules, the very files the server loads, so they load once. The worker's bundle must not
// need client-node at all (checked below): loading it would cost the worker most of its head start.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleClientNode } from './bundle-client-node.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, '.next/standalone');
const bundle = (entry, outfile) =>
  build({
    entryPoints: [path.join(root, entry)],
    outfile: path.join(dir, outfile),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    tsconfig: path.join(root, 'tsconfig.json'),
    external: ['@kubernetes/client-node', 'node-fetch'],
    minify: true,
    logLevel: 'warning',
  });
await bundleClientNode(dir);
await bundle('lib/server/prefetch-at-start.ts', 'nodelanes-prefetch.cjs');
await bundle('lib/server/k8s/list-ahead-worker.ts', 'nodelanes-list-ahead.cjs');
if (fs.readFileSync(path.join(dir, 'nodelanes-list-ahead.cjs'), 'utf8').includes('@kubernetes/client-node')) {
  throw new Error('nodelanes-list-ahead.cjs requires @kubernetes/client-node: the worker must not load it');
}
// The image runs `node --import ./nodelanes-preload.mjs server.js` (Dockerfile): the same start,
// without the launcher. An ES module may wait before server.js loads: for the worker to be handed
// its requests (microtasks for a token or certificate), but no longer than a moment, so a slow
// credential plugin never holds the server's own start.
fs.writeFileSync(
  path.join(dir, 'nodelanes-preload.mjs'),
  [
    '// Loaded with --import before server.js: starts reading the default cluster (nodelanes-prefetch.cjs).',
    "import { createRequire } from 'node:module';",
    "const reading = createRequire(import.meta.url)('./nodelanes-prefetch.cjs').prefetchAtStart();",
    'await Promise.race([reading, new Promise((resolve) => setTimeout(resolve, 250).unref())]);',
    '',
  ].join('\n'),
);
