import { describe, expect, it } from 'vitest';
import { LAST_ACTION, RESTARTED_AT, pdbsCovering, restartCommand, restartPatch, restartRefusal, restartStamp, rfc3339 } from './rollout';

describe('restartPatch', () => {
  it('sets the restartedAt annotation in RFC 3339 seconds, as kubectl does', () => {
    const patch = restartPatch(new Date('2026-11-28T21:30:05.123Z'));
    expect(patch).toEqual({ metadata: {}, spec: { template: { metadata: { annotations: { [RESTARTED_AT]: '2026-11-28T21:30:05Z' } } } } });
  });

  it('carries the action record and the resourceVersion precondition when given', () => {
    const record = { id: 'r1', action: 'restart', by: 'otto', at: '2026-11-28T21:30:05Z' };
    const patch = restartPatch(new Date('2026-11-28T21:30:05Z'), record, '812');
    expect(patch.metadata).toEqual({ resourceVersion: '812', annotations: { [LAST_ACTION]: JSON.stringify(record) } });
  });

  it('never repeats the stamp already on the template: a restart in the same second still rolls', () => {
    const at = new Date('2026-11-28T21:30:05.400Z');
    expect(restartStamp(at)).toBe('2026-11-28T21:30:05Z');
    expect(restartStamp(at, '2026-11-28T21:30:04Z')).toBe('2026-11-28T21:30:05Z');
    expect(restartStamp(at, '2026-11-28T21:30:05Z')).toBe('2026-11-28T21:30:06Z');
    expect(restartStamp(at, '2026-11-28T21:31:00Z')).toBe('2026-11-28T21:31:01Z');
    expect(restartStamp(at, 'not a time')).toBe('2026-11-28T21:30:05Z');
    const patch = restartPatch(at, undefined, undefined, '2026-11-28T21:30:05Z');
    expect(patch.spec.template.metadata.annotations[RESTARTED_AT]).toBe('2026-11-28T21:30:06Z');
  });

  it('formats times without milliseconds', () => {
    expect(rfc3339(new Date('2026-01-02T03:04:05.999Z'))).toBe('2026-01-02T03:04:05Z');
  });
});

describe('restartRefusal', () => {
  it('allows a healthy deployment', () => {
    expect(restartRefusal({ name: 'web', conditions: [{ type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' }] })).toBeUndefined();
  });

  it('refuses a paused deployment, saying how to resume', () => {
    expect(restartRefusal({ name: 'web', paused: true })).toMatchObject({ code: 'paused', message: expect.stringContaining('kubectl rollout resume deployment/web') });
  });

  it('refuses a rollout past its progress deadline', () => {
    const refusal = restartRefusal({
      name: 'web',
      conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "web-6f7" has timed out progressing.' }],
    });
    expect(refusal?.code).toBe('rollout_stuck');
    expect(refusal?.message).toContain('has timed out progressing');
  });
});

describe('pdbsCovering', () => {
  const pdbs = [
    { name: 'web-pdb', selector: { matchLabels: { app: 'web' } } },
    { name: 'all', selector: {} },
    { name: 'none', selector: null },
    { name: 'other', selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['api'] }] } },
    { name: 'broken', selector: { matchExpressions: [{ key: 'app', operator: 'Near', values: ['x'] }] } },
  ];

  it('matches like policy/v1: empty covers all, null none, bad selectors none', () => {
    expect(pdbsCovering(pdbs, { app: 'web' }).map((p) => p.name)).toEqual(['web-pdb', 'all']);
    expect(pdbsCovering(pdbs, { app: 'api' }).map((p) => p.name)).toEqual(['all', 'other']);
  });
});

it('restartCommand is the kubectl equivalent', () => {
  expect(restartCommand('apps', 'web')).toBe('kubectl rollout restart deployment/web -n apps');
});
