import { describe, expect, it } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import { podInfo } from '@/test/support/topology';
import type { TopologySnapshot } from '@/lib/domain/model';
import { withDeltas } from './topology-stream';
import { sharedStreamsOf, topologyKey } from './use-topology';

describe('the topology in the query cache', () => {
  it('holds the very snapshot and arrays the reducer made, not copies (no structural sharing)', () => {
    const client = new QueryClient();
    sharedStreamsOf(client);
    const pods = Array.from({ length: 50 }, (_, i) => podInfo('apps', `pod-${i}`, 'n', 100, 0.1));
    client.setQueryData(topologyKey('c'), { nodes: [], pods, deployments: [], stale: false, resourceVersion: '1' } as unknown as TopologySnapshot);
    for (let rv = 2; rv < 5; rv++) {
      let made: TopologySnapshot | undefined;
      client.setQueryData<TopologySnapshot>(topologyKey('c'), (prev) => {
        made = prev && withDeltas(prev, [{ type: 'pod-upserted', pod: { ...pods[rv], labels: { rv: String(rv) } }, rv: String(rv) }]);
        return made;
      });
      const held = client.getQueryData<TopologySnapshot>(topologyKey('c'))!;
      expect(held).toBe(made);
      expect(held.pods).toBe(made!.pods);
    }
  });
});
