// NodePools and NodeClaims against their published CRDs (and NodeClasses against this project's schema): every manifest goes to kube-apiserver
// 1.20 (with the same CRD files installed) and to the sandbox, and both must accept or refuse it
// alike and store the same object (pruned and defaulted alike). Refusals are compared cause by
// cause on what 1.20 can say: 1.20 drops list indices from schema error paths
// (`spec.disruption.budgets.nodes` for `budgets[0].nodes`), so indices are left out on both
// sides, and it has no CEL, so the sandbox's closing "some validation rules were not checked"
// cause (current servers add it when a schema error stops the CEL rules) is left out. The CEL
// rules themselves are checked against the CRDs' messages in lib/sandbox/crds/crds.test.ts; no
// manifest here breaks one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPair, type Pair } from './servers';
import { send, type RawResponse, type Server } from './http';

type Obj = Record<string, any>;

let pair: Pair;
beforeAll(async () => {
  pair = await startPair();
});
afterAll(async () => {
  await pair?.stop();
});

const ref = { group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'default' };
const requirement = { key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m6a.xlarge', 'c6a.large'] };

function nodePool(name: string, change: (spec: Obj, o: Obj) => void = () => {}): Obj {
  const o: Obj = { apiVersion: 'karpenter.sh/v1', kind: 'NodePool', metadata: { name }, spec: { template: { spec: { nodeClassRef: { ...ref }, requirements: [structuredClone(requirement)] } } } };
  change(o.spec, o);
  return o;
}

function nodeClaim(name: string, change: (spec: Obj, o: Obj) => void = () => {}): Obj {
  const o: Obj = { apiVersion: 'karpenter.sh/v1', kind: 'NodeClaim', metadata: { name }, spec: { nodeClassRef: { ...ref }, requirements: [structuredClone(requirement)] } };
  change(o.spec, o);
  return o;
}

interface Manifest {
  name: string;
  body: Obj;
  /** A merge patch sent after a successful create: the answer to it is compared too. */
  patch?: Obj;
  /** A merge patch of `status` sent to /status after a successful create: its answer is compared on the fields it sets. */
  status?: Obj;
}

const budgets = (...list: Obj[]) => ({ consolidateAfter: '1m', budgets: list });

const nodePools: Manifest[] = [
  // Accepted, defaults filled.
  { name: 'the smallest valid NodePool gets every default', body: nodePool('np-min') },
  { name: 'a full NodePool as the EKS docs show it', body: nodePool('np-full', (s) => {
    s.template.metadata = { labels: { team: 'ml' }, annotations: { note: 'x' } };
    s.template.spec.taints = [{ key: 'workload', value: 'ai-ml', effect: 'NoSchedule' }];
    s.template.spec.expireAfter = '336h';
    s.template.spec.terminationGracePeriod = '24h0m0s';
    s.limits = { cpu: '64', memory: '256Gi' };
    s.weight = 10;
    s.disruption = { consolidationPolicy: 'WhenEmpty', consolidateAfter: '30s', budgets: [{ nodes: '10%' }, { nodes: '0', schedule: '0 9 * * mon-fri', duration: '8h', reasons: ['Underutilized'] }] };
  }) },
  { name: 'expireAfter Never', body: nodePool('np-never', (s) => (s.template.spec.expireAfter = 'Never')) },
  { name: 'consolidateAfter Never and a policy of Balanced', body: nodePool('np-balanced', (s) => (s.disruption = { consolidateAfter: 'Never', consolidationPolicy: 'Balanced' })) },
  { name: 'disruption with only consolidateAfter gets the budget and policy defaults', body: nodePool('np-disruption', (s) => (s.disruption = { consolidateAfter: '5m' })) },
  { name: 'a budget without nodes gets 10%', body: nodePool('np-budget-nodes', (s) => (s.disruption = budgets({ reasons: ['Empty', 'Drifted'] }))) },
  { name: 'integer and string limits', body: nodePool('np-limits', (s) => (s.limits = { cpu: 16, memory: '64Gi', 'nvidia.com/gpu': '1' })) },
  { name: 'a requirement with minValues', body: nodePool('np-minvalues', (s) => (s.template.spec.requirements[0].minValues = 2)) },
  { name: 'Gt, Exists and NotIn requirements', body: nodePool('np-operators', (s) => s.template.spec.requirements.push({ key: 'eks.amazonaws.com/instance-generation', operator: 'Gt', values: ['5'] }, { key: 'topology.kubernetes.io/zone', operator: 'Exists' }, { key: 'kubernetes.io/arch', operator: 'NotIn', values: ['arm64'] })) },
  { name: 'a taint with timeAdded', body: nodePool('np-taint-time', (s) => (s.template.spec.startupTaints = [{ key: 'init', effect: 'NoExecute', timeAdded: '2026-12-06T13:00:00Z' }])) },
  { name: 'budget schedules with @daily and 1h30m', body: nodePool('np-schedule', (s) => (s.disruption = budgets({ nodes: '2', schedule: '@daily', duration: '1h30m' }))) },
  // Pruned.
  { name: 'unknown fields everywhere are pruned', body: nodePool('np-prune', (s, o) => {
    o.metadata.extra = 'x';
    o.status = { nodes: 3 };
    s.unknown = { a: 1 };
    s.template.metadata = { name: 'ignored', labels: { a: 'b' } };
    s.template.spec.nodeClassRef.extra = true;
    s.template.spec.requirements[0].note = 'x';
    s.disruption = { consolidateAfter: '1m', budgets: [{ nodes: '1', extra: 1 }], extra: 1 };
  }) },
  { name: 'nulls: a defaulted one takes the default, others are dropped', body: nodePool('np-nulls', (s) => {
    s.template.spec.expireAfter = null;
    s.weight = null;
    s.limits = null;
  }) },
  // Refused by the schema.
  { name: 'expireAfter: 30 days', body: nodePool('np-bad-expire', (s) => (s.template.spec.expireAfter = '30 days')) },
  { name: 'terminationGracePeriod: a while', body: nodePool('np-bad-tgp', (s) => (s.template.spec.terminationGracePeriod = 'a while')) },
  { name: 'terminationGracePeriod Never (only expireAfter takes it)', body: nodePool('np-bad-tgp-never', (s) => (s.template.spec.terminationGracePeriod = 'Never')) },
  { name: 'a requirement key `bad key!`', body: nodePool('np-bad-key', (s) => (s.template.spec.requirements[0].key = 'bad key!')) },
  { name: 'minValues: 0', body: nodePool('np-bad-minvalues', (s) => (s.template.spec.requirements[0].minValues = 0)) },
  // With 51 values, so that the CEL rule on minValues (which 1.20 cannot run) holds.
  { name: 'minValues: 51', body: nodePool('np-bad-minvalues-max', (s) => Object.assign(s.template.spec.requirements[0], { minValues: 51, values: Array.from({ length: 51 }, (_, i) => `t${i}.large`) })) },
  { name: 'a budget reason Expired', body: nodePool('np-bad-reason', (s) => (s.disruption = budgets({ nodes: '1', reasons: ['Expired'] }))) },
  { name: 'a schedule @sometimes', body: nodePool('np-bad-schedule', (s) => (s.disruption = budgets({ nodes: '1', schedule: '@sometimes', duration: '1h' }))) },
  { name: 'a budget duration 90s', body: nodePool('np-bad-duration', (s) => (s.disruption = budgets({ nodes: '1', schedule: '@daily', duration: '90s' }))) },
  { name: '51 budgets', body: nodePool('np-bad-51', (s) => (s.disruption = budgets(...Array.from({ length: 51 }, () => ({ nodes: '1' }))))) },
  { name: 'budget nodes 150%', body: nodePool('np-bad-nodes', (s) => (s.disruption = budgets({ nodes: '150%' }))) },
  { name: 'consolidateAfter 5 minutes', body: nodePool('np-bad-after', (s) => (s.disruption = { consolidateAfter: '5 minutes' })) },
  { name: 'a consolidation policy Sometimes', body: nodePool('np-bad-policy', (s) => (s.disruption = { consolidateAfter: '1m', consolidationPolicy: 'Sometimes' })) },
  { name: 'disruption without consolidateAfter', body: nodePool('np-bad-no-after', (s) => (s.disruption = { consolidationPolicy: 'WhenEmpty' })) },
  { name: 'weight 0', body: nodePool('np-bad-weight', (s) => (s.weight = 0)) },
  { name: 'weight 101', body: nodePool('np-bad-weight-max', (s) => (s.weight = 101)) },
  { name: 'weight as a string', body: nodePool('np-bad-weight-type', (s) => (s.weight = '5')) },
  { name: 'weight 1.5', body: nodePool('np-bad-weight-float', (s) => (s.weight = 1.5)) },
  { name: 'an operator Matches', body: nodePool('np-bad-operator', (s) => (s.template.spec.requirements[0].operator = 'Matches')) },
  { name: 'a requirement without operator', body: nodePool('np-bad-no-operator', (s) => delete s.template.spec.requirements[0].operator) },
  { name: 'no requirements', body: nodePool('np-bad-no-reqs', (s) => delete s.template.spec.requirements) },
  { name: 'no nodeClassRef', body: nodePool('np-bad-no-ref', (s) => delete s.template.spec.nodeClassRef) },
  { name: 'a nodeClassRef without name and group', body: nodePool('np-bad-ref', (s) => (s.template.spec.nodeClassRef = { kind: 'NodeClass' })) },
  { name: 'a nodeClassRef group with a slash', body: nodePool('np-bad-ref-group', (s) => (s.template.spec.nodeClassRef.group = 'eks.amazonaws.com/v1')) },
  { name: 'no template', body: nodePool('np-bad-no-template', (s) => delete s.template) },
  { name: 'no spec', body: nodePool('np-bad-no-spec', (_s, o) => delete o.spec) },
  { name: 'a limit that is no quantity', body: nodePool('np-bad-limit', (s) => (s.limits = { cpu: 'lots' })) },
  { name: 'a taint effect Sometimes and a taint value with spaces', body: nodePool('np-bad-taint', (s) => (s.template.spec.taints = [{ key: 'a', value: 'has spaces', effect: 'Sometimes' }])) },
  { name: 'a taint without effect', body: nodePool('np-bad-taint-effect', (s) => (s.template.spec.taints = [{ key: 'a' }])) },
  { name: 'a template label value of 64 characters', body: nodePool('np-bad-label', (s) => (s.template.metadata = { labels: { team: 'x'.repeat(64) } })) },
  { name: 'a template label value with a space', body: nodePool('np-bad-label-value', (s) => (s.template.metadata = { labels: { team: 'a b' } })) },
  { name: 'a taint timeAdded that is no date-time', body: nodePool('np-bad-time', (s) => (s.template.spec.taints = [{ key: 'a', effect: 'NoSchedule', timeAdded: 'yesterday' }])) },
  { name: 'requirements as a string', body: nodePool('np-bad-reqs-type', (s) => (s.template.spec.requirements = 'instance-type=m6a.xlarge')) },
  { name: 'a duplicate budget reason', body: nodePool('np-bad-dup-reason', (s) => (s.disruption = budgets({ nodes: '1', reasons: ['Empty', 'Empty'] }))) },
  { name: 'several errors at once', body: nodePool('np-bad-many', (s) => {
    s.weight = 0;
    s.template.spec.expireAfter = '1 week';
    s.template.spec.requirements[0].operator = 'Has';
    s.disruption = budgets({ nodes: 'x', reasons: ['Expired'] });
  }) },
  // Status writes: decoded and validated against the status schema.
  { name: 'a status write is pruned', body: nodePool('np-status-prune'), status: { nodeClassObservedGeneration: 2, unknown: 1 } },
  // Not status.nodes: the CRD's scale subresource reads it, and the sandbox serves no NodePool scale.
  { name: 'a status observed generation as a string', body: nodePool('np-status-type'), status: { nodeClassObservedGeneration: 'x' } },
  { name: 'a status condition without its required fields and with status Maybe', body: nodePool('np-status-cond'), status: { conditions: [{ type: 'Ready', status: 'Maybe' }] } },
  // Not a condition type listed twice: 1.20 checks list-type map keys on the main resource only,
  // not on a /status write; the sandbox refuses it there too (status is validated like the rest).
  // Updates: the same decoding on a merge patch.
  { name: 'a merge patch is pruned and defaulted too', body: nodePool('np-patch'), patch: { spec: { weight: 5, unknown: 1, template: { spec: { expireAfter: null } } } } },
  { name: 'a merge patch breaking the schema is refused', body: nodePool('np-patch-bad'), patch: { spec: { disruption: { budgets: [{ nodes: '1', reasons: ['Expired'] }] } } } },
];

const nodeClaims: Manifest[] = [
  { name: 'the smallest valid NodeClaim gets expireAfter', body: nodeClaim('nc-min') },
  { name: 'a NodeClaim with resources, taints and terminationGracePeriod', body: nodeClaim('nc-full', (s) => {
    s.resources = { requests: { cpu: '1500m', memory: '2Gi', pods: 3 } };
    s.taints = [{ key: 'karpenter.sh/disrupted', effect: 'NoSchedule' }];
    s.startupTaints = [{ key: 'init', effect: 'NoSchedule' }];
    s.terminationGracePeriod = '1h';
    s.expireAfter = 'Never';
  }) },
  { name: 'a NodeClaim with unknown fields and a status is pruned', body: nodeClaim('nc-prune', (s, o) => {
    o.status = { nodeName: 'x' };
    s.unknown = 1;
    s.resources = { requests: { cpu: '1' }, limits: { cpu: '2' } };
    s.nodeClassRef.extra = 'x';
  }) },
  { name: 'a NodeClaim status nodeName that is a number', body: nodeClaim('nc-status-type'), status: { nodeName: 5 } },
  { name: 'a NodeClaim status capacity that is no quantity', body: nodeClaim('nc-status-capacity'), status: { capacity: { cpu: 'lots' } } },
  { name: 'a NodeClaim expireAfter of 2 weeks', body: nodeClaim('nc-bad-expire', (s) => (s.expireAfter = '2 weeks')) },
  { name: 'a NodeClaim without requirements', body: nodeClaim('nc-bad-no-reqs', (s) => delete s.requirements) },
  { name: 'a NodeClaim without nodeClassRef kind', body: nodeClaim('nc-bad-ref', (s) => delete s.nodeClassRef.kind) },
  { name: 'a NodeClaim resource that is no quantity', body: nodeClaim('nc-bad-resource', (s) => (s.resources = { requests: { cpu: 'one' } })) },
  { name: 'a NodeClaim requirement operator Maybe and minValues 0', body: nodeClaim('nc-bad-operator', (s) => Object.assign(s.requirements[0], { operator: 'Maybe', minValues: 0 })) },
  // Not an empty effect: 1.20 also calls an empty string a null there ("must be of type string:
  // \"null\""), which later servers do not.
  { name: 'a NodeClaim taint with an effect of Always', body: nodeClaim('nc-bad-taint', (s) => (s.taints = [{ key: 'a', effect: 'Always' }])) },
  { name: 'a NodeClaim terminationGracePeriod of 1d', body: nodeClaim('nc-bad-tgp', (s) => (s.terminationGracePeriod = '1d')) },
];

function nodeClass(name: string, change: (spec: Obj, o: Obj) => void = () => {}): Obj {
  const o: Obj = { apiVersion: 'eks.amazonaws.com/v1', kind: 'NodeClass', metadata: { name }, spec: { role: 'AmazonEKSAutoNodeRole' } };
  change(o.spec, o);
  return o;
}

// The Auto Mode NodeClass schema is this project's (AWS publishes none): both servers read the
// same file, so these check that 1.20 takes it as the sandbox does.
const nodeClasses: Manifest[] = [
  { name: 'a NodeClass with a role', body: nodeClass('ncl-min') },
  { name: 'a NodeClass with every documented field', body: nodeClass('ncl-full', (s) => Object.assign(s, {
    subnetSelectorTerms: [{ id: 'subnet-0a1b2c3d' }, { tags: { 'kubernetes.io/role/internal-elb': '1' } }],
    securityGroupSelectorTerms: [{ tags: { team: 'ml' } }],
    podSubnetSelectorTerms: [{ id: 'subnet-0f00' }],
    snatPolicy: 'Disabled',
    networkPolicy: 'DefaultDeny',
    networkPolicyEventLogs: 'Enabled',
    ephemeralStorage: { size: '100Gi', iops: 3000, throughput: 125 },
    tags: { team: 'ml' },
  })) },
  { name: 'a NodeClass with unknown fields is pruned', body: nodeClass('ncl-prune', (s) => Object.assign(s, { amiFamily: 'AL2023', ephemeralStorage: { size: '80Gi', kmsKeyID: 'x' } })) },
  { name: 'a NodeClass snatPolicy Always', body: nodeClass('ncl-bad-snat', (s) => (s.snatPolicy = 'Always')) },
  { name: 'a NodeClass networkPolicy Open and event logs On', body: nodeClass('ncl-bad-policy', (s) => Object.assign(s, { networkPolicy: 'Open', networkPolicyEventLogs: 'On' })) },
  { name: 'a NodeClass ephemeral storage size that is no quantity', body: nodeClass('ncl-bad-size', (s) => (s.ephemeralStorage = { size: 'big' })) },
  { name: 'a NodeClass iops as a string', body: nodeClass('ncl-bad-iops', (s) => (s.ephemeralStorage = { iops: '3000' })) },
  { name: 'a NodeClass subnetSelectorTerms that is no list', body: nodeClass('ncl-bad-terms', (s) => (s.subnetSelectorTerms = { id: 'subnet-1' })) },
];

/** The parts of a stored object that must agree (identity and times are each server's own). */
function stored(o: Obj): Obj {
  const { uid: _u, resourceVersion: _r, creationTimestamp: _c, managedFields: _m, selfLink: _s, ...metadata } = o.metadata ?? {};
  return { ...o, metadata };
}

/** A refusal's causes as 1.20 can state them: no list indices, sorted, without CEL's notice. */
function causes(res: RawResponse): string[] {
  const list = (res.json?.details?.causes ?? []) as { field?: string; reason?: string; message: string }[];
  const drop = (s: string) => s.replace(/\[\d+\]/g, '');
  return [
    ...new Set(
      list
        .filter((c) => !c.message.includes('some validation rules were not checked'))
        .map((c) => `${c.reason} ${drop(c.field ?? '')}: ${drop(c.message)}`),
    ),
  ].sort();
}

async function run(server: Server, plural: string, m: Manifest) {
  const path = `/apis/${m.body.apiVersion}/${plural}`;
  const created = await send(server, { method: 'POST', path, body: m.body });
  const patched = m.patch && created.status === 201
    ? await send(server, { method: 'PATCH', path: `${path}/${m.body.metadata.name}`, contentType: 'application/merge-patch+json', body: m.patch })
    : undefined;
  const statusWrite = m.status && created.status === 201
    ? await send(server, { method: 'PATCH', path: `${path}/${m.body.metadata.name}/status`, contentType: 'application/merge-patch+json', body: { status: m.status } })
    : undefined;
  const read = created.status === 201 ? await send(server, { path: `${path}/${m.body.metadata.name}` }) : undefined;
  if (created.status === 201) await send(server, { method: 'DELETE', path: `${path}/${m.body.metadata.name}` });
  return { created, patched, statusWrite, read };
}

function compare(real: RawResponse, sandbox: RawResponse) {
  expect(sandbox.status, sandbox.text.slice(0, 600)).toBe(real.status);
  if (real.status >= 400) {
    expect(sandbox.json?.reason).toBe(real.json?.reason);
    expect(causes(sandbox)).toEqual(causes(real));
  } else {
    const { status: _s, ...rest } = stored(sandbox.json);
    expect(rest).toEqual(stored(real.json));
  }
}

for (const [plural, manifests] of [['nodepools', nodePools], ['nodeclaims', nodeClaims], ['nodeclasses', nodeClasses]] as const) {
  describe(`${plural} against the published CRD`, () => {
    for (const m of manifests) {
      it(m.name, async () => {
        const real = await run(pair.real, plural, m);
        const sandbox = await run(pair.sandbox, plural, m);
        compare(real.created, sandbox.created);
        // A client-created object has no status on either server when it is created.
        if (real.created.status === 201) expect(sandbox.created.json.status).toEqual(real.created.json.status);
        if (real.patched || sandbox.patched) compare(real.patched!, sandbox.patched!);
        if (real.read && sandbox.read) expect(stored(sandbox.read.json).spec).toEqual(stored(real.read.json).spec);
        if (m.status) {
          // The sandbox's own status loops may have written other status fields: compare the ones sent.
          const [a, b] = [real.statusWrite!, sandbox.statusWrite!];
          expect(b.status, b.text.slice(0, 600)).toBe(a.status);
          if (a.status >= 400) expect(causes(b)).toEqual(causes(a));
          else for (const key of Object.keys(m.status)) expect(b.json.status?.[key], key).toEqual(a.json.status?.[key]);
        }
      });
    }
  });
}

it('covers at least 40 manifests, valid and refused', () => {
  expect(nodePools.length + nodeClaims.length).toBeGreaterThanOrEqual(40);
});
