import { describe, expect, it } from 'vitest';
import { newReplicaSetAnnotations, nextRevision, replicaSetsToPrune, templateIgnoringHash, type OldReplicaSet } from './deployment-history';

describe('newReplicaSetAnnotations', () => {
  it('gives a new ReplicaSet the revision and the Deployment change-cause, not its bookkeeping', () => {
    const out = newReplicaSetAnnotations(undefined, { 'kubernetes.io/change-cause': 'set image 1.27', 'deployment.kubernetes.io/revision': '4', 'kubectl.kubernetes.io/last-applied-configuration': '{}' }, 5);
    expect(out).toEqual({ 'kubernetes.io/change-cause': 'set image 1.27', 'deployment.kubernetes.io/revision': '5' });
  });

  it('an old ReplicaSet brought back takes the next revision and remembers its numbers', () => {
    const first = newReplicaSetAnnotations({ 'deployment.kubernetes.io/revision': '1' }, {}, 3);
    expect(first).toEqual({ 'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1' });
    const second = newReplicaSetAnnotations(first, {}, 5);
    expect(second).toEqual({ 'deployment.kubernetes.io/revision': '5', 'deployment.kubernetes.io/revision-history': '1,3' });
  });

  it('leaves the revision alone when it is already the newest', () => {
    expect(newReplicaSetAnnotations({ 'deployment.kubernetes.io/revision': '7' }, {}, 7)).toEqual({ 'deployment.kubernetes.io/revision': '7' });
  });

  it('drops the oldest history entries to stay within 2000 characters', () => {
    const history = Array.from({ length: 400 }, (_, i) => String(1000 + i)).join(','); // 1999 characters
    const out = newReplicaSetAnnotations({ 'deployment.kubernetes.io/revision': '2000', 'deployment.kubernetes.io/revision-history': history }, {}, 2001);
    const entries = out['deployment.kubernetes.io/revision-history'].split(',');
    expect(entries.at(-1)).toBe('2000');
    expect(entries[0]).toBe('1001');
    expect(out['deployment.kubernetes.io/revision-history'].length).toBeLessThanOrEqual(2000);
  });
});

describe('nextRevision', () => {
  it('is one past the highest, ignoring missing or bad numbers', () => {
    expect(nextRevision([{ 'deployment.kubernetes.io/revision': '2' }, undefined, { 'deployment.kubernetes.io/revision': 'x' }])).toBe(3);
    expect(nextRevision([])).toBe(1);
  });
});

describe('replicaSetsToPrune', () => {
  const rs = (name: string, revision: number, more: Partial<OldReplicaSet> = {}): OldReplicaSet => ({ name, revision, specReplicas: 0, statusReplicas: 0, pending: false, deleting: false, ...more });

  it('deletes the oldest beyond the limit', () => {
    expect(replicaSetsToPrune([rs('c', 3), rs('a', 1), rs('b', 2)], 1)).toEqual(['a', 'b']);
  });

  it('skips (without replacing) one that still has replicas or is not yet observed', () => {
    expect(replicaSetsToPrune([rs('a', 1, { statusReplicas: 1 }), rs('b', 2, { pending: true }), rs('c', 3)], 1)).toEqual([]);
  });

  it('does not count ReplicaSets already being deleted; no limit keeps all', () => {
    expect(replicaSetsToPrune([rs('a', 1, { deleting: true }), rs('b', 2)], 1)).toEqual([]);
    expect(replicaSetsToPrune([rs('a', 1), rs('b', 2)], undefined)).toEqual([]);
    expect(replicaSetsToPrune([rs('a', 1), rs('b', 2)], 0)).toEqual(['a', 'b']);
  });
});

describe('templateIgnoringHash', () => {
  it('treats a restored template (hash label gone, creationTimestamp null) as the same', () => {
    const stored = { metadata: { labels: { app: 'web', 'pod-template-hash': 'abc' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };
    const restored = { metadata: { creationTimestamp: null, labels: { app: 'web' } }, spec: { containers: [{ image: 'nginx', name: 'c' }] } };
    expect(templateIgnoringHash(stored)).toEqual(templateIgnoringHash(restored));
    expect(templateIgnoringHash(stored)).not.toEqual(templateIgnoringHash({ ...restored, spec: { containers: [{ name: 'c', image: 'nginx:2' }] } }));
  });
});
