import { describe, expect, it } from 'vitest';
import { ApiError } from './errors';
import type { KObject } from './store';
import { parseQuantity, validateName, validateObject } from './validate';

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

function rejection(resource: string, obj: KObject, old?: KObject): ApiError {
  try {
    validateObject(resource, obj, old);
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    return e as ApiError;
  }
  throw new Error('expected a rejection');
}

const pod = (overrides: Partial<KObject> = {}): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'apps', labels: { app: 'web' } },
  spec: { containers: [{ name: 'web', image: 'nginx', resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1' } } }] },
  ...overrides,
});

const deployment = (): KObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'api', namespace: 'apps' },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'api' } },
    template: { metadata: { labels: { app: 'api', tier: 'web' } }, spec: { containers: [{ name: 'api', image: 'nginx:1.27' }] } },
  },
});

const nodePool = (): KObject => ({
  apiVersion: 'karpenter.sh/v1',
  kind: 'NodePool',
  metadata: { name: 'ai-ml' },
  spec: {
    template: {
      spec: {
        nodeClassRef: { group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'ai-ml-node-class' },
        requirements: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m6a.xlarge'] }],
      },
    },
    limits: { cpu: '64', memory: '256Gi' },
    disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '30s', budgets: [{ nodes: '10%' }, { nodes: '0' }] },
  },
});

const nodeClass = (): KObject => ({
  apiVersion: 'eks.amazonaws.com/v1',
  kind: 'NodeClass',
  metadata: { name: 'ai-ml-node-class' },
  spec: { role: 'AmazonEKSAutoNodeRole', snatPolicy: 'Random', networkPolicy: 'DefaultAllow', ephemeralStorage: { size: '80Gi' } },
});

describe('validateName', () => {
  it('returns the apiserver messages for subdomains and labels', () => {
    expect(validateName('web.example', 'subdomain')).toEqual([]);
    expect(validateName('Bad_Name', 'subdomain')).toEqual([SUBDOMAIN_MSG]);
    expect(validateName('a.b', 'label')).toEqual(['must not contain dots']);
    expect(validateName('x'.repeat(64), 'label')).toEqual(['must be no more than 63 characters']);
  });
});

describe('object metadata', () => {
  it('accepts well-formed objects', () => {
    expect(() => validateObject('pods', pod())).not.toThrow();
    expect(() => validateObject('apps/deployments', deployment())).not.toThrow();
    expect(() => validateObject('karpenter.sh/nodepools', nodePool())).not.toThrow();
    expect(() => validateObject('eks.amazonaws.com/nodeclasses', nodeClass())).not.toThrow();
  });

  it('rejects a bad name with the full 422 Status', () => {
    const err = rejection('pods', pod({ metadata: { name: 'Bad_Name', namespace: 'apps' } }));
    expect(err.code).toBe(422);
    expect(err.reason).toBe('Invalid');
    expect(err.message).toBe(`Pod "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": ${SUBDOMAIN_MSG}`);
    expect(err.details).toEqual({
      name: 'Bad_Name',
      kind: 'Pod',
      causes: [{ reason: 'FieldValueInvalid', message: `Invalid value: "Bad_Name": ${SUBDOMAIN_MSG}`, field: 'metadata.name' }],
    });
  });

  it('requires a name unless generateName is given', () => {
    const err = rejection('apps/deployments', { ...deployment(), metadata: { name: '', namespace: 'apps' } });
    expect(err.message).toBe('Deployment.apps "" is invalid: metadata.name: Required value: name or generateName is required');
    expect(() => validateObject('apps/deployments', { ...deployment(), metadata: { name: '', generateName: 'api-' } })).not.toThrow();
  });

  it('uses RFC 1123 label rules for namespaces', () => {
    const ns: KObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team.a' } };
    expect(rejection('namespaces', ns).message).toBe('Namespace "team.a" is invalid: metadata.name: Invalid value: "team.a": must not contain dots');
    const upper: KObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'Team' } };
    expect(rejection('namespaces', upper).message).toBe(`Namespace "Team" is invalid: metadata.name: Invalid value: "Team": ${LABEL_MSG}`);
  });

  it('checks label keys and values, and annotation keys', () => {
    const err = rejection('pods', pod({ metadata: { name: 'p', namespace: 'apps', labels: { 'bad key': 'ok', good: 'bad value' }, annotations: { '/x': 'v' } } }));
    expect(err.details?.causes?.map((c) => `${c.field}: ${c.message}`)).toEqual([
      `metadata.labels: Invalid value: "bad key": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
      `metadata.labels: Invalid value: "bad value": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
      'metadata.annotations: Invalid value: "/x": prefix part must be non-empty',
    ]);
    expect(err.message.startsWith('Pod "p" is invalid: [metadata.labels: Invalid value: "bad key"')).toBe(true);
  });

  it('rejects oversized annotations', () => {
    const err = rejection('pods', pod({ metadata: { name: 'p', namespace: 'apps', annotations: { a: 'x'.repeat(262144) } } }));
    expect(err.message).toBe('Pod "p" is invalid: metadata.annotations: Too long: must have at most 262144 bytes');
  });

  it('forbids renaming on update', () => {
    const err = rejection('pods', pod({ metadata: { name: 'other', namespace: 'apps' } }), pod());
    expect(err.message).toBe('Pod "other" is invalid: metadata.name: Invalid value: "other": field is immutable');
  });
});

