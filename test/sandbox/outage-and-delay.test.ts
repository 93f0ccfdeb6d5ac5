// The sandbox's two test knobs for the dashboard's end-to-end specs, checked against the real
// listener: an outage (setReachable, and SIGUSR2 in `npm start`) refuses connections and cuts open
// watches, then answers again on the same port; a list delay slows lists but not watches or gets.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '@/lib/sandbox/sandbox';

const AUTH = { Authorization: 'Bearer sandbox-admin-token' };

function get(url: string): Promise<{ status: number; ms: number }> {
  const started = Date.now();
  return fetch(url, { headers: AUTH }).then(async (res) => {
    await res.arrayBuffer();
    return { status: res.status, ms: Date.now() - started };
  });
}

describe('sandbox outage and list delay', () => {
  let sandbox: Sandbox;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodelanes-outage-'));
    sandbox = await startSandbox({ scenario: 'empty', dir, port: 0, quiet: true, listDelayMs: 400 });
  });

  afterAll(async () => {
    await sandbox?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('an outage refuses connections and ends open watches; back, it answers on the same port', async () => {
    expect((await get(`${sandbox.url}/version`)).status).toBe(200);
    const watchEnded = new Promise<string>((resolve) => {
      const req = http.get(`${sandbox.url}/api/v1/namespaces?watch=true`, { headers: AUTH }, (res) => {
        res.on('data', () => undefined);
        res.on('close', () => resolve('closed'));
        res.on('error', () => resolve('error'));
      });
      req.on('error', () => resolve('error'));
    });
    await new Promise((r) => setTimeout(r, 200));

    await sandbox.setReachable(false);
    expect(await watchEnded).toMatch(/closed|error/);
    const refused = await fetch(`${sandbox.url}/version`).then(
      () => 'answered',
      (err: Error & { cause?: { code?: string } }) => err.cause?.code,
    );
    expect(refused).toBe('ECONNREFUSED');

    await sandbox.setReachable(true);
    expect((await get(`${sandbox.url}/version`)).status).toBe(200);
  });

  it('lists wait the configured delay; gets and watches do not', async () => {
    const list = await get(`${sandbox.url}/api/v1/namespaces?limit=1`);
    expect(list.status).toBe(200);
    expect(list.ms).toBeGreaterThanOrEqual(390);
    const one = await get(`${sandbox.url}/api/v1/namespaces/default`);
    expect(one.status).toBe(200);
    expect(one.ms).toBeLessThan(390);
    const watchHeaders = await new Promise<number>((resolve, reject) => {
      const started = Date.now();
      const req = http.get(`${sandbox.url}/api/v1/namespaces?watch=true`, { headers: AUTH }, (res) => {
        resolve(Date.now() - started);
        req.destroy();
      });
      req.on('error', reject);
    });
    expect(watchHeaders).toBeLessThan(390);
  });
});
