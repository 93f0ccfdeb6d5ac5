import { beforeEach, describe, expect, it } from 'vitest';
import type { AccessAttributes } from './k8s/impersonation';
import { accessOf, clearAccessCache, computeAccess, recentAccessOf, type AccessReviewer } from './access';
import type { ClusterHandle } from './clusters';
import type { SessionUser } from './auth';

/** An authorizer from a list of rules like RBAC's: verb, resource (with subresource), optional namespace. */
function authorizer(rules: Array<{ verb: string; resource: string; namespace?: string }>) {
  const asked: AccessAttributes[] = [];
  const ask: AccessReviewer = async (attrs) => {
    asked.push(attrs);
    const resource = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
    return rules.some((r) => r.verb === attrs.verb && r.resource === resource && (r.namespace === undefined || r.namespace === attrs.namespace));
  };
  return { ask, asked };
}

const cluster = { id: 'sandbox', server: 'http://127.0.0.1:1' } as ClusterHandle;
const tess: SessionUser = { name: 'tess', groups: ['team-apps'], source: 'oidc' };

describe('computeAccess', () => {
  it('gives a cluster-wide reader everything to see and nothing to do', async () => {
    const { ask, asked } = authorizer([
      { verb: 'list', resource: 'nodes' },
      { verb: 'list', resource: 'pods' },
    ]);
    const access = await computeAccess(ask, ['apps', 'kube-system']);
    expect(access.scope).toEqual({ nodes: true, namespaces: 'all' });
    expect(access.capabilities).toEqual({ patchDeployments: [], evictPods: [], patchNodes: false, createNodePools: false, createNodeClasses: false });
    // Listing pods everywhere needs no per-namespace question.
    expect(asked.filter((a) => a.verb === 'list' && a.resource === 'pods')).toHaveLength(1);
  });

  it('asks per namespace when pods cannot be listed everywhere', async () => {
    const { ask, asked } = authorizer([
      { verb: 'list', resource: 'pods', namespace: 'apps' },
      { verb: 'patch', resource: 'deployments', namespace: 'apps' },
    ]);
    const access = await computeAccess(ask, ['apps', 'kube-system', 'payments']);
    expect(access.scope).toEqual({ nodes: false, namespaces: ['apps'] });
    expect(access.capabilities.patchDeployments).toEqual(['apps']);
    expect(asked).toContainEqual({ verb: 'list', resource: 'pods', namespace: 'payments' });
    expect(asked).toContainEqual({ verb: 'patch', resource: 'deployments', group: 'apps', namespace: 'apps' });
  });

  it('reports the operator and admin actions with their API groups and subresources', async () => {
    const { ask, asked } = authorizer([
      { verb: 'list', resource: 'nodes' },
      { verb: 'list', resource: 'pods' },
      { verb: 'patch', resource: 'deployments' },
      { verb: 'create', resource: 'pods/eviction' },
      { verb: 'patch', resource: 'nodes' },
      { verb: 'create', resource: 'nodepools' },
    ]);
    const access = await computeAccess(ask, []);
    expect(access.capabilities).toEqual({ patchDeployments: 'all', evictPods: 'all', patchNodes: true, createNodePools: true, createNodeClasses: false });
    expect(asked).toContainEqual({ verb: 'create', resource: 'nodeclasses', group: 'eks.amazonaws.com' });
    expect(asked).toContainEqual({ verb: 'create', resource: 'nodepools', group: 'karpenter.sh' });
  });

  it('sees nothing when nothing is allowed', async () => {
    const { ask } = authorizer([]);
    expect((await computeAccess(ask, ['apps'])).scope).toEqual({ nodes: false, namespaces: [] });
  });
});

