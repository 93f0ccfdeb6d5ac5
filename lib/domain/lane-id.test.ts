import { describe, expect, it } from 'vitest';
import { laneId, parseLaneId, UNPOOLED_LANE_ID, type LaneRef } from './lane-id';

// Keys and values with the id's own separators in them, and with the escapes of those.
const KEYS = ['karpenter.sh/nodepool', 'workload', 'team=web', '=', 'a%3Db', '%', '%25', 'unpooled', ''];
const NAMES = ['general-purpose', '', 'a=b', '==', '%3D', 'x y', 'a/b:c', 'unpooled'];
const REFS: LaneRef[] = KEYS.flatMap((key) => NAMES.map((name) => ({ key, name })));

describe('laneId', () => {
  it('reads <key>=<name> for real label keys, <key>= for nodes without the label, unpooled for nodes in no pool', () => {
    expect(laneId({ key: 'karpenter.sh/nodepool', name: 'general-purpose' })).toBe('karpenter.sh/nodepool=general-purpose');
    expect(laneId({ key: 'topology.kubernetes.io/zone', name: '' })).toBe('topology.kubernetes.io/zone=');
    expect(laneId({ key: '', name: '' })).toBe(UNPOOLED_LANE_ID);
  });

  it('keeps a value holding = as it is: a label key cannot hold =, so the first = ends the key', () => {
    expect(laneId({ key: 'workload', name: 'a=b' })).toBe('workload=a=b');
    expect(parseLaneId('workload=a=b')).toEqual({ key: 'workload', name: 'a=b' });
  });

  it('parses every id back into the key and name it was built from, separators and escapes included', () => {
    for (const ref of REFS) expect(parseLaneId(laneId(ref)), JSON.stringify(ref)).toEqual(ref);
  });

  // A `label:` grouping takes whatever key the user typed. Built as plain `<key>=<name>`, the key
  // `team=web` with no value and the key `team` with the value `web=` were both `team=web=`: two
  // lanes under one id, and parsing it back gave the second.
  it('gives different lanes different ids, even when a typed key holds =', () => {
    expect(laneId({ key: 'team=web', name: '' })).not.toBe(laneId({ key: 'team', name: 'web=' }));
    expect(parseLaneId(laneId({ key: 'team=web', name: '' }))).toEqual({ key: 'team=web', name: '' });
    const ids = REFS.map(laneId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('reads the unpooled lane back as no key and no name', () => {
    expect(parseLaneId(UNPOOLED_LANE_ID)).toEqual({ key: '', name: '' });
  });
});
