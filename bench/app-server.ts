// The dashboard as a user starts it in production: `npm start` (scripts/start.ts → the standalone
// Next server) with NODELANES_CLUSTER=kubeconfig and KUBECONFIG pointing at the server under
// test, nothing raised, nothing loaded into the benchmark's process. Sign-in is off
// (NODELANES_AUTH=off, the documented way to use the API without an identity provider): every
// request then acts as the kubeconfig's own identity, which is what the references use too.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..');

export interface AppServer {
  /** The `npm start` process; its whole tree is the app (bench/proc.ts). */
  pid: number;
  base: string;
  launchedAt: number;
  output(): string;
  stop(): Promise<void>;
}

/** `appRoot`: a checkout with a production build (another one, to compare two versions side by side). */
export function launchApp(kubeconfig: string, port: number, appRoot = root, extraEnv: Record<string, string> = {}): AppServer {
  const launchedAt = performance.now();
  const child: ChildProcess = spawn('npm', ['start', '--silent'], {
    cwd: appRoot,
    // Its own process group, so stopping it stops the launcher and the server it spawned.
    detached: true,
    env: { ...process.env, NODELANES_CLUSTER: 'kubeconfig', KUBECONFIG: kubeconfig, NODELANES_AUTH: 'off', PORT: String(port), ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (d: Buffer) => {
    log = (log + d.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return {
    pid: child.pid!,
    base: `http://127.0.0.1:${port}`,
    launchedAt,
    output: () => log,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(-child.pid!, 'SIGTERM');
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Resolves once the server answers HTTP at all (any status). */
export async function untilListening(app: AppServer, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(`${app.base}/api/healthz`);
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`the app did not listen within ${timeoutMs / 1000} s:\n${app.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * The app's own start with nothing to list: `npm start` with the sync at start and the prewarm
 * off, launch → its first answer. No cold start can beat it, whatever the cluster's size: it is
 * Next loading its server and handlers (and npm starting), the floor beside the paged list's.
 */
export async function startAloneMs(kubeconfig: string, port: number): Promise<number> {
  const app = launchApp(kubeconfig, port, root, { NODELANES_SYNC_AT_START: '0', NODELANES_PREWARM: '0' });
  try {
    await untilListening(app, 300_000);
    return performance.now() - app.launchedAt;
  } finally {
    await app.stop();
  }
}
