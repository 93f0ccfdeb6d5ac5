import { describe, expect, it } from 'vitest';
import type { VerdictFacts } from './verdict';
import { HIDDEN_PDB, redactVerdict } from './verdict-redaction';

const onlyApps = (ns: string) => ns === 'apps';

describe('redactVerdict', () => {
  it('replaces the names of pods in namespaces the reader may not list, one number per pod', () => {
    const v: VerdictFacts = {
      node: 'a',
      state: 'consolidate',
      code: 'Underutilized',
      destinations: { 'apps/web-1': 'b', 'team-x/secret-1': 'b', 'team-x/secret-2': 'c' },
    };
    expect(redactVerdict(v, onlyApps).destinations).toEqual({ 'apps/web-1': 'b', '(hidden pod 1)': 'b', '(hidden pod 2)': 'c' });
  });

  it('hides the blocker pod and its PodDisruptionBudget, the misfit pod and the placement', () => {
    const pdb: VerdictFacts = { node: 'a', state: 'blocked', code: 'PDB', blockedBy: { pod: 'team-x/db-0', pdb: 'team-x/db' } };
    expect(redactVerdict(pdb, onlyApps).blockedBy).toEqual({ pod: '(hidden pod 1)', pdb: HIDDEN_PDB });
    const kept: VerdictFacts = { node: 'a', state: 'keep', code: 'DoesNotFit', misfit: { pod: 'team-x/big', nodes: 2, reasons: { cpu: 2 } }, placement: { 'team-x/big': null, 'apps/web': 'b' } };
    const out = redactVerdict(kept, onlyApps);
    expect(out.misfit).toEqual({ pod: '(hidden pod 1)', nodes: 2, reasons: { cpu: 2 } });
    // The same pod keeps the same stand-in across the verdict's fields.
    expect(out.placement).toEqual({ '(hidden pod 1)': null, 'apps/web': 'b' });
  });

  it('leaves a verdict with nothing hidden as it is', () => {
    const v: VerdictFacts = { node: 'a', state: 'blocked', code: 'DoNotDisrupt', blockedBy: { pod: 'apps/web-1' } };
    expect(redactVerdict(v, onlyApps)).toBe(v);
  });
});
