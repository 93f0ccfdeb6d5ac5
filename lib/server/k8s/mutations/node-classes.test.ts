import { describe, expect, it, vi } from 'vitest';
import { nodeClassInfo } from '@/test/support/model';
import { AppError } from '../../errors';
import { createNodeClassAndPool } from './node-classes';

const intent = { name: 'ai-ml-node-class', role: 'AmazonEKSAutoNodeRole', nodePool: { name: 'ai-ml', instanceTypes: ['m6a.xlarge'] } };
const preflight = { nodeClasses: [nodeClassInfo('default')], nodePools: [], pods: [] };
const ctx = { actor: 'otto', requestId: 'req-1' };

function fakeApis(refuseRealNodePool: boolean) {
  const calls: string[] = [];
  const custom = {
    getClusterCustomObject: vi.fn(async () => ({ spec: { role: 'AmazonEKSAutoNodeRole', subnetSelectorTerms: [{ id: 'subnet-1' }] } })),
    createClusterCustomObject: vi.fn(async ({ plural, dryRun }: { plural: string; dryRun?: string }) => {
      calls.push(`create ${plural}${dryRun ? ' (dry run)' : ''}`);
      if (refuseRealNodePool && plural === 'nodepools' && !dryRun) throw new AppError(422, 'invalid', 'refused');
      return {};
    }),
    deleteClusterCustomObject: vi.fn(async ({ plural, name }: { plural: string; name: string }) => {
      calls.push(`delete ${plural}/${name}`);
      return {};
    }),
  };
  const core = { createNamespacedEvent: vi.fn(async () => ({})) };
  return { apis: { custom, core } as never, calls, core };
}

describe('createNodeClassAndPool', () => {
  it("maps the API server's refused fields of the NodePool to the intent's fields, so the form shows them beside their rows", async () => {
    const { apis } = fakeApis(false);
    const status = {
      kind: 'Status',
      code: 422,
      message: 'NodePool.karpenter.sh "ai-ml" is invalid: spec.disruption.budgets[1].schedule: Invalid value',
      details: { causes: [{ reason: 'FieldValueInvalid', field: 'spec.disruption.budgets[1].schedule', message: 'Invalid value: "x": bad schedule' }] },
    };
    (apis as { custom: { createClusterCustomObject: ReturnType<typeof vi.fn> } }).custom.createClusterCustomObject.mockImplementation(async ({ plural }: { plural: string }) => {
      if (plural === 'nodepools') throw Object.assign(new Error('HTTP-Code: 422'), { code: 422, body: JSON.stringify(status) });
      return {};
    });
    const err = await createNodeClassAndPool(apis, intent, preflight, ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(422);
    expect((err as AppError).details).toMatchObject({
      findings: [{ level: 'error', field: 'nodePool.budgets.1.schedule', message: 'NodePool spec.disruption.budgets[1].schedule: Invalid value: "x": bad schedule' }],
    });
  });

  it('dry-runs both, then creates the class before the pool, then records an Event', async () => {
    const { apis, calls, core } = fakeApis(false);
    const res = await createNodeClassAndPool(apis, intent, preflight, ctx);
    expect(calls).toEqual(['create nodeclasses (dry run)', 'create nodepools (dry run)', 'create nodeclasses', 'create nodepools']);
    expect(core.createNamespacedEvent).toHaveBeenCalledOnce();
    expect(res.objects.nodeClass).toMatchObject({ spec: { subnetSelectorTerms: [{ id: 'subnet-1' }] } });
    expect(res.kubectl).toBe('kubectl apply -f ai-ml-node-class.yaml');
  });

  it('a dry run creates nothing', async () => {
    const { apis, calls } = fakeApis(false);
    await createNodeClassAndPool(apis, { ...intent, dryRun: true }, preflight, ctx);
    expect(calls).toEqual(['create nodeclasses (dry run)', 'create nodepools (dry run)']);
  });

  it('removes the NodeClass again when the NodePool is refused: never half a setup', async () => {
    const { apis, calls } = fakeApis(true);
    await expect(createNodeClassAndPool(apis, intent, preflight, ctx)).rejects.toThrow('refused');
    expect(calls.at(-1)).toBe('delete nodeclasses/ai-ml-node-class');
  });

  it('preflight errors stop everything with 422 and the findings', async () => {
    const { apis, calls } = fakeApis(false);
    const err = await createNodeClassAndPool(apis, { ...intent, nodePool: { name: 'ai-ml', instanceTypes: ['q9.nope'] } }, preflight, ctx).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.status).toBe(422);
    expect(err.details.findings[0]).toMatchObject({ code: 'unknown-instance-type', field: 'nodePool.instanceTypes' });
    expect(calls).toEqual([]);
  });
});
