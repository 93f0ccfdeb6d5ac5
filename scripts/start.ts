// `npm start`: the production dashboard on http://localhost:3000 (PORT), on this machine only
// unless NEXTAUTH_URL or NODELANES_ALLOWED_HOSTS name it beyond. With
// NODELANES_CLUSTER=sandbox (the default) it first starts the embedded sandbox cluster in this
// process — writing .sandbox/kubeconfig and .sandbox/env, so kubectl sees the same cluster — and
// builds the app when no build exists. The Next server runs as a child process and reaches the
// sandbox only over HTTP, through the same adapters it uses for a real cluster. That server is
// the standalone one (.next/standalone/server.js), the very entry point the container image runs.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { listenAddressFor } from '../lib/server/allowed-hosts';
import { EnvError, assertServerEnv } from '../lib/server/env';
import { PriceOverrideError, loadPriceTable } from '../lib/server/prices';
import { ClustersFileError } from '../lib/server/clusters-file';
import { absolutePathsIn, assembleStandalone, hasStandaloneBuild } from './standalone';

const root = path.resolve(__dirname, '..');
// This process only launches the server and stays beside it for its whole life, so what it loads
// it holds: the sandbox and lib/server/clusters (which brings @kubernetes/client-node, ~130 MiB
// of RSS) are imported only in the mode that needs them.

async function main() {
  // Before anything starts: a missing secret or a bad value stops here, naming the variable,
  // rather than surfacing later as a failed sign-in or a 404.
  let config;
  try {
    config = assertServerEnv();
    loadPriceTable();
    if (config.NODELANES_CLUSTER === 'file') (await import('../lib/server/clusters')).loadClustersFile(config.NODELANES_CLUSTERS_FILE ?? '');
  } catch (err) {
    if (!(err instanceof EnvError) && !(err instanceof PriceOverrideError) && !(err instanceof ClustersFileError)) throw err;
    console.error(`[nodelanes] ${err.message}`);
    process.exit(2);
  }
  const mode = config.NODELANES_CLUSTER;
  const port = String(config.PORT);
  const env: NodeJS.ProcessEnv = { ...process.env, NODELANES_CLUSTER: mode, PORT: port, NEXT_TELEMETRY_DISABLED: '1', NODELANES_ENV_CHECKED: '1' };

  let stopSandbox: (() => Promise<void>) | undefined;
  if (mode === 'sandbox') {
    // SANDBOX_DIR lets a second dashboard (e.g. the sign-in e2e server) run its own sandbox
    // beside the default one without overwriting its kubeconfig.
    const [{ startSandbox }, { outageOnSignal }] = await Promise.all([import('../lib/sandbox/sandbox'), import('../lib/sandbox/outage-signal')]);
    // A new secret per run, known to this sandbox and this server only: the server's demo sign-in
    // works against no other API server (lib/server/sandbox-proof.ts).
    const nonce = randomBytes(32).toString('base64url');
    const sandbox = await startSandbox({ dir: path.resolve(root, process.env.SANDBOX_DIR ?? '.sandbox'), nonce });
    env.NODELANES_SANDBOX_NONCE = nonce;
    const stopSignal = outageOnSignal(sandbox);
    stopSandbox = () => {
      stopSignal();
      return sandbox.stop();
    };
    env.NODELANES_SANDBOX_KUBECONFIG = sandbox.kubeconfigPath;
    console.log(`[nodelanes] kubectl: export KUBECONFIG=${sandbox.kubeconfigPath}`);
  }

  // A build from before standalone output was switched on has no server.js: build again.
  if (!hasStandaloneBuild()) {
    console.log('[nodelanes] no production build yet: running npm run build (about a minute)…');
    const build = spawnSync('npm', ['run', 'build'], { cwd: root, env, stdio: 'inherit' });
    if (build.status !== 0) {
      await stopSandbox?.();
      process.exit(build.status ?? 1);
    }
  }

  // server.js listens on $HOSTNAME (which some shells and every container export as the
  // machine's name, so it is always set here): this machine only, unless a host name beyond it
  // is allowed (NEXTAUTH_URL, NODELANES_ALLOWED_HOSTS) — the server answers no other name anyway.
  const listen = listenAddressFor({ publicUrl: config.NEXTAUTH_URL, allowedHosts: config.NODELANES_ALLOWED_HOSTS });
  const server = spawn(process.execPath, [assembleStandalone()], { env: absolutePathsIn({ ...env, HOSTNAME: listen }), stdio: 'inherit' });
  console.log(`[nodelanes] dashboard: ${config.NEXTAUTH_URL ?? `http://localhost:${port}`}${listen === '127.0.0.1' ? ' (listening on 127.0.0.1 only)' : ''}`);
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    server.kill('SIGTERM');
    await stopSandbox?.();
    process.exit(code);
  };
  server.on('exit', (code) => void stop(code ?? 0));
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
}

main().catch((err) => {
  console.error(`[nodelanes] failed to start: ${(err as Error).message}`);
  process.exit(1);
});