describe('accessOf', () => {
  beforeEach(() => clearAccessCache());

  it('asks once per user within 30 s, again after, and again for other groups', async () => {
    const { ask, asked } = authorizer([{ verb: 'list', resource: 'pods', namespace: 'apps' }]);
    let t = 0;
    const now = () => t;
    await accessOf(cluster, tess, ['apps'], ask, now);
    const first = asked.length;
    t = 29_000;
    await accessOf(cluster, tess, ['apps'], ask, now);
    expect(asked).toHaveLength(first);
    await accessOf(cluster, { ...tess, groups: ['admins'] }, ['apps'], ask, now);
    expect(asked).toHaveLength(first * 2);
    t = 31_000;
    await accessOf(cluster, tess, ['apps'], ask, now);
    expect(asked).toHaveLength(first * 3);
  });

  it('does not remember a failure', async () => {
    let fail = true;
    const ask: AccessReviewer = async () => {
      if (fail) throw new Error('connection refused');
      return true;
    };
    await expect(accessOf(cluster, tess, [], ask, () => 0)).rejects.toThrow('connection refused');
    fail = false;
    expect((await accessOf(cluster, tess, [], ask, () => 0)).scope).toEqual({ nodes: true, namespaces: 'all' });
  });
});

describe('recentAccessOf', () => {
  beforeEach(() => clearAccessCache());

  /** An authorizer whose answers the test releases, and can change. */
  function slowAuthorizer(allowed: { nodes: boolean }) {
    const waiting: Array<() => void> = [];
    let asked = 0;
    const ask: AccessReviewer = async (attrs) => {
      asked++;
      await new Promise<void>((r) => waiting.push(r));
      return attrs.resource === 'nodes' ? allowed.nodes : true;
    };
    return {
      ask,
      allowed,
      asked: () => asked,
      release: async () => {
        while (waiting.length) {
          waiting.splice(0).forEach((r) => r());
          await new Promise((r) => setTimeout(r, 0));
        }
      },
    };
  }

  it('waits for the first answer, then hands out a recent one at once while asking again', async () => {
    const a = slowAuthorizer({ nodes: true });
    let t = 0;
    const now = () => t;
    const first = recentAccessOf(cluster, tess, [], a.ask, now);
    await a.release();
    expect(await first).toEqual({ access: expect.objectContaining({ scope: { nodes: true, namespaces: 'all' } }) });
    // Within 30 s: the current answer, no question asked.
    t = 20_000;
    const asked = a.asked();
    expect((await recentAccessOf(cluster, tess, [], a.ask, now)).revalidated).toBeUndefined();
    expect(a.asked()).toBe(asked);
    // Later, with RBAC changed meanwhile: the recent answer now, the new one when it comes.
    t = 120_000;
    a.allowed.nodes = false;
    const later = await recentAccessOf(cluster, tess, [], a.ask, now);
    expect(later.access.scope.nodes).toBe(true);
    expect(a.asked()).toBeGreaterThan(asked);
    // Another caller meanwhile shares the question in flight rather than asking again.
    const asking = a.asked();
    const meanwhile = await recentAccessOf(cluster, tess, [], a.ask, now);
    expect(meanwhile.access.scope.nodes).toBe(true);
    expect(a.asked()).toBe(asking);
    await a.release();
    expect((await later.revalidated!).scope.nodes).toBe(false);
    expect(await meanwhile.revalidated).toBe(await later.revalidated);
    // And from then on the new answer is the current one.
    expect(await recentAccessOf(cluster, tess, [], a.ask, now)).toEqual({ access: expect.objectContaining({ scope: { nodes: false, namespaces: 'all' } }) });
    // accessOf, for everything else, never hands out an old answer.
    t = 200_000;
    a.allowed.nodes = true;
    const strict = accessOf(cluster, tess, [], a.ask, now);
    await a.release();
    expect((await strict).scope.nodes).toBe(true);
  });

  it('does not hand out an answer older than five minutes', async () => {
    const a = slowAuthorizer({ nodes: true });
    let t = 0;
    const now = () => t;
    const first = recentAccessOf(cluster, tess, [], a.ask, now);
    await a.release();
    await first;
    t = 5 * 60_000;
    a.allowed.nodes = false;
    const late = recentAccessOf(cluster, tess, [], a.ask, now);
    await a.release();
    expect(await late).toEqual({ access: expect.objectContaining({ scope: { nodes: false, namespaces: 'all' } }) });
  });
});
