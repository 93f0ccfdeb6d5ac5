// The sandbox serves Karpenter's and Auto Mode's kinds as CRDs, with the real /usr/bin/kubectl:
// `kubectl get crd` lists them, and writes to the kinds are pruned, defaulted and validated from
// the CRD files (the rules themselves are unit-tested in lib/sandbox/crds, and compared with a
// real kube-apiserver in test/real/crd-schemas.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxProcess, type SandboxProcess } from '../support/sandbox-process';
import { eventually, kubectlFor } from '../support/kubectl';

let sandbox: SandboxProcess;
let kubectl: ReturnType<typeof kubectlFor>;

beforeAll(async () => {
  sandbox = await startSandboxProcess({ scenario: 'empty' });
  kubectl = kubectlFor(sandbox.kubeconfig);
});

afterAll(async () => {
  kubectl?.cleanup();
  await sandbox?.stop();
});

const nodePool = (name: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name },
    spec: {
      template: { spec: { nodeClassRef: { group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'default' }, requirements: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] }] } },
      ...extra,
    },
  });

describe('CRDs', () => {
  it('kubectl get crd lists the three kinds with NAME and CREATED AT, as kube-apiserver prints CRDs', async () => {
    const out = await kubectl.ok(['get', 'crd']);
    const lines = out.trim().split('\n');
    expect(lines[0].split(/\s{2,}/)).toEqual(['NAME', 'CREATED AT']);
    expect(lines.slice(1).map((l) => l.split(/\s+/)[0]).sort()).toEqual(['nodeclaims.karpenter.sh', 'nodeclasses.eks.amazonaws.com', 'nodepools.karpenter.sh']);
    for (const l of lines.slice(1)) expect(l.split(/\s+/)[1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('a CRD reads back with its schema and as established', async () => {
    const crd = await kubectl.json(['get', 'crd', 'nodepools.karpenter.sh']);
    expect(crd.spec.names).toMatchObject({ kind: 'NodePool', plural: 'nodepools' });
    expect(crd.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.disruption.properties.budgets.maxItems).toBe(50);
    expect(crd.status.conditions.find((c: { type: string }) => c.type === 'Established').status).toBe('True');
  });

  it('kubectl explain reads the CRD schemas from /openapi/v3', async () => {
    const out = await kubectl.ok(['explain', 'nodepool.spec.disruption.budgets']);
    expect(out).toContain('FIELD: budgets <[]Object>');
    expect(out).toMatch(/nodes\s+<string> -required-/);
    expect(await kubectl.ok(['explain', 'nodeclass.spec'])).toMatch(/snatPolicy\s+<string>/);
  });

  it('takes no new CRD: a write is refused with 405', async () => {
    const r = await kubectl.run(['delete', 'crd', 'nodepools.karpenter.sh']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('the server does not allow this method on the requested resource');
    expect((await kubectl.run(['get', 'crd', 'nodepools.karpenter.sh'])).code).toBe(0);
  });

  it('NodePools, NodeClaims and NodeClasses print the columns their CRDs declare', async () => {
    await kubectl.ok(['apply', '-f', '-'], { input: nodePool('crd-columns') });
    const header = (out: string) => out.trim().split('\n')[0].split(/\s{2,}/);
    expect(header(await kubectl.ok(['get', 'nodepools']))).toEqual(['NAME', 'NODECLASS', 'NODES', 'READY', 'AGE']);
    expect(header(await kubectl.ok(['get', 'nodepools', '-o', 'wide']))).toEqual(['NAME', 'NODECLASS', 'NODES', 'READY', 'AGE', 'WEIGHT', 'CPU', 'MEMORY']);
    const row = (await kubectl.ok(['get', 'nodepool', 'crd-columns'])).trim().split('\n')[1].split(/\s+/);
    expect(row.slice(0, 2)).toEqual(['crd-columns', 'default']);
    await kubectl.ok(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'eks.amazonaws.com/v1', kind: 'NodeClass', metadata: { name: 'crd-class' }, spec: { role: 'AmazonEKSAutoNodeRole' } }) });
    expect(header(await kubectl.ok(['get', 'nodeclasses']))).toEqual(['NAME', 'ROLE', 'READY', 'AGE']);
    const claim = { apiVersion: 'karpenter.sh/v1', kind: 'NodeClaim', metadata: { name: 'crd-claim' }, spec: { nodeClassRef: { group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'default' }, requirements: [] } };
    await kubectl.ok(['apply', '-f', '-'], { input: JSON.stringify(claim) });
    expect(header(await kubectl.ok(['get', 'nodeclaims', '-o', 'wide']))).toEqual(['NAME', 'TYPE', 'CAPACITY', 'ZONE', 'NODE', 'READY', 'AGE', 'IMAGEID', 'ID', 'NODEPOOL', 'NODECLASS', 'DRIFTED']);
  });

  it('unknown fields: kubectl\'s default strict validation refuses them, --validate=warn warns, --validate=false prunes', async () => {
    const typo = nodePool('crd-typo', { disruption: { consolidateAftr: '1m', consolidateAfter: '1m' }, wieght: 5 });
    const strict = await kubectl.run(['apply', '-f', '-'], { input: typo });
    expect(strict.code).not.toBe(0);
    expect(strict.stderr).toContain('NodePool in version "v1" cannot be handled as a NodePool: strict decoding error: unknown field "spec.disruption.consolidateAftr", unknown field "spec.wieght"');
    expect((await kubectl.run(['get', 'nodepool', 'crd-typo'])).code).not.toBe(0);
    const warned = await kubectl.run(['apply', '--validate=warn', '-f', '-'], { input: typo });
    expect(warned.code).toBe(0);
    expect(warned.stderr).toContain('Warning: unknown field "spec.disruption.consolidateAftr"');
    const pool = await kubectl.json(['get', 'nodepool', 'crd-typo']);
    expect(pool.spec.disruption).toEqual({ consolidateAfter: '1m', consolidationPolicy: 'WhenEmptyOrUnderutilized', budgets: [{ nodes: '10%' }] });
    expect(pool.spec.wieght).toBeUndefined();
    const quiet = await kubectl.run(['apply', '--validate=false', '-f', '-'], { input: nodePool('crd-typo-quiet', { wieght: 5 }) });
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).not.toContain('unknown field');
  });

  it('kubectl apply of a NodePool gets the CRD defaults; a bad one is refused with the schema\'s wording', async () => {
    await kubectl.ok(['apply', '-f', '-'], { input: nodePool('crd-ok') });
    const pool = await kubectl.json(['get', 'nodepool', 'crd-ok']);
    expect(pool.spec.disruption).toEqual({ consolidateAfter: '0s', consolidationPolicy: 'WhenEmptyOrUnderutilized', budgets: [{ nodes: '10%' }] });
    expect(pool.spec.template.spec.expireAfter).toBe('720h');
    const bad = await kubectl.run(['apply', '-f', '-'], { input: nodePool('crd-bad', { disruption: { consolidateAfter: '1m', budgets: [{ nodes: '1', reasons: ['Expired'] }] } }) });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('spec.disruption.budgets[0].reasons[0]: Unsupported value: "Expired": supported values: "Underutilized", "Empty", "Drifted"');
  });
});

describe('the sandbox\'s own Karpenter objects', () => {
  let migration: SandboxProcess;
  let k: ReturnType<typeof kubectlFor>;
  beforeAll(async () => {
    migration = await startSandboxProcess({ timeScale: 10 });
    k = kubectlFor(migration.kubeconfig);
  });
  afterAll(async () => {
    k?.cleanup();
    await migration?.stop();
  });

  it('satisfy their CRDs, status included: labelling every NodePool, NodeClaim and NodeClass (a write validated whole) succeeds', async () => {
    // Give the provisioner and the status loops time to write what they write.
    await eventually('NodeClaims launched and registered', async () => {
      const claims = await k.json<{ items: { status?: { nodeName?: string } }[] }>(['get', 'nodeclaims']);
      return claims.items.length > 0 && claims.items.every((c) => c.status?.nodeName);
    });
    for (const kind of ['nodepools', 'nodeclaims', 'nodeclasses']) {
      const out = await k.ok(['label', kind, '--all', 'crd-check=yes']);
      expect(out).toMatch(/labeled/);
    }
  });
});
