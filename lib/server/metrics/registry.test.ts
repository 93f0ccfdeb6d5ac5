import { describe, expect, it, vi } from 'vitest';
import { sampleValue } from '@/test/support/prom-text';
import { countWrite, drainEnded, metrics, observeRequest, outcomeOf, snapshotSent, sseClientOpened } from './registry';

const scrape = () => metrics().registry.metrics();

describe('metrics registry', () => {
  it('is one per process, surviving a re-import of the module (Next dev reloads)', async () => {
    const first = metrics();
    vi.resetModules();
    const again = await import('./registry');
    expect(again.metrics()).toBe(first);
  });

  it('times requests by route template and counts only 4xx/5xx as errors', async () => {
    const route = '/api/clusters/[cluster]/unit-test-route';
    observeRequest('GET', route, 200, 0.02);
    observeRequest('GET', route, 200, 3);
    observeRequest('POST', route, 409, 0.1);
    const text = await scrape();
    expect(sampleValue(text, 'nodelanes_http_request_duration_seconds_count', { method: 'GET', route, status: '200' })).toBe(2);
    expect(sampleValue(text, 'nodelanes_http_request_duration_seconds_bucket', { method: 'GET', route, status: '200', le: '0.025' })).toBe(1);
    expect(sampleValue(text, 'nodelanes_http_errors_total', { method: 'GET', route, status: '200' })).toBeUndefined();
    expect(sampleValue(text, 'nodelanes_http_errors_total', { method: 'POST', route, status: '409' })).toBe(1);
  });

  it('counts write requests by audit name, outcome and dry run', async () => {
    expect([outcomeOf(200), outcomeOf(422), outcomeOf(503)]).toEqual(['ok', 'refused', 'failed']);
    const write = (status: number, dryRun: boolean) => countWrite({ action: 'unit.test', cluster: 'unit-cluster', status, dryRun, seconds: 0.1 });
    write(200, true);
    write(403, false);
    write(403, false);
    const text = await scrape();
    expect(sampleValue(text, 'nodelanes_write_requests_total', { action: 'unit.test', outcome: 'ok', dry_run: 'true' })).toBe(1);
    expect(sampleValue(text, 'nodelanes_write_requests_total', { action: 'unit.test', outcome: 'refused', dry_run: 'false' })).toBe(2);
    expect(sampleValue(text, 'nodelanes_actions_total', { cluster: 'unit-cluster' })).toBeUndefined();
  });

  it('counts and times actions by cluster, kind and outcome where they end: the answer, or a drain’s run', async () => {
    const write = (action: string, status: number, seconds: number) => countWrite({ action, cluster: 'unit-actions', status, dryRun: false, seconds });
    write('deployment.restart', 200, 0.3);
    write('deployment.restart', 200, 0.3);
    write('deployment.restart', 403, 0.01);
    write('deployment.restart', 200, 0);
    write('node.cordon', 502, 0.2);
    write('node.drain', 200, 0.5);
    let text = await scrape();
    const actions = (kind: string, outcome: string) => sampleValue(text, 'nodelanes_actions_total', { cluster: 'unit-actions', kind, outcome });
    expect(actions('restart', 'succeeded')).toBe(3);
    expect(actions('cordon', 'failed')).toBe(1);
    // Started, not finished: every outcome is there at 0, so the first failure is an increase.
    expect([actions('drain', 'succeeded'), actions('drain', 'failed'), actions('drain', 'cancelled')]).toEqual([0, 0, 0]);
    drainEnded('unit-actions', 'cancelled', 400);
    drainEnded('unit-actions', 'drained', 30);
    text = await scrape();
    expect([actions('drain', 'succeeded'), actions('drain', 'cancelled')]).toEqual([1, 1]);
    const bucket = (le: string) => sampleValue(text, 'nodelanes_action_duration_seconds_bucket', { cluster: 'unit-actions', kind: 'drain', outcome: 'cancelled', le });
    expect([bucket('300'), bucket('600')]).toEqual([0, 1]);
    expect(sampleValue(text, 'nodelanes_action_duration_seconds_sum', { cluster: 'unit-actions', kind: 'restart', outcome: 'succeeded' })).toBeCloseTo(0.6);
  });

  it('an SSE client is counted once however often its stream stops', async () => {
    const close = sseClientOpened('unit-cluster');
    sseClientOpened('unit-cluster')();
    expect(sampleValue(await scrape(), 'nodelanes_sse_clients', { cluster: 'unit-cluster' })).toBe(1);
    close();
    close();
    expect(sampleValue(await scrape(), 'nodelanes_sse_clients', { cluster: 'unit-cluster' })).toBe(0);
  });

  it('keeps the last snapshot size, raw and gzipped', async () => {
    snapshotSent('unit-cluster', 12_000, 1_300);
    snapshotSent('unit-cluster', 11_000);
    const text = await scrape();
    expect(sampleValue(text, 'nodelanes_snapshot_bytes', { cluster: 'unit-cluster', encoding: 'raw' })).toBe(11_000);
    expect(sampleValue(text, 'nodelanes_snapshot_bytes', { cluster: 'unit-cluster', encoding: 'gzip' })).toBe(1_300);
  });

  it('carries the default process metrics', async () => {
    const text = await scrape();
    expect(text).toContain('# TYPE process_cpu_user_seconds_total counter');
    expect(text).toContain('nodejs_heap_size_used_bytes');
  });
});
