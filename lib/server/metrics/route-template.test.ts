import { describe, expect, it } from 'vitest';
import { boundedTemplates, routeTemplate } from './route-template';

describe('routeTemplate', () => {
  it('puts each parameter name where its value was', () => {
    expect(routeTemplate('/api/clusters/sandbox/deployments/apps/frontend/pin', { cluster: 'sandbox', namespace: 'apps', name: 'frontend' })).toBe(
      '/api/clusters/[cluster]/deployments/[namespace]/[name]/pin',
    );
    expect(routeTemplate('/api/clusters/sandbox/nodes/i-0abc/drain', { cluster: 'sandbox', name: 'i-0abc' })).toBe('/api/clusters/[cluster]/nodes/[name]/drain');
    expect(routeTemplate('/api/healthz', {})).toBe('/api/healthz');
  });

  it('compares decoded segments (a cluster id with a slash or colon arrives percent-encoded)', () => {
    const arn = 'arn:aws:eks:eu-west-1:123456789012:cluster/prod';
    expect(routeTemplate(`/api/clusters/${encodeURIComponent(arn)}/topology`, { cluster: arn })).toBe('/api/clusters/[cluster]/topology');
  });

  it('replaces a value equal to a fixed word without leaking the caller value', () => {
    // namespace "nodes" and name "pin": words of the route itself.
    expect(routeTemplate('/api/clusters/c1/deployments/nodes/pin/pin', { cluster: 'c1', namespace: 'nodes', name: 'pin' })).toBe(
      '/api/clusters/[cluster]/deployments/[namespace]/[name]/pin',
    );
    expect(routeTemplate('/api/clusters/c1/deployments/deployments/web/pin', { cluster: 'c1', namespace: 'deployments', name: 'web' })).not.toMatch(/web|c1/);
  });

  it('folds a catch-all into one segment', () => {
    expect(routeTemplate('/api/auth/callback/oidc', { nextauth: ['callback', 'oidc'] })).toBe('/api/auth/[...nextauth]');
  });

  it('the bound: at most N distinct templates, then `other`', () => {
    const bound = boundedTemplates(2);
    expect([bound('/a'), bound('/b'), bound('/a'), bound('/c'), bound('/b')]).toEqual(['/a', '/b', '/a', 'other', '/b']);
  });
});
