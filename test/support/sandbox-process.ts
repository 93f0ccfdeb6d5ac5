// Starts the sandbox exactly as a user does (`npm run sandbox` = tsx lib/sandbox/main.ts) in a
// child process, with its own state directory, and waits for the kubeconfig it writes.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface SandboxProcess {
  dir: string;
  kubeconfig: string;
  env: Record<string, string>;
  output: () => string;
  stop(): Promise<void>;
}

export async function startSandboxProcess(
  opts: { timeScale?: number; scenario?: string; env?: Record<string, string>; startTimeoutMs?: number } = {},
): Promise<SandboxProcess> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodelanes-sandbox-'));
  const root = path.resolve(__dirname, '../..');
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'lib/sandbox/main.ts')], {
    cwd: root,
    env: {
      ...process.env,
      SANDBOX_DIR: dir,
      SANDBOX_TIME_SCALE: String(opts.timeScale ?? 1),
      SANDBOX_SCENARIO: opts.scenario ?? 'migration',
      SANDBOX_PORT: '0',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (d) => (log += d));
  child.stderr?.on('data', (d) => (log += d));
  const envFile = path.join(dir, 'env');
  // Seeding a 150,000-pod synthetic cluster takes well over a minute on a slow machine.
  const startTimeoutMs = opts.startTimeoutMs ?? 60_000;
  const deadline = Date.now() + startTimeoutMs;
  while (!fs.existsSync(envFile)) {
    if (child.exitCode !== null) throw new Error(`sandbox exited with ${child.exitCode}:\n${log}`);
    if (Date.now() > deadline) throw new Error(`sandbox did not start within ${startTimeoutMs / 1000} s:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const env = Object.fromEntries(
    fs
      .readFileSync(envFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]),
  );
  return {
    dir,
    kubeconfig: path.join(dir, 'kubeconfig'),
    env,
    output: () => log,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
