// The two references every app figure is set against, run on the same server in the same run:
//   - kubectl get nodes,pods -A -o json (what a person would run; kubectl pages by 500 itself);
//   - a plain paged list + JSON.parse in Node (paged-list.mjs): the physical limit.
// Both are timed from launching their process to its exit, as the app is from its launch.
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { BenchServer } from './servers';

export interface ReferenceRun {
  ms: number;
  /** Peak resident memory of the process (GNU time's %M). */
  maxRssBytes: number;
  stdoutBytes: number;
}

function timed(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<ReferenceRun & { stdout: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // GNU time writes the peak RSS (KiB) on stderr's last line.
    const child = spawn('/usr/bin/time', ['-f', '%M', command, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdoutBytes = 0;
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      stdoutBytes += d.length;
      // Only the small outputs are kept (the paged list's one line), not kubectl's JSON.
      if (stdoutBytes < 1 << 16) out.push(d);
    });
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) return reject(new Error(`${command} exited ${code}: ${err.slice(-500)}`));
      const kib = Number(err.trim().split('\n').pop());
      resolve({ ms, maxRssBytes: kib * 1024, stdoutBytes, stdout: Buffer.concat(out).toString('utf8') });
    });
  });
}

export async function kubectlGet(server: BenchServer, cacheDir: string): Promise<ReferenceRun> {
  const { stdout: _, ...run } = await timed('/usr/bin/kubectl', [`--kubeconfig=${server.kubeconfig}`, `--cache-dir=${cacheDir}`, 'get', 'nodes,pods', '-A', '-o', 'json']);
  return run;
}

export async function pagedList(server: BenchServer, expectItems: number): Promise<ReferenceRun> {
  const { stdout, ...run } = await timed(process.execPath, [path.join(__dirname, 'paged-list.mjs'), server.target.server], { ...process.env, BENCH_TOKEN: server.target.token ?? '' });
  const { items } = JSON.parse(stdout) as { items: number };
  if (items < expectItems) throw new Error(`paged list read ${items} objects, expected at least ${expectItems}`);
  return run;
}
