// After `next build` (run by scripts/build-prefetch.mjs): the standalone server's copy of
// @kubernetes/client-node becomes one file. The package ships as about 900 ES modules
// (its generated API and models); Node resolves, reads and links each at every start, which cost
// the server 0.55–0.7 s of its main thread before it could list anything (measured on this
// project's 2-core build machine). Bundled, the same code loads in about 0.13–0.16 s.
//
// Only the standalone copy changes: its package.json's "main" names the bundle, so the server's
// import, the preload's require and the image all load it, once per process. The bundle is an ES
// module: Node gives require and import one instance of it, and an import of a CommonJS file of
// this size would cost another 0.12–0.15 s, spent finding its export names in its source, even
// after a require had loaded it. Its CommonJS dependencies get a real `require` through the banner.
// node-fetch stays outside: the server imports it too, and one copy keeps its classes the same
// on both sides. The source tree's node_modules, used by `next dev` and the tests that run from
// source, is untouched.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

export const CLIENT_NODE_BUNDLE = 'dist/nodelanes-bundle.mjs';

/** Bundles the client-node package in `standaloneDir`'s node_modules; returns the bundle's path. */
export async function bundleClientNode(standaloneDir) {
  const pkgDir = path.join(standaloneDir, 'node_modules/@kubernetes/client-node');
  const pkgFile = path.join(pkgDir, 'package.json');
  // Next copies the traced files; were it ever to link them, this would rewrite the source tree's package.
  if (!fs.realpathSync(pkgFile).startsWith(`${fs.realpathSync(standaloneDir)}${path.sep}`)) throw new Error(`${pkgFile} is not the standalone server's own copy`);
  const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
  if (pkg.exports) throw new Error('@kubernetes/client-node now has an "exports" map: scripts/bundle-client-node.mjs must rewrite it too');
  const entry = pkg.nodelanesOriginalMain ?? pkg.main;
  const outfile = path.join(pkgDir, CLIENT_NODE_BUNDLE);
  await build({
    entryPoints: [path.join(pkgDir, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['node-fetch'],
    banner: { js: "import { createRequire as nodelanesCreateRequire } from 'node:module'; const require = nodelanesCreateRequire(import.meta.url);" },
    // Names stay: client-node's errors and the server's logs name its classes.
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
  });
  fs.writeFileSync(pkgFile, `${JSON.stringify({ ...pkg, main: CLIENT_NODE_BUNDLE, nodelanesOriginalMain: entry }, null, 4)}\n`);
  return outfile;
}
