// Watches: the event sequence for a create / update / delete, resuming from a list's
// resourceVersion, and an expired resourceVersion.
import { expect, it } from 'vitest';
import { collectWatch, send, type Server, type WatchEvent } from './http';
import { NS, pod, podsPath } from './fixtures';
import type { Pair } from './servers';

const MERGE = 'application/merge-patch+json';

async function lifecycle(server: Server, name: string): Promise<string[]> {
  const list = await send(server, { path: `${podsPath}?fieldSelector=metadata.name%3D${name}` });
  const rv = list.json.metadata.resourceVersion;
  const watching = collectWatch(server, `${podsPath}?watch=true&resourceVersion=${rv}&fieldSelector=metadata.name%3D${name}`, {
    until: (events) => events.some((e) => e.type === 'DELETED' || e.type === 'ERROR'),
    timeoutMs: 15_000,
  });
  await new Promise((r) => setTimeout(r, 200));
  await send(server, { method: 'POST', path: podsPath, body: pod(name, { step: 'created' }) });
  await send(server, { method: 'PATCH', path: `${podsPath}/${name}`, contentType: MERGE, body: { metadata: { labels: { step: 'updated' } } } });
  // An unbound pod is deleted at once, grace period or not.
  await send(server, { method: 'DELETE', path: `${podsPath}/${name}` });
  const { events } = await watching;
  return events.map((e) => `${e.type}:${e.object?.metadata?.labels?.step ?? ''}`);
}

async function resumeFromList(server: Server, prefix: string): Promise<string[]> {
  const list = await send(server, { path: `${podsPath}?labelSelector=resume%3D${prefix}` });
  const rv = list.json.metadata.resourceVersion;
  for (const n of ['1', '2']) await send(server, { method: 'POST', path: podsPath, body: pod(`${prefix}-${n}`, { resume: prefix }) });
  const { events } = await collectWatch(server, `${podsPath}?watch=1&resourceVersion=${rv}&labelSelector=resume%3D${prefix}`, {
    until: (ev) => ev.length >= 2,
    timeoutMs: 10_000,
  });
  return events.map((e) => `${e.type}:${e.object.metadata.name}`);
}

/**
 * Churns one pod, then watches from before the churn once that version is gone: on the real
 * server etcd compaction (every 5 s in scripts/kube/up.sh) removes it; the sandbox keeps 100
 * events per resource, like the real watch cache's default.
 */
async function expired(server: Server, waitMs: number): Promise<WatchEvent[]> {
  await send(server, { method: 'POST', path: podsPath, body: pod('churn') });
  const start = (await send(server, { path: `${podsPath}/churn` })).json.metadata.resourceVersion;
  for (let i = 0; i < 150; i++) {
    await send(server, { method: 'PATCH', path: `${podsPath}/churn`, contentType: MERGE, body: { metadata: { labels: { round: String(i) } } } });
  }
  await new Promise((r) => setTimeout(r, waitMs));
  const { events } = await collectWatch(server, `${podsPath}?watch=true&resourceVersion=${start}`, { until: (ev) => ev.length >= 1, timeoutMs: 10_000 });
  return events;
}

export function watchCases(pair: () => Pair) {
  it('a create, an update and a delete give the same event sequence', async () => {
    const [real, sandbox] = await Promise.all([lifecycle(pair().real, 'watched'), lifecycle(pair().sandbox, 'watched')]);
    // Deleting an unbound pod marks it (MODIFIED, grace 0) and then removes it (DELETED).
    expect(real).toEqual(['ADDED:created', 'MODIFIED:updated', 'MODIFIED:updated', 'DELETED:updated']);
    expect(sandbox).toEqual(real);
  });

  it('a watch from a list resourceVersion replays what happened after it', async () => {
    const real = await resumeFromList(pair().real, 'resume');
    const sandbox = await resumeFromList(pair().sandbox, 'resume');
    expect(real).toEqual(['ADDED:resume-1', 'ADDED:resume-2']);
    expect(sandbox).toEqual(real);
  });

  it('a too old resourceVersion ends the watch with a 410 Expired ERROR event', { timeout: 60_000 }, async () => {
    const [real, sandbox] = await Promise.all([expired(pair().real, 12_000), expired(pair().sandbox, 0)]);
    expect(real[0]?.type).toBe('ERROR');
    expect(real[0]?.object).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired' });
    expect(sandbox[0]?.type).toBe(real[0]?.type);
    expect(sandbox[0]?.object).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired', status: 'Failure' });
  });

  it('pagination: limit and continue walk the same pages', async () => {
    const walk = async (server: Server) => {
      const pages: string[][] = [];
      let token = '';
      do {
        const res = await send(server, { path: `${podsPath}?limit=2&labelSelector=tier${token ? `&continue=${encodeURIComponent(token)}` : ''}` });
        expect(res.status).toBe(200);
        pages.push(res.json.items.map((i: { metadata: { name: string } }) => i.metadata.name));
        token = res.json.metadata.continue ?? '';
      } while (token && pages.length < 20);
      return pages;
    };
    const real = await walk(pair().real);
    expect(real.length).toBeGreaterThan(1);
    expect(await walk(pair().sandbox)).toEqual(real);
  });
}

export { NS };