describe('pods', () => {
  it('requires containers, names and images', () => {
    expect(rejection('pods', pod({ spec: { containers: [] } })).message).toBe('Pod "web-1" is invalid: spec.containers: Required value');
    expect(rejection('pods', pod({ spec: { containers: [{ name: 'web' }] } })).message).toBe(
      'Pod "web-1" is invalid: spec.containers[0].image: Required value',
    );
    expect(rejection('pods', pod({ spec: { containers: [{ image: 'x' }] } })).message).toBe(
      'Pod "web-1" is invalid: spec.containers[0].name: Required value',
    );
  });

  it('rejects duplicate and malformed container names', () => {
    const err = rejection('pods', pod({ spec: { containers: [{ name: 'a', image: 'x' }, { name: 'a', image: 'y' }, { name: 'B', image: 'z' }] } }));
    expect(err.message).toBe(`Pod "web-1" is invalid: [spec.containers[1].name: Duplicate value: "a", spec.containers[2].name: Invalid value: "B": ${LABEL_MSG}]`);
  });

  it('refuses undecodable quantities with a 400 like the body decoder', () => {
    const err = rejection('pods', pod({ spec: { containers: [{ name: 'w', image: 'x', resources: { requests: { cpu: 'lots' } } }] } }));
    expect([err.code, err.reason, err.message]).toEqual([
      400,
      'BadRequest',
      `Pod in version "v1" cannot be handled as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
    ]);
    expect(rejection('pods', pod({ spec: { containers: [{ name: 'w', image: 'x', resources: { limits: { memory: '1Mm' } } }] } })).message).toMatch(
      /unable to parse quantity's suffix$/,
    );
  });

  it('rejects negative quantities and requests above limits', () => {
    const err = rejection('pods', pod({ spec: { containers: [{ name: 'w', image: 'x', resources: { requests: { cpu: '2', memory: '-1' }, limits: { cpu: '1' } } }] } }));
    expect(err.details?.causes).toEqual([
      { reason: 'FieldValueInvalid', field: 'spec.containers[0].resources.requests[memory]', message: 'Invalid value: "-1": must be greater than or equal to 0' },
      { reason: 'FieldValueInvalid', field: 'spec.containers[0].resources.requests', message: 'Invalid value: "2": must be less than or equal to cpu limit of 1' },
    ]);
  });

  it('checks restartPolicy against its supported values', () => {
    const err = rejection('pods', pod({ spec: { restartPolicy: 'Sometimes', containers: [{ name: 'w', image: 'x' }] } }));
    expect(err.message).toBe('Pod "web-1" is invalid: spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"');
  });
});

describe('parseQuantity', () => {
  it('parses the suffixes the apiserver accepts', () => {
    expect(parseQuantity('100m')).toEqual({ value: 0.1 });
    expect(parseQuantity('1.5Gi')).toEqual({ value: 1.5 * 2 ** 30 });
    expect(parseQuantity('2e3')).toEqual({ value: 2000 });
    expect(parseQuantity(4)).toEqual({ value: 4 });
    expect(parseQuantity('1Q')).toHaveProperty('error');
    expect(parseQuantity('')).toHaveProperty('error');
  });
});

describe('deployments', () => {
  it('requires the selector to match the template labels', () => {
    const d = deployment();
    d.spec.selector = { matchLabels: { app: 'web' } };
    expect(rejection('apps/deployments', d).message).toBe(
      'Deployment.apps "api" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"api", "tier":"web"}: `selector` does not match template `labels`',
    );
  });

  it('requires a selector and rejects an empty one', () => {
    const missing = deployment();
    delete missing.spec.selector;
    expect(rejection('apps/deployments', missing).message).toBe('Deployment.apps "api" is invalid: spec.selector: Required value');
    const empty = deployment();
    empty.spec.selector = {};
    expect(rejection('apps/deployments', empty).message).toBe(
      'Deployment.apps "api" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
    );
  });

  it('rejects negative replicas', () => {
    const d = deployment();
    d.spec.replicas = -1;
    expect(rejection('apps/deployments', d).message).toBe('Deployment.apps "api" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
  });

  it('keeps the selector immutable on update', () => {
    const old = deployment();
    const next = deployment();
    next.spec.selector = { matchLabels: { app: 'api', tier: 'web' } };
    expect(rejection('apps/deployments', next, old).message).toBe(
      'Deployment.apps "api" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"api", "tier":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    );
    expect(() => validateObject('apps/deployments', deployment(), old)).not.toThrow();
  });

  it('validates the pod template, allowing only restartPolicy Always', () => {
    const d = deployment();
    d.spec.template.spec = { restartPolicy: 'Never', containers: [] };
    expect(rejection('apps/deployments', d).details?.causes?.map((c) => c.field)).toEqual([
      'spec.template.spec.containers',
      'spec.template.spec.restartPolicy',
    ]);
  });
});

describe('NodePool (its published CRD)', () => {
  const NOT_CHECKED = '<nil>: Invalid value: "null": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation';
  const causes = (p: KObject, old?: KObject) => rejection('karpenter.sh/nodepools', p, old).details?.causes?.map((c) => `${c.field}: ${c.message}`);

  it('reports an unsupported consolidation policy with the CRD enum, and skips the CEL rules', () => {
    const p = nodePool();
    p.spec.disruption.consolidationPolicy = 'Sometimes';
    expect(rejection('karpenter.sh/nodepools', p).message).toBe(
      `NodePool.karpenter.sh "ai-ml" is invalid: [spec.disruption.consolidationPolicy: Unsupported value: "Sometimes": supported values: "WhenEmpty", "WhenEmptyOrUnderutilized", "Balanced", ${NOT_CHECKED}]`,
    );
  });

  it('requires nodeClassRef and its group, kind and name', () => {
    const p = nodePool();
    p.spec.template.spec.nodeClassRef = { kind: 'NodeClass' };
    expect(causes(p)).toEqual(['spec.template.spec.nodeClassRef.group: Required value', 'spec.template.spec.nodeClassRef.name: Required value', NOT_CHECKED]);
    delete p.spec.template.spec.nodeClassRef;
    expect(causes(p)).toEqual(['spec.template.spec.nodeClassRef: Required value', NOT_CHECKED]);
  });

  it('checks requirement operators, consolidateAfter and budget nodes', () => {
    const p = nodePool();
    p.spec.template.spec.requirements[0].operator = 'Matches';
    p.spec.disruption.consolidateAfter = '5 minutes';
    p.spec.disruption.budgets = [{ nodes: '150%' }, { nodes: '3' }];
    expect(causes(p)).toEqual([
      'spec.template.spec.requirements[0].operator: Unsupported value: "Matches": supported values: "Gte", "Lte", "In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"',
      "spec.disruption.consolidateAfter: Invalid value: \"5 minutes\": spec.disruption.consolidateAfter in body should match '^(([0-9]+(s|m|h))+|Never)$'",
      "spec.disruption.budgets[0].nodes: Invalid value: \"150%\": spec.disruption.budgets[0].nodes in body should match '^((100|[0-9]{1,2})%|[0-9]+)$'",
      NOT_CHECKED,
    ]);
  });

  it('runs the CEL rules with their own messages once the schema is satisfied', () => {
    const p = nodePool();
    p.spec.template.spec.requirements.push({ key: 'karpenter.sh/custom', operator: 'In', values: [] });
    expect(causes(p)).toEqual([
      'spec.template.spec.requirements: Invalid value: "array": requirements with operator \'In\' must have a value defined',
      'spec.template.spec.requirements[1].key: Invalid value: "string": label domain "karpenter.sh" is restricted',
    ]);
  });

  it('accepts Never and compound durations', () => {
    for (const after of ['Never', '1h30m', '0s']) {
      const p = nodePool();
      p.spec.disruption.consolidateAfter = after;
      expect(() => validateObject('karpenter.sh/nodepools', p)).not.toThrow();
    }
  });
});

describe('NodeClass', () => {
  it('needs exactly one of role and instanceProfile', () => {
    const both = nodeClass();
    both.spec.instanceProfile = 'profile';
    const neither = nodeClass();
    delete neither.spec.role;
    for (const c of [both, neither]) {
      expect(rejection('eks.amazonaws.com/nodeclasses', c).message).toBe(
        'NodeClass.eks.amazonaws.com "ai-ml-node-class" is invalid: spec: Invalid value: "object": must specify exactly one of [\'role\', \'instanceProfile\']',
      );
    }
  });

  it('checks snatPolicy, networkPolicy and ephemeral storage size', () => {
    const c = nodeClass();
    c.spec.snatPolicy = 'Always';
    c.spec.networkPolicy = 'Open';
    c.spec.ephemeralStorage.size = 'big';
    const messages = rejection('eks.amazonaws.com/nodeclasses', c).details?.causes?.map((x) => `${x.field}: ${x.message}`);
    expect(messages?.slice(0, 2)).toEqual([
      'spec.snatPolicy: Unsupported value: "Always": supported values: "Random", "Disabled"',
      'spec.networkPolicy: Unsupported value: "Open": supported values: "DefaultAllow", "DefaultDeny"',
    ]);
    expect(messages?.[2]).toMatch(/^spec\.ephemeralStorage\.size: Invalid value: "big": spec\.ephemeralStorage\.size in body should match '\^/);
  });
});
