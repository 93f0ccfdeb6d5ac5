// The short way `npm start` takes when there is nothing to start beside the server (kubeconfig,
// in-cluster and file modes, with a build): plain JavaScript, no TypeScript loader, and the
// standalone server runs in this very process instead of a child. A launcher that stays beside
// the server holds its memory for the server's whole life (tsx and scripts/start.ts: 75–100 MiB),
// and compiling it cost ~0.3 s before the server even began to start. The server checks the
// configuration itself at start (instrumentation.ts), printing the same messages and exiting 2.
// scripts/start.ts remains the way for the sandbox mode and for a first build.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/** The mode NODELANES_CLUSTER names, as lib/server/env.ts reads it (a clusters file alone means `file`). */
export function clusterMode(env) {
  const mode = (env.NODELANES_CLUSTER ?? '').trim();
  if (mode) return mode;
  return (env.NODELANES_CLUSTERS_FILE ?? '').trim() ? 'file' : 'sandbox';
}

/** As lib/server/allowed-hosts.ts listenAddressFor: loopback unless a name beyond this machine is allowed. */
export function listenAddress(env) {
  const names = [];
  try {
    if (env.NEXTAUTH_URL) names.push(new URL(env.NEXTAUTH_URL).hostname.toLowerCase());
  } catch {
    // not a URL: the server's own check names it
  }
  for (const entry of (env.NODELANES_ALLOWED_HOSTS ?? '').split(',')) if (entry.trim()) names.push(entry.trim().toLowerCase());
  return names.filter(Boolean).every((name) => LOOPBACK_NAMES.includes(name)) ? '127.0.0.1' : '0.0.0.0';
}

const PATH_VARIABLE = /^(KUBECONFIG|[A-Z0-9_]+_KUBECONFIG|NODELANES_[A-Z0-9_]+_FILE)$/;

/** server.js changes to its own directory, so the variables that name files are made absolute against `cwd` first. */
export function absolutePathsIn(env, cwd = process.cwd()) {
  const out = { ...env };
  for (const [name, value] of Object.entries(env)) {
    if (!value || !PATH_VARIABLE.test(name)) continue;
    out[name] = value
      .split(path.delimiter)
      .map((p) => (p && !path.isAbsolute(p) && !p.startsWith('~') ? path.resolve(cwd, p) : p))
      .join(path.delimiter);
  }
  return out;
}

/** The build's id, or undefined when there is no standalone build. */
export function standaloneBuild(root) {
  const server = path.join(root, '.next', 'standalone', 'server.js');
  const buildId = path.join(root, '.next', 'BUILD_ID');
  if (!fs.existsSync(server) || !fs.existsSync(buildId)) return undefined;
  return fs.readFileSync(buildId, 'utf8').trim();
}

/**
 * Puts .next/static and public beside server.js, as scripts/standalone.ts does, but once per build:
 * a marker with the build's id says they are there already.
 */
export function assembleOnce(root, buildId) {
  const dir = path.join(root, '.next', 'standalone');
  const marker = path.join(dir, '.nodelanes-assembled');
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === buildId) return path.join(dir, 'server.js');
  for (const [from, to] of [
    [path.join(root, '.next', 'static'), path.join(dir, '.next', 'static')],
    [path.join(root, 'public'), path.join(dir, 'public')],
  ]) {
    fs.rmSync(to, { recursive: true, force: true });
    if (fs.existsSync(from)) fs.cpSync(from, to, { recursive: true });
  }
  fs.writeFileSync(marker, buildId);
  return path.join(dir, 'server.js');
}

/**
 * Starts reading the default cluster's lists before Next loads (lib/server/prefetch-at-start.ts,
 * bundled beside server.js by `npm run build`). It shares this process's module cache with the
 * server, so client-node is loaded once, here. A build without the bundle starts as before.
 */
export function prefetchDefaultCluster(dir) {
  const bundle = path.join(dir, 'nodelanes-prefetch.cjs');
  if (!fs.existsSync(bundle)) return false;
  try {
    return createRequire(import.meta.url)(bundle).prefetchAtStart();
  } catch (err) {
    console.error(`[nodelanes] reading ahead failed; the server lists by itself: ${err instanceof Error ? err.message : err}`);
    return false;
  }
}

/** Becomes the standalone server (it listens on $HOSTNAME:$PORT and handles its own signals). */
export async function serveStandalone(root, buildId) {
  const env = absolutePathsIn(process.env, process.cwd());
  const port = (env.PORT ?? '').trim() || '3000';
  const listen = listenAddress(env);
  Object.assign(process.env, env, { PORT: port, HOSTNAME: listen, NEXT_TELEMETRY_DISABLED: '1' });
  const server = assembleOnce(root, buildId);
  console.log(`[nodelanes] dashboard: ${env.NEXTAUTH_URL ?? `http://localhost:${port}`}${listen === '127.0.0.1' ? ' (listening on 127.0.0.1 only)' : ''}`);
  prefetchDefaultCluster(path.dirname(server));
  await import(pathToFileURL(server).href);
}
