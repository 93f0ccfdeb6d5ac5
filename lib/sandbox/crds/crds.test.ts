import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { CRD_DIR, CRD_FILES, crds, customResourceCauses, decodeCustomResource, parseCrd, UnknownRuleError } from '.';
import { RULES } from './cel-rules';
import type { Schema } from './schema';
import { Store } from '../store';
import { SimClock } from '../sim/clock';
import { EksCluster } from '../eks/cluster';
import { seedMigration } from '../sim/scenario';

type Obj = Record<string, any>;
const NP = 'karpenter.sh/nodepools';
const NC = 'karpenter.sh/nodeclaims';
const NOT_CHECKED = '<nil>: Invalid value: "null": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation';

const nodePool = (): Obj => ({
  apiVersion: 'karpenter.sh/v1',
  kind: 'NodePool',
  metadata: { name: 'ai-ml' },
  spec: {
    template: {
      spec: {
        nodeClassRef: { group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'ai-ml-node-class' },
        requirements: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m6a.xlarge', 'c6a.large'] }],
      },
    },
  },
});

const nodeClaim = (): Obj => ({
  apiVersion: 'karpenter.sh/v1',
  kind: 'NodeClaim',
  metadata: { name: 'ai-ml-abcde' },
  spec: {
    nodeClassRef: { group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'ai-ml-node-class' },
    requirements: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m6a.xlarge'] }],
  },
});

/** What the apiserver does to a write: decode (prune, default), then validate. */
function admit(storage: string, obj: Obj, old?: Obj): string[] {
  decodeCustomResource(storage, obj);
  return customResourceCauses(storage, obj, old).map((c) => `${c.field}: ${c.message}`);
}

const edit = (f: (o: Obj) => void, make = nodePool) => {
  const o = make();
  f(o);
  return o;
};

/** The message a CRD file gives a rule, read from the file itself. */
function crdMessage(storage: string, rule: string): string {
  let found: string | undefined;
  const walk = (s: Schema | undefined) => {
    if (!s) return;
    for (const r of s['x-kubernetes-validations'] ?? []) if (r.rule === rule) found = r.message;
    Object.values(s.properties ?? {}).forEach(walk);
    if (typeof s.additionalProperties === 'object') walk(s.additionalProperties);
    walk(s.items);
  };
  walk(crds().get(storage)!.spec.versions[0].schema.openAPIV3Schema);
  if (!found) throw new Error(`no rule ${rule}`);
  return found;
}

