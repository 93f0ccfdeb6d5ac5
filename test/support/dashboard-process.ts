// Starts test/support/dashboard-routes-main.ts in a child process on a given port and waits until
// it answers; `stop` ends the process (SIGTERM) and waits for its exit.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { until } from './until';

export interface DashboardProcess {
  url: string;
  pid: number;
  output: () => string;
  stop(): Promise<void>;
}

export async function startDashboardProcess(port: number, env: Record<string, string>): Promise<DashboardProcess> {
  const root = path.resolve(import.meta.dirname, '../..');
  const child = spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'test/support/dashboard-routes-main.ts')], {
    cwd: root,
    env: { ...process.env, ...env, DASHBOARD_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  await until(
    'the dashboard process answering',
    async () => {
      if (child.exitCode !== null) throw new Error(`dashboard process exited (${child.exitCode}): ${log}`);
      return (await fetch(`${url}/api/metrics`).catch(() => undefined))?.ok === true ? true : undefined;
    },
    60_000,
    async () => log,
  );
  return {
    url,
    pid: child.pid!,
    output: () => log,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
