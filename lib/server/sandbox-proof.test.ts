import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SANDBOX_PROOF_PATH, provesNonce, sandboxIsProven, sandboxProof, sandboxTargetOf } from './sandbox-proof';

const NONCE = 'n'.repeat(43);
let server: http.Server;
let url: string;
let dir: string;

/** An API server that knows NONCE and answers the challenge as the sandbox does. */
beforeAll(async () => {
  server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '', 'http://x');
    if (u.pathname !== SANDBOX_PROOF_PATH) return void res.writeHead(404).end();
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ proof: sandboxProof(NONCE, u.searchParams.get('challenge') ?? '') }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodelanes-proof-'));
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  fs.rmSync(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

function kubeconfig(name: string, serverUrl: string, nonce?: string): string {
  const file = path.join(dir, name);
  const ext = nonce ? `\n    extensions:\n    - name: nodelanes.io/sandbox\n      extension:\n        nonce: ${nonce}` : '';
  fs.writeFileSync(
    file,
    `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: ${serverUrl}${ext}\nusers:\n- name: u\n  user:\n    token: t\ncontexts:\n- name: ctx\n  context:\n    cluster: c\n    user: u\ncurrent-context: ctx\n`,
  );
  return file;
}

describe('sandbox proof', () => {
  it('reads the current context’s server and nonce from a kubeconfig', () => {
    expect(sandboxTargetOf(fs.readFileSync(kubeconfig('a', url, NONCE), 'utf8'))).toEqual({ server: url, nonce: NONCE });
    expect(sandboxTargetOf(fs.readFileSync(kubeconfig('b', url), 'utf8'))).toEqual({ server: url });
    expect(sandboxTargetOf('not: [a kubeconfig')).toBeUndefined();
  });

  it('is proven by the API server that knows the nonce, with the nonce from the kubeconfig or from the environment', async () => {
    expect(await sandboxIsProven(kubeconfig('c', url, NONCE), undefined)).toBe(true);
    expect(await sandboxIsProven(kubeconfig('d', url), NONCE)).toBe(true);
  });

  it('is not proven by a kubeconfig without a nonce, another nonce, or a server that cannot answer', async () => {
    expect(await sandboxIsProven(kubeconfig('e', url), undefined)).toBe(false);
    expect(await sandboxIsProven(kubeconfig('f', url, 'x'.repeat(43)), undefined)).toBe(false);
    // The kubeconfig carries the right nonce, but this server was given another one.
    expect(await sandboxIsProven(kubeconfig('g', url, NONCE), 'y'.repeat(43))).toBe(false);
    expect(await sandboxIsProven(kubeconfig('h', 'http://127.0.0.1:9', NONCE), undefined)).toBe(false);
    expect(await sandboxIsProven(path.join(dir, 'missing'), NONCE)).toBe(false);
  });

  it('refuses an answer that is not the HMAC of this challenge', async () => {
    const replay = (async () => Response.json({ proof: sandboxProof(NONCE, 'an-old-challenge-0000') })) as unknown as typeof fetch;
    expect(await provesNonce(url, NONCE, replay)).toBe(false);
    const echo = (async () => Response.json({ proof: NONCE })) as unknown as typeof fetch;
    expect(await provesNonce(url, NONCE, echo)).toBe(false);
    expect(await provesNonce(url, NONCE)).toBe(true);
  });
});
