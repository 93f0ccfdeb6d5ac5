import { describe, expect, it } from 'vitest';
import { LAST_APPLIED, lastAppliedText, refreshLastApplied, takeoverFields } from './last-applied';
import { applyConfig, recordUpdate } from './managed-fields';
import { members } from './field-set';

const ctx = { builtIn: true };
const T = '2026-01-01T00:00:00Z';

describe('kubectl moving from client-side to server-side apply', () => {
  const lastApplied = { spec: { replicas: 2, paused: false } };

  it('may take over the last-applied fields whose value the object still has', () => {
    const live = { spec: { replicas: 2, paused: true } };
    expect(members(takeoverFields(lastApplied, live, ctx))).toEqual([['f:spec', 'f:replicas']]);
  });

  it('an apply by kubectl changing a field the client-side apply owns is no conflict; by another manager it is', () => {
    const live = { spec: { replicas: 2 } };
    const entries = recordUpdate(undefined, undefined, live, { manager: 'kubectl-client-side-apply', apiVersion: 'apps/v1', now: T }, ctx);
    const applier = { manager: 'kubectl', apiVersion: 'apps/v1', now: T, force: false, lastApplied: { spec: { replicas: 2 } } };
    const result = applyConfig(live, entries, { spec: { replicas: 3 } }, applier, ctx);
    expect(result.object).toEqual({ spec: { replicas: 3 } });
    expect(result.managedFields.map((e) => e.manager)).toEqual(['kubectl']);
    expect(() => applyConfig(live, entries, { spec: { replicas: 3 } }, { ...applier, manager: 'other' }, ctx)).toThrow(
      'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
    );
  });

  it('the annotation becomes the applied object with sorted keys and a newline, only when it was there', () => {
    const applied = { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'a' }, data: { b: '1', a: '2' } };
    expect(lastAppliedText(applied)).toBe('{"apiVersion":"v1","data":{"a":"2","b":"1"},"kind":"ConfigMap","metadata":{"name":"a"}}\n');
    const withAnnotation = { metadata: { annotations: { [LAST_APPLIED]: '{}', keep: 'x' } } };
    const refreshed = refreshLastApplied(withAnnotation, applied, 'kubectl');
    expect(refreshed.metadata).toEqual({ annotations: { [LAST_APPLIED]: lastAppliedText(applied), keep: 'x' } });
    expect(withAnnotation.metadata.annotations[LAST_APPLIED]).toBe('{}');
    expect(refreshLastApplied(withAnnotation, applied, 'other')).toBe(withAnnotation);
    expect(refreshLastApplied({ metadata: {} }, applied, 'kubectl')).toEqual({ metadata: {} });
  });
});
