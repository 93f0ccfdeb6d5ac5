// The standalone server (next.config.js `output: 'standalone'`), put together the way the image
// (Dockerfile) puts it together. `next build` leaves .next/standalone with server.js and only the
// node_modules files the server needs, but not the browser's assets: server.js serves
// .next/static and public only when they sit beside it. `npm start` and the standalone test use
// this; the Dockerfile does the same with three COPY lines.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');

/** Where `next build` writes the standalone server. */
export const STANDALONE_DIR = path.join(root, '.next', 'standalone');

export function hasStandaloneBuild(): boolean {
  return fs.existsSync(path.join(STANDALONE_DIR, 'server.js')) && fs.existsSync(path.join(root, '.next', 'BUILD_ID'));
}

/**
 * Puts .next/static and public beside server.js in `target`, copying the server there first when
 * `target` is another directory (as the image does). Returns the path of server.js.
 */
export function assembleStandalone(target: string = STANDALONE_DIR): string {
  if (!hasStandaloneBuild()) throw new Error('no standalone build in .next/standalone: run `npx next build` first');
  const dir = path.resolve(target);
  const assets = [
    { from: path.join(root, '.next', 'static'), to: '.next/static' },
    { from: path.join(root, 'public'), to: 'public' },
  ];
  if (dir !== STANDALONE_DIR) {
    // Only what `next build` put there (an in-place assembly may have added the assets already);
    // Turbopack links its external packages (.next/node_modules) relatively: kept as links.
    const added = new Set(assets.map((a) => path.join(STANDALONE_DIR, a.to)));
    fs.cpSync(STANDALONE_DIR, dir, { recursive: true, verbatimSymlinks: true, filter: (src) => !added.has(src) });
  }
  for (const { from, to } of assets) {
    // Replaced, not merged: an earlier build's chunks must not linger.
    fs.rmSync(path.join(dir, to), { recursive: true, force: true });
    fs.cpSync(from, path.join(dir, to), { recursive: true });
  }
  return path.join(dir, 'server.js');
}

// server.js makes its own directory the working directory, so a relative path in the environment
// would be read from inside the build: the variables that name files (KUBECONFIG and *_KUBECONFIG,
// lists like kubectl's, and NODELANES_*_FILE) are made absolute against where the user typed the
// command. Shared with the plain-JavaScript launcher.
export { absolutePathsIn } from './serve-standalone.mjs';
