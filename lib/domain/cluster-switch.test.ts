import { describe, expect, it } from 'vitest';
import { switchClusterHref } from './cluster-switch';

describe('switching cluster keeps the view', () => {
  it('the same page of the other cluster, with its filters', () => {
    expect(switchClusterHref('/clusters/sandbox/lanes', '?group=workload&ns=apps', 'prod-eu')).toBe('/clusters/prod-eu/lanes?group=workload&ns=apps');
    expect(switchClusterHref('/clusters/sandbox/review', '', 'prod')).toBe('/clusters/prod/review');
    expect(switchClusterHref('/clusters/sandbox/move/', '', 'prod')).toBe('/clusters/prod/move');
    expect(switchClusterHref('/clusters/sandbox/node-classes/new', '', 'prod')).toBe('/clusters/prod/node-classes/new');
    expect(switchClusterHref('/clusters/sandbox/nodegroups/new', '?x=1', 'prod')).toBe('/clusters/prod/nodegroups/new?x=1');
  });

  it("a page about one of this cluster's objects goes to its list (or the lanes)", () => {
    expect(switchClusterHref('/clusters/sandbox/node-pools/gpu/edit', '?a=1', 'prod')).toBe('/clusters/prod/node-pools');
    expect(switchClusterHref('/clusters/sandbox/activity/act-123456', '', 'prod')).toBe('/clusters/prod/lanes');
    expect(switchClusterHref('/clusters/sandbox', '', 'prod')).toBe('/clusters/prod/lanes');
    expect(switchClusterHref('/', '', 'prod')).toBe('/clusters/prod/lanes');
  });

  it('encodes ids that are not URL-safe as they are (kubeconfig contexts can be ARNs)', () => {
    expect(switchClusterHref('/clusters/a/review', '', 'arn:aws:eks:eu-west-1:1:cluster/x')).toBe('/clusters/arn%3Aaws%3Aeks%3Aeu-west-1%3A1%3Acluster%2Fx/review');
  });
});