describe('the CRD files', () => {
  it('are the published Karpenter CRDs and the Auto Mode NodeClass, each naming its source', () => {
    expect([...crds().keys()]).toEqual(['karpenter.sh/nodepools', 'karpenter.sh/nodeclaims', 'eks.amazonaws.com/nodeclasses']);
    for (const file of CRD_FILES) expect(fs.readFileSync(path.join(CRD_DIR, file), 'utf8')).toMatch(/^(# .*\n)*# .*(github\.com\/kubernetes-sigs\/karpenter\/blob\/v1\.14\.1\/|docs\.aws\.amazon\.com\/)/);
  });

  it('refuse to load with a CEL rule the sandbox has not written out', () => {
    const text = fs.readFileSync(path.join(CRD_DIR, 'karpenter.sh_nodepools.yaml'), 'utf8');
    const crd = yaml.load(text) as Obj;
    crd.spec.versions[0].schema.openAPIV3Schema.properties.spec['x-kubernetes-validations'].push({ rule: 'self.weight < 50', message: 'too heavy' });
    expect(() => parseCrd(yaml.dump(crd), 'changed.yaml')).toThrow(UnknownRuleError);
    expect(() => parseCrd(yaml.dump(crd), 'changed.yaml')).toThrow('CEL rule not known to the sandbox: self.weight < 50');
  });

  it('use every rule the sandbox knows (none is dead)', () => {
    const used = new Set<string>();
    const walk = (s: Schema | undefined) => {
      if (!s) return;
      for (const r of s['x-kubernetes-validations'] ?? []) used.add(r.rule);
      Object.values(s.properties ?? {}).forEach(walk);
      if (typeof s.additionalProperties === 'object') walk(s.additionalProperties);
      walk(s.items);
    };
    for (const crd of crds().values()) walk(crd.spec.versions[0].schema.openAPIV3Schema);
    expect([...used].sort()).toEqual(Object.keys(RULES).sort());
  });
});

describe('pruning and defaults', () => {
  it('drops unknown fields, keeps known ones, and fills the CRD defaults', () => {
    const p = edit((o) => {
      o.metadata.foo = 1;
      o.spec.unknown = 1;
      o.spec.template.metadata = { name: 'x', labels: { team: 'ml' } };
      o.spec.template.spec.requirements[0].extra = true;
    });
    expect(admit(NP, p)).toEqual([]);
    expect(p.metadata).toEqual({ name: 'ai-ml' });
    expect(p.spec).toEqual({
      template: {
        metadata: { labels: { team: 'ml' } },
        spec: {
          nodeClassRef: { group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'ai-ml-node-class' },
          requirements: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m6a.xlarge', 'c6a.large'] }],
          expireAfter: '720h',
        },
      },
      disruption: { consolidateAfter: '0s', budgets: [{ nodes: '10%' }], consolidationPolicy: 'WhenEmptyOrUnderutilized' },
    });
  });

  it('names every field it drops, for strict field validation', () => {
    const p = edit((o) => {
      o.metadata.foo = 1;
      o.spec.unknown = 1;
      o.spec.template.spec.requirements[0].extra = true;
      o.spec.limits = { cpu: '1' };
    });
    const dropped: string[] = [];
    decodeCustomResource(NP, p, dropped);
    expect(dropped.sort()).toEqual(['metadata.foo', 'spec.template.spec.requirements[0].extra', 'spec.unknown']);
  });

  it('defaults inside a parent only when the parent is there: disruption without consolidateAfter is refused', () => {
    const p = edit((o) => (o.spec.disruption = { budgets: [{ reasons: ['Empty'] }] }));
    expect(admit(NP, p)).toEqual(['spec.disruption.consolidateAfter: Required value', NOT_CHECKED]);
    expect(p.spec.disruption.budgets).toEqual([{ reasons: ['Empty'], nodes: '10%' }]);
  });

  it('replaces a null with the default, and drops a null that has none', () => {
    const p = edit((o) => {
      o.spec.template.spec.expireAfter = null;
      o.spec.weight = null;
    });
    expect(admit(NP, p)).toEqual([]);
    expect(p.spec.template.spec.expireAfter).toBe('720h');
    expect('weight' in p.spec).toBe(false);
  });

  it('a missing or null spec is required', () => {
    expect(admit(NP, edit((o) => delete o.spec))).toEqual(['spec: Required value', NOT_CHECKED]);
    expect(admit(NP, edit((o) => (o.spec = null)))).toEqual(['spec: Required value', NOT_CHECKED]);
  });

  it('NodeClaims get expireAfter', () => {
    const c = nodeClaim();
    expect(admit(NC, c)).toEqual([]);
    expect(c.spec.expireAfter).toBe('720h');
  });
});

describe('schema rules, with kube-apiserver wording', () => {
  // The plain cases of the issue that found the sandbox answering differently from the CRD.
  const cases: [string, (o: Obj) => void, string[]][] = [
    ['expireAfter: 30 days', (o) => (o.spec.template.spec.expireAfter = '30 days'), ["spec.template.spec.expireAfter: Invalid value: \"30 days\": spec.template.spec.expireAfter in body should match '^(([0-9]+(s|m|h))+|Never)$'"]],
    ['terminationGracePeriod: a while', (o) => (o.spec.template.spec.terminationGracePeriod = 'a while'), ["spec.template.spec.terminationGracePeriod: Invalid value: \"a while\": spec.template.spec.terminationGracePeriod in body should match '^([0-9]+(s|m|h))+$'"]],
    ['a requirement key `bad key!`', (o) => (o.spec.template.spec.requirements[0].key = 'bad key!'), ["spec.template.spec.requirements[0].key: Invalid value: \"bad key!\": spec.template.spec.requirements[0].key in body should match '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*(\\/))?([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$'"]],
    ['minValues: 0', (o) => (o.spec.template.spec.requirements[0].minValues = 0), ['spec.template.spec.requirements[0].minValues: Invalid value: 0: spec.template.spec.requirements[0].minValues in body should be greater than or equal to 1']],
    ['a budget reason Expired', (o) => (o.spec.disruption = { consolidateAfter: '1m', budgets: [{ nodes: '1', reasons: ['Expired'] }] }), ['spec.disruption.budgets[0].reasons[0]: Unsupported value: "Expired": supported values: "Underutilized", "Empty", "Drifted"', NOT_CHECKED]],
    ['a schedule @sometimes', (o) => (o.spec.disruption = { consolidateAfter: '1m', budgets: [{ nodes: '1', schedule: '@sometimes', duration: '1h' }] }), ["spec.disruption.budgets[0].schedule: Invalid value: \"@sometimes\": spec.disruption.budgets[0].schedule in body should match '^(@(annually|yearly|monthly|weekly|daily|midnight|hourly))|((.+)\\s(.+)\\s(.+)\\s(.+)\\s(.+))$'"]],
    ['a budget duration 90s', (o) => (o.spec.disruption = { consolidateAfter: '1m', budgets: [{ nodes: '1', schedule: '@daily', duration: '90s' }] }), ["spec.disruption.budgets[0].duration: Invalid value: \"90s\": spec.disruption.budgets[0].duration in body should match '^((([0-9]+(h|m))|([0-9]+h[0-9]+m))(0s)?)$'"]],
    ['51 budgets', (o) => (o.spec.disruption = { consolidateAfter: '1m', budgets: Array.from({ length: 51 }, () => ({ nodes: '1' })) }), ['spec.disruption.budgets: Invalid value: 51: spec.disruption.budgets in body should have at most 50 items', NOT_CHECKED]],
    ['weight 0', (o) => (o.spec.weight = 0), ['spec.weight: Invalid value: 0: spec.weight in body should be greater than or equal to 1']],
    ['weight 101', (o) => (o.spec.weight = 101), ['spec.weight: Invalid value: 101: spec.weight in body should be less than or equal to 100']],
    ['weight "x"', (o) => (o.spec.weight = 'x'), ['spec.weight: Invalid value: "string": spec.weight in body must be of type integer: "string"', NOT_CHECKED]],
    ['weight 1.5', (o) => (o.spec.weight = 1.5), ['spec.weight: Invalid value: "number": spec.weight in body must be of type integer: "number"', NOT_CHECKED]],
    ['a limit that is no quantity', (o) => (o.spec.limits = { cpu: 'abc', memory: 5 }), ["spec.limits.cpu: Invalid value: \"abc\": spec.limits.cpu in body should match '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$'"]],
    ['a label value of 64 characters', (o) => (o.spec.template.metadata = { labels: { a: 'x'.repeat(64) } }), [`spec.template.metadata.labels.a: Invalid value: "${'x'.repeat(64)}": spec.template.metadata.labels.a in body should be at most 63 chars long`, NOT_CHECKED]],
    ['a taint timeAdded that is no date-time', (o) => (o.spec.template.spec.taints = [{ key: 'a', effect: 'NoSchedule', timeAdded: 'yesterday' }]), ['spec.template.spec.taints[0].timeAdded: Invalid value: "yesterday": spec.template.spec.taints[0].timeAdded in body must be of type date-time: "yesterday"']],
    ['a duplicate budget reason', (o) => (o.spec.disruption = { consolidateAfter: '1m', budgets: [{ nodes: '1', reasons: ['Empty', 'Empty'] }] }), ['spec.disruption.budgets[0].reasons[1]: Duplicate value: "Empty"']],
    ['negative replicas', (o) => (o.spec.replicas = -1), ['spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or equal to 0']],
  ];
  for (const [name, change, expected] of cases) {
    it(`refuses ${name}`, () => expect(admit(NP, edit(change))).toEqual(expected));
  }

  it('accepts the durations, schedules and budgets the patterns allow', () => {
    const p = edit((o) => {
      o.spec.template.spec.expireAfter = 'Never';
      o.spec.template.spec.terminationGracePeriod = '24h0m0s';
      o.spec.disruption = { consolidateAfter: '1h30m', budgets: [{ nodes: '0', schedule: '0 9 * * mon-fri', duration: '8h', reasons: ['Underutilized'] }, { nodes: '100%' }] };
      o.spec.limits = { cpu: 64, memory: '256Gi' };
      o.spec.template.spec.taints = [{ key: 'workload', value: 'ai-ml', effect: 'NoSchedule', timeAdded: '2026-12-06T13:00:00Z' }];
    });
    expect(admit(NP, p)).toEqual([]);
  });
});

describe('CEL rules, each with the CRD\'s own message', () => {
  const rule = (storage: string, text: string) => crdMessage(storage, text);
  const cases: [string, Obj, string[], Obj?][] = [
    ['an In requirement without values', edit((o) => o.spec.template.spec.requirements.push({ key: 'a', operator: 'In', values: [] })), [`spec.template.spec.requirements: Invalid value: "array": ${rule(NP, "self.all(x, x.operator == 'In' ? x.values.size() != 0 : true)")}`]],
    ['a Gt requirement with two values', edit((o) => o.spec.template.spec.requirements.push({ key: 'a', operator: 'Gt', values: ['1', '2'] })), [`spec.template.spec.requirements: Invalid value: "array": ${rule(NP, "self.all(x, (x.operator == 'Gt' || x.operator == 'Lt' || x.operator == 'Gte' || x.operator == 'Lte') ? (x.values.size() == 1 && int(x.values[0]) >= 0) : true)")}`]],
    ['a Lt requirement below zero', edit((o) => o.spec.template.spec.requirements.push({ key: 'a', operator: 'Lt', values: ['-1'] })), [`spec.template.spec.requirements: Invalid value: "array": ${rule(NP, "self.all(x, (x.operator == 'Gt' || x.operator == 'Lt' || x.operator == 'Gte' || x.operator == 'Lte') ? (x.values.size() == 1 && int(x.values[0]) >= 0) : true)")}`]],
    ['minValues above the number of values', edit((o) => (o.spec.template.spec.requirements[0].minValues = 3)), [`spec.template.spec.requirements: Invalid value: "array": ${rule(NP, "self.all(x, (x.operator == 'In' && has(x.minValues)) ? x.values.size() >= x.minValues : true)")}`]],
    ['a schedule without a duration', edit((o) => (o.spec.disruption = { consolidateAfter: '1m', budgets: [{ nodes: '1', schedule: '@daily' }] })), [`spec.disruption.budgets: Invalid value: "array": 'schedule' must be set with 'duration'`]],
    ['an empty nodeClassRef name', edit((o) => (o.spec.template.spec.nodeClassRef.name = '')), ['spec.template.spec.nodeClassRef.name: Invalid value: "string": name may not be empty']],
    ['an empty nodeClassRef group and kind', edit((o) => Object.assign(o.spec.template.spec.nodeClassRef, { group: '', kind: '' })), ['spec.template.spec.nodeClassRef.group: Invalid value: "string": group may not be empty', 'spec.template.spec.nodeClassRef.kind: Invalid value: "string": kind may not be empty']],
    ['a karpenter.sh requirement key', edit((o) => o.spec.template.spec.requirements.push({ key: 'sub.karpenter.sh/x', operator: 'Exists' })), ['spec.template.spec.requirements[1].key: Invalid value: "string": label domain "karpenter.sh" is restricted']],
    ['the karpenter.sh/nodepool requirement key', edit((o) => o.spec.template.spec.requirements.push({ key: 'karpenter.sh/nodepool', operator: 'Exists' })), ['spec.template.spec.requirements[1].key: Invalid value: "string": label "karpenter.sh/nodepool" is restricted']],
    ['the hostname requirement key', edit((o) => o.spec.template.spec.requirements.push({ key: 'kubernetes.io/hostname', operator: 'Exists' })), ['spec.template.spec.requirements[1].key: Invalid value: "string": label "kubernetes.io/hostname" is restricted']],
    ['template labels in restricted domains', edit((o) => (o.spec.template.metadata = { labels: { 'karpenter.sh/x': 'a', 'karpenter.sh/nodepool': 'b', 'kubernetes.io/hostname': 'c', 'karpenter.sh/capacity-type': 'spot' } })), [
      'spec.template.metadata.labels: Invalid value: "object": label domain "karpenter.sh" is restricted',
      'spec.template.metadata.labels: Invalid value: "object": label "karpenter.sh/nodepool" is restricted',
      'spec.template.metadata.labels: Invalid value: "object": label "kubernetes.io/hostname" is restricted',
    ]],
    ['weight on a static NodePool', edit((o) => Object.assign(o.spec, { replicas: 2, weight: 10 })), [`spec: Invalid value: "object": 'weight' is not supported on static NodePools`]],
    ['a cpu limit on a static NodePool', edit((o) => Object.assign(o.spec, { replicas: 2, limits: { cpu: '4' } })), [`spec: Invalid value: "object": only 'limits.nodes' is supported on static NodePools`]],
    ['a NodePool made static', edit((o) => (o.spec.replicas = 2)), ['spec: Invalid value: "object": Cannot transition NodePool between static (replicas set) and dynamic (replicas unset) provisioning modes'], nodePool()],
    ['a nodeClassRef group and kind changed', edit((o) => Object.assign(o.spec.template.spec.nodeClassRef, { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass' })), [
      'spec.template.spec.nodeClassRef: Invalid value: "object": nodeClassRef.group is immutable',
      'spec.template.spec.nodeClassRef: Invalid value: "object": nodeClassRef.kind is immutable',
    ], nodePool()],
  ];
  for (const [name, obj, expected, old] of cases) {
    it(`refuses ${name}`, () => expect(admit(NP, structuredClone(obj), old)).toEqual(expected));
  }

  it('report an evaluation error as kube-apiserver does: an In requirement with no values at all', () => {
    const p = edit((o) => o.spec.template.spec.requirements.push({ key: 'a', operator: 'In' }));
    expect(admit(NP, p)).toEqual([`spec.template.spec.requirements: Invalid value: "array": no such key: values evaluating rule: requirements with operator 'In' must have a value defined`]);
  });

  it('a Gt requirement on a non-number', () => {
    const p = edit((o) => o.spec.template.spec.requirements.push({ key: 'a', operator: 'Gt', values: ['ten'] }));
    expect(admit(NP, p)).toEqual([
      `spec.template.spec.requirements: Invalid value: "array": strconv.ParseInt: parsing "ten": invalid syntax evaluating rule: requirements operator 'Gt', 'Lt', 'Gte', or 'Lte' must have a single positive integer value`,
    ]);
  });

  it('transition rules need the old object: the same changes pass on create', () => {
    expect(admit(NP, edit((o) => (o.spec.replicas = 2)))).toEqual([]);
    expect(admit(NP, edit((o) => Object.assign(o.spec.template.spec.nodeClassRef, { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass' })))).toEqual([]);
    // Only the name may change.
    expect(admit(NP, edit((o) => (o.spec.template.spec.nodeClassRef.name = 'other')), nodePool())).toEqual([]);
  });

  it('a NodeClaim\'s spec is immutable, compared after defaulting both sides', () => {
    expect(admit(NC, nodeClaim(), nodeClaim())).toEqual([]);
    const changed = edit((o) => (o.spec.requirements[0].values = ['c6a.large']), nodeClaim);
    expect(admit(NC, changed, nodeClaim())).toEqual([`spec: Invalid value: "object": ${rule(NC, 'self == oldSelf')}`]);
  });

  it('NodeClass: exactly one of role and instanceProfile', () => {
    const nc = (spec: Obj) => ({ apiVersion: 'eks.amazonaws.com/v1', kind: 'NodeClass', metadata: { name: 'c' }, spec });
    const message = `spec: Invalid value: "object": must specify exactly one of ['role', 'instanceProfile']`;
    expect(admit('eks.amazonaws.com/nodeclasses', nc({ role: 'r' }))).toEqual([]);
    expect(admit('eks.amazonaws.com/nodeclasses', nc({ instanceProfile: 'p' }))).toEqual([]);
    expect(admit('eks.amazonaws.com/nodeclasses', nc({ role: 'r', instanceProfile: 'p' }))).toEqual([message]);
    expect(admit('eks.amazonaws.com/nodeclasses', nc({}))).toEqual([message]);
  });
});

describe('the sandbox\'s own objects', () => {
  it('the migration scenario\'s NodePools, NodeClaims and NodeClasses validate under the schemas, defaults and all', () => {
    const clock = new SimClock(1);
    const store = new Store({ now: clock.now });
    seedMigration(store, new EksCluster(store, clock, 'sandbox'));
    let seen = 0;
    for (const storage of [NP, NC, 'eks.amazonaws.com/nodeclasses']) {
      for (const o of store.peek(storage)) {
        const obj = structuredClone(o) as Obj;
        expect(admit(storage, obj), `${storage} ${obj.metadata.name}`).toEqual([]);
        seen++;
      }
    }
    expect(seen).toBeGreaterThan(4);
  });
});
