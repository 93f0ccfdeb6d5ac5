// Runs the real /usr/bin/kubectl against a kubeconfig, with a private discovery cache so tests
// never see each other's (or a previous run's) discovery.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function kubectlFor(kubeconfig: string) {
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubectl-cache-'));
  const run = (args: string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<KubectlResult> =>
    new Promise((resolve) => {
      const child = execFile(
        '/usr/bin/kubectl',
        [`--kubeconfig=${kubeconfig}`, `--cache-dir=${cacheDir}`, ...args],
        { timeout: opts.timeoutMs ?? 60_000, maxBuffer: 64 << 20, env: { ...process.env, KUBECONFIG: kubeconfig } },
        (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
      );
      if (opts.input !== undefined) child.stdin?.end(opts.input);
    });
  /** Runs and insists on success, failing with kubectl's own stderr. */
  const ok = async (args: string[], opts: { input?: string; timeoutMs?: number } = {}) => {
    const r = await run(args, opts);
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}\n${r.stderr}\n${r.stdout}`);
    return r.stdout;
  };
  const json = async <T = any>(args: string[]): Promise<T> => JSON.parse(await ok([...args, '-o', 'json'])); // eslint-disable-line @typescript-eslint/no-explicit-any
  return { run, ok, json, cleanup: () => fs.rmSync(cacheDir, { recursive: true, force: true }) };
}

/** Polls until `check` returns a value, or fails with the last state it saw. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 60_000, everyMs = 300): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
