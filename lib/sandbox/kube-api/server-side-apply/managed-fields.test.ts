import { describe, expect, it } from 'vitest';
import { ApiError } from '../../errors';
import { applyConfig, recordUpdate, type ManagedFieldsEntry } from './managed-fields';

const ctx = { builtIn: true };
const at = (now: string) => ({ apiVersion: 'apps/v1', now });
const T1 = '2026-01-01T00:00:00Z';
const T2 = '2026-01-01T00:01:00Z';

const spec = (replicas: number, image = 'nginx:1.27') => ({
  spec: { replicas, template: { spec: { containers: [{ name: 'web', image, ports: [{ containerPort: 80 }] }] } } },
});

function thrown(f: () => unknown): ApiError {
  try {
    f();
  } catch (err) {
    return err as ApiError;
  }
  throw new Error('did not throw');
}

describe('recordUpdate: a write by a manager that does not apply', () => {
  it('on create owns every field, with "." for new maps and list items but not for the struct fields every object has', () => {
    const after = { metadata: { labels: { app: 'web' } }, ...spec(2) };
    const [entry] = recordUpdate(undefined, undefined, after, { manager: 'kubectl-create', ...at(T1) }, ctx);
    expect(entry).toEqual({
      manager: 'kubectl-create',
      operation: 'Update',
      apiVersion: 'apps/v1',
      time: T1,
      fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
        'f:spec': {
          'f:replicas': {},
          'f:template': {
            'f:spec': {
              'f:containers': {
                'k:{"name":"web"}': {
                  '.': {},
                  'f:image': {},
                  'f:name': {},
                  'f:ports': { '.': {}, 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
                },
              },
            },
          },
        },
      },
    });
  });

  it("a null on create (a template's creationTimestamp) is a zero value, owned by no one", () => {
    const [entry] = recordUpdate(undefined, undefined, { spec: { template: { metadata: { creationTimestamp: null, labels: { a: '1' } } } } }, { manager: 'c', ...at(T1) }, ctx);
    expect(entry.fieldsV1).toEqual({ 'f:spec': { 'f:template': { 'f:metadata': { 'f:labels': { '.': {}, 'f:a': {} } } } } });
  });

  it('takes a changed field away from its previous owner and keeps the time of an entry that did not change', () => {
    const first = recordUpdate(undefined, undefined, spec(2), { manager: 'a', ...at(T1) }, ctx);
    const second = recordUpdate(first, spec(2), spec(3), { manager: 'b', ...at(T2) }, ctx);
    expect(second.map((e) => e.manager)).toEqual(['a', 'b']);
    expect((second[0].fieldsV1['f:spec'] as object)).not.toHaveProperty('f:replicas');
    expect(second[0].time).toBe(T1);
    expect(second[1].fieldsV1).toEqual({ 'f:spec': { 'f:replicas': {} } });
  });

  it('a removed field is owned by no one; an emptied entry disappears', () => {
    const first = recordUpdate(undefined, undefined, { data: { a: '1' } }, { manager: 'a', ...at(T1) }, ctx);
    expect(recordUpdate(first, { data: { a: '1' } }, {}, { manager: 'b', ...at(T2) }, ctx)).toEqual([]);
  });

  it('an existing object without managedFields stays untracked by updates (until its first apply)', () => {
    expect(recordUpdate(undefined, { data: { a: '1' } }, { data: { a: '2' } }, { manager: 'kubectl-edit', ...at(T1) }, ctx)).toEqual([]);
  });

  it('writes to the status subresource keep an entry of their own', () => {
    const first = recordUpdate(undefined, undefined, spec(1), { manager: 'a', ...at(T1) }, ctx);
    const entries = recordUpdate(first, {}, { status: { replicas: 1 } }, { manager: 'a', subresource: 'status', ...at(T2) }, ctx);
    expect(entries.map((e) => [e.manager, e.subresource])).toEqual([['a', undefined], ['a', 'status']]);
  });
});

