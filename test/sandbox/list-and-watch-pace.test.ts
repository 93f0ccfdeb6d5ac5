// A paged list reads one snapshot, as etcd serves every page at the first page's revision, and a
// write reaches its watchers at once, not on the controllers' next pass.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '@/lib/sandbox/sandbox';

const AUTH = { Authorization: 'Bearer sandbox-admin-token' };
const NS = 'paging';
const cms = `/api/v1/namespaces/${NS}/configmaps`;

let sandbox: Sandbox;
let dir: string;

/* eslint-disable @typescript-eslint/no-explicit-any -- API answers */
async function call(method: string, p: string, body?: unknown, type = 'application/json'): Promise<{ status: number; json: any }> {
  const res = await fetch(`${sandbox.url}${p}`, { method, headers: { ...AUTH, 'Content-Type': type }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

const configMap = (name: string, v = '1') => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { v } });
const names = (list: any) => list.items.map((o: any) => o.metadata.name);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodelanes-paging-'));
  // The controllers' loop runs once an hour: anything a watcher sees came from the write itself.
  sandbox = await startSandbox({ scenario: 'empty', dir, port: 0, quiet: true, controllerTickMs: 3_600_000 });
  expect((await call('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } })).status).toBe(201);
  for (const n of ['cm-1', 'cm-2', 'cm-3', 'cm-4', 'cm-5']) expect((await call('POST', cms, configMap(n))).status).toBe(201);
}, 60_000);

afterAll(async () => {
  await sandbox?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('paged lists read one snapshot', () => {
  it('later pages show the objects as they were at the first page, at its resourceVersion', async () => {
    const first = await call('GET', `${cms}?limit=2`);
    expect(names(first.json)).toEqual(['cm-1', 'cm-2']);
    expect(first.json.metadata.remainingItemCount).toBe(3);
    // Between the pages: one created after the token's key, one changed, one deleted.
    expect((await call('POST', cms, configMap('cm-3a'))).status).toBe(201);
    expect((await call('PATCH', `${cms}/cm-4`, { data: { v: '2' } }, 'application/merge-patch+json')).status).toBe(200);
    expect((await call('DELETE', `${cms}/cm-5`)).status).toBe(200);

    const second = await call('GET', `${cms}?limit=2&continue=${first.json.metadata.continue}`);
    expect(names(second.json)).toEqual(['cm-3', 'cm-4']);
    expect(second.json.items[1].data).toEqual({ v: '1' });
    expect(second.json.metadata.resourceVersion).toBe(first.json.metadata.resourceVersion);
    expect(second.json.metadata.remainingItemCount).toBe(1);
    const third = await call('GET', `${cms}?limit=2&continue=${second.json.metadata.continue}`);
    expect(names(third.json)).toEqual(['cm-5']);
    expect(third.json.metadata.continue).toBeUndefined();

    // A new list sees the present.
    expect(names((await call('GET', `${cms}?limit=10`)).json)).toEqual(['cm-1', 'cm-2', 'cm-3', 'cm-3a', 'cm-4']);
  });

  it('a token whose snapshot was compacted is 410 Expired with a token that goes on at the current state', async () => {
    const first = await call('GET', `${cms}?limit=1`);
    expect(names(first.json)).toEqual(['cm-1']);
    expect((await call('POST', cms, configMap('cm-2a'))).status).toBe(201);
    sandbox.store.listSnapshots.compact();

    const expired = await call('GET', `${cms}?limit=1&continue=${first.json.metadata.continue}`);
    expect(expired.status).toBe(410);
    expect(expired.json.reason).toBe('Expired');
    expect(expired.json.message).toMatch(/^The provided continue parameter is too old to display a consistent list result\. You can start a new list without the continue parameter, or use the continue token in this response/);
    // The token in the Status goes on after the same key, at whatever the store holds now.
    const rest = await call('GET', `${cms}?limit=10&continue=${expired.json.metadata.continue}`);
    expect(rest.status).toBe(200);
    expect(names(rest.json)).toEqual(['cm-2', 'cm-2a', 'cm-3', 'cm-3a', 'cm-4']);
    expect(Number(rest.json.metadata.resourceVersion)).toBeGreaterThan(Number(first.json.metadata.resourceVersion));
  });
});

describe('watch events do not wait for the controllers', () => {
  it('a PATCH reaches an open watch while the controllers sleep for an hour', async () => {
    const rv = (await call('GET', cms)).json.metadata.resourceVersion;
    const event = new Promise<{ at: number; e: any }>((resolve, reject) => {
      const req = http.get(`${sandbox.url}${cms}?watch=true&resourceVersion=${rv}`, { headers: AUTH }, (res) => {
        let buf = '';
        res.on('data', (chunk: Buffer) => {
          buf += chunk.toString('utf8');
          const line = buf.split('\n').find((l) => l.includes('"cm-1"'));
          if (line) {
            resolve({ at: Date.now(), e: JSON.parse(line) });
            req.destroy();
          }
        });
      });
      req.on('error', reject);
    });
    await new Promise((r) => setTimeout(r, 100));
    const sent = Date.now();
    expect((await call('PATCH', `${cms}/cm-1`, { data: { v: 'now' } }, 'application/merge-patch+json')).status).toBe(200);
    const { at, e } = await event;
    expect(e.type).toBe('MODIFIED');
    expect(e.object.data).toEqual({ v: 'now' });
    // Held for a tick it would take an hour; 2 s leaves room for a loaded test machine.
    expect(at - sent).toBeLessThan(2_000);
  }, 30_000);
});
