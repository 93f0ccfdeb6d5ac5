// `npm start` checks its configuration before it starts anything: a missing sign-in variable
// stops it with a message naming each one, and no sandbox or server is left behind.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');

function start(env: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodelanes-start-'));
  const sandboxDir = path.join(dir, 'sandbox');
  const childEnv = { ...process.env };
  for (const key of Object.keys(childEnv)) if (/^(NODELANES_|NEXTAUTH_|SANDBOX_)/.test(key)) delete childEnv[key];
  Object.assign(childEnv, { SANDBOX_DIR: sandboxDir, PORT: '3999' }, env);
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'scripts/start.ts')], {
    cwd: root,
    env: childEnv,
    encoding: 'utf8',
    timeout: 60_000,
  });
  const sandboxStarted = fs.existsSync(sandboxDir);
  fs.rmSync(dir, { recursive: true, force: true });
  return { status: result.status, stderr: result.stderr, sandboxStarted };
}

describe('npm start with a bad configuration', () => {
  it('refuses a price table with a bad entry, naming the variable and the entry', () => {
    const r = start({ NODELANES_PRICES: JSON.stringify({ name: 'eu', prices: { 'm6a.large': { onDemand: -1 } } }) });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('NODELANES_PRICES: invalid price table');
    expect(r.stderr).toContain('prices."m6a.large".onDemand: must be more than 0');
    expect(r.sandboxStarted).toBe(false);
  });

  it('stops before the sandbox, naming every missing sign-in variable', () => {
    const r = start({ NODELANES_OIDC_ISSUER: 'http://127.0.0.1:9/', NODELANES_OIDC_CLIENT_ID: 'nodelanes' });
    expect(r.status).toBe(2);
    for (const name of ['NODELANES_OIDC_CLIENT_SECRET', 'NEXTAUTH_SECRET', 'NEXTAUTH_URL']) expect(r.stderr).toContain(`${name} (not set): required for sign-in`);
    expect(r.stderr).not.toContain('NODELANES_OIDC_CLIENT_ID (not set)');
    expect(r.sandboxStarted).toBe(false);
  });

  it('refuses a clusters file with a bad entry, naming the entry and the field', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nodelanes-clusters-')), 'clusters.yaml');
    fs.writeFileSync(file, 'clusters:\n  - { id: prod, context: prod }\n  - { id: stage, eks: { region: eu-west-1, clusterName: stage } }\n');
    const r = start({ NODELANES_CLUSTERS_FILE: file, NODELANES_AUTH: 'off' });
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`Invalid clusters file ${file}:`);
    expect(r.stderr).toContain('clusters[1] (id "stage").context: give a kubeconfig context, or inCluster: true');
    expect(r.sandboxStarted).toBe(false);
  });

  it('refuses an allowed host that is not a host name, and a claim rule prefix under system:, before the sandbox', () => {
    const r = start({ NODELANES_ALLOWED_HOSTS: 'nodelanes.internal,https://evil.example', NODELANES_OIDC_GROUPS_PREFIX: 'System:' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('NODELANES_ALLOWED_HOSTS="nodelanes.internal,https://evil.example": "https://evil.example" is not a host name');
    expect(r.stderr).toContain('NODELANES_OIDC_GROUPS_PREFIX="System:": must not start with "system:"');
    expect(r.sandboxStarted).toBe(false);
  });

  it('refuses a bad value with the variable and the value', () => {
    const r = start({ NODELANES_CLUSTER: 'k8s' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('NODELANES_CLUSTER="k8s"');
  });
});