describe('applyConfig: server-side apply', () => {
  const kubectl = { manager: 'kubectl', force: false, ...at(T1) };
  const created = applyConfig({}, [], { metadata: { labels: { app: 'web' } }, ...spec(2) }, kubectl, ctx);

  it('owns exactly the fields it sent: leaves and list items, not the maps holding them', () => {
    const [entry] = created.managedFields;
    expect(entry).toMatchObject({ manager: 'kubectl', operation: 'Apply', time: T1 });
    expect(entry.fieldsV1['f:metadata']).toEqual({ 'f:labels': { 'f:app': {} } });
    expect((entry.fieldsV1['f:spec'] as Record<string, unknown>)['f:template']).toEqual({
      'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {}, 'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } } } } },
    });
  });

  it('a second manager changing an owned field gets a 409 naming manager and path', () => {
    const err = thrown(() => applyConfig(created.object, created.managedFields, spec(5), { ...kubectl, manager: 'other' }, ctx));
    expect(err.code).toBe(409);
    expect(err.reason).toBe('Conflict');
    expect(err.message).toBe('Apply failed with 1 conflict: conflict with "kubectl": .spec.replicas');
    expect(err.details?.causes).toEqual([{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl"', field: '.spec.replicas' }]);
  });

  it('several conflicts are listed per manager, an Update manager with its apiVersion', () => {
    const updated = recordUpdate(created.managedFields, created.object, { ...created.object, ...spec(2, 'nginx:1.28') }, { manager: 'kubectl-edit', ...at(T2) }, ctx);
    const live = { ...created.object, ...spec(2, 'nginx:1.28') };
    const err = thrown(() => applyConfig(live, updated, spec(4, 'nginx:1.29'), { ...kubectl, manager: 'other' }, ctx));
    expect(err.message).toBe(
      'Apply failed with 2 conflicts: conflicts with "kubectl":\n- .spec.replicas\nconflicts with "kubectl-edit" using apps/v1:\n- .spec.template.spec.containers[name="web"].image',
    );
  });

  it('force takes the field over and removes it from the other manager', () => {
    const forced = applyConfig(created.object, created.managedFields, spec(5), { ...kubectl, manager: 'other', force: true, now: T2 }, ctx);
    expect((forced.object.spec as { replicas: number }).replicas).toBe(5);
    const byManager = Object.fromEntries(forced.managedFields.map((e: ManagedFieldsEntry) => [e.manager, e.fieldsV1['f:spec'] as object]));
    expect(byManager.kubectl).not.toHaveProperty('f:replicas');
    expect(byManager.other).toHaveProperty('f:replicas');
  });

  it('the same value applied by two managers is shared, and stays when one of them drops it', () => {
    const shared = applyConfig(created.object, created.managedFields, { metadata: { labels: { app: 'web' } } }, { ...kubectl, manager: 'other' }, ctx);
    const dropped = applyConfig(shared.object, shared.managedFields, spec(2), kubectl, ctx);
    expect(dropped.object.metadata).toEqual({ labels: { app: 'web' } });
  });

  it('re-applying without a field it alone owned removes it, list items included', () => {
    const two = applyConfig({}, [], { spec: { template: { spec: { containers: [{ name: 'web', image: 'a' }, { name: 'side', image: 'b' }] } } } }, kubectl, ctx);
    const one = applyConfig(two.object, two.managedFields, { spec: { template: { spec: { containers: [{ name: 'web', image: 'a' }] } } } }, kubectl, ctx);
    expect(one.object).toEqual({ spec: { template: { spec: { containers: [{ name: 'web', image: 'a' }] } } } });
  });

  it('an object with no managedFields is first owned by before-first-apply, so taking a field is a conflict', () => {
    const err = thrown(() => applyConfig({ data: { a: '1' } }, undefined, { data: { a: '2' } }, kubectl, ctx));
    expect(err.message).toBe('Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .data.a');
  });

  it('an applied empty map owns nothing; a label selector is one atomic field', () => {
    const { managedFields } = applyConfig({}, [], { data: {}, spec: { selector: { matchLabels: { app: 'web' } } } }, kubectl, ctx);
    expect(managedFields[0].fieldsV1).toEqual({ 'f:spec': { 'f:selector': {} } });
  });

  it('a changed label selector is replaced whole, not merged key by key', () => {
    const first = applyConfig({}, [], { spec: { selector: { matchLabels: { a: '1' } } } }, kubectl, ctx);
    const second = applyConfig(first.object, first.managedFields, { spec: { selector: { matchLabels: { b: '2' } } } }, kubectl, ctx);
    expect(second.object).toEqual({ spec: { selector: { matchLabels: { b: '2' } } } });
  });

  it('custom resources treat lists as atomic: the applier owns the list, not its items', () => {
    const { managedFields } = applyConfig({}, [], { spec: { requirements: [{ key: 'a' }] } }, kubectl, { builtIn: false });
    expect(managedFields[0].fieldsV1).toEqual({ 'f:spec': { 'f:requirements': {} } });
  });
});
