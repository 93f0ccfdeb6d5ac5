// The demo sign-in runs only against the sandbox the server started: with NODELANES_SANDBOX_NONCE
// (as npm start sets it) a kubeconfig pointed at a second sandbox, which knows another nonce, gets
// no demo user, and neither does a kubeconfig without a nonce; both answer 401.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { GET as clusters } from '@/app/api/clusters/route';
import { startSandbox, type Sandbox } from '@/lib/sandbox/sandbox';
import { callRoute } from '../support/route-call';

const OURS = 'o'.repeat(43);
let ours: Sandbox;
let other: Sandbox;
let dir: string;
const saved = { ...process.env };

beforeAll(async () => {
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodelanes-demo-proof-'));
  [ours, other] = await Promise.all([
    startSandbox({ dir: path.join(dir, 'ours'), quiet: true, scenario: 'empty', nonce: OURS }),
    startSandbox({ dir: path.join(dir, 'other'), quiet: true, scenario: 'empty' }),
  ]);
  for (const key of Object.keys(process.env)) if (key.startsWith('NODELANES_') || key.startsWith('NEXTAUTH_')) delete process.env[key];
  process.env.NODELANES_CLUSTER = 'sandbox';
});

afterAll(async () => {
  process.env = { ...saved };
  await Promise.all([ours?.stop(), other?.stop()]);
  fs.rmSync(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

const asked = async (kubeconfig: string, nonce?: string) => {
  process.env.NODELANES_SANDBOX_KUBECONFIG = kubeconfig;
  if (nonce) process.env.NODELANES_SANDBOX_NONCE = nonce;
  else delete process.env.NODELANES_SANDBOX_NONCE;
  return callRoute(clusters, {}, { path: '/api/clusters' });
};

/** The same kubeconfig without the sandbox's extension: what a copied or hand-made one looks like. */
function withoutNonce(kubeconfig: string): string {
  const file = `${kubeconfig}.bare`;
  fs.writeFileSync(file, fs.readFileSync(kubeconfig, 'utf8').replace(/\n    extensions:\n(    .*\n)+?(?=users:)/, '\n'));
  expect(fs.readFileSync(file, 'utf8')).not.toContain('nonce');
  return file;
}

describe('demo sign-in', () => {
  it('is the demo operator against the sandbox that proves the server’s nonce', async () => {
    const res = await asked(ours.kubeconfigPath, OURS);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });

  it('is nobody (401) against a second sandbox that does not know the nonce', async () => {
    const res = await asked(other.kubeconfigPath, OURS);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
  });

  it('is nobody (401) with a kubeconfig that carries no nonce, when the server was given none', async () => {
    expect((await asked(withoutNonce(other.kubeconfigPath))).status).toBe(401);
    // The sandbox's own kubeconfig (npm run sandbox beside npm run dev) carries its nonce.
    expect((await asked(other.kubeconfigPath)).status).toBe(200);
  });
});
