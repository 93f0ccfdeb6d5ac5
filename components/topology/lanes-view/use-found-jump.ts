import { useCallback, useState } from 'react';
import type { Found } from '@/lib/domain/find-index';
import { workloadOf } from '@/lib/domain/lane-view';
import type { TopologySnapshot } from '@/lib/domain/model';
import type { UpdateView } from './use-lanes-board';
import type { JumpTarget } from './virtual-lanes';

/**
 * What picking a search result does: a pod or node opens its details, a workload lights up; then
 * the lanes scroll to the node it runs on (a workload's first pod's) and flash it.
 */
export function useFoundJump(data: TopologySnapshot, update: UpdateView): [JumpTarget | undefined, (found: Found) => void] {
  const [jumpTo, setJumpTo] = useState<JumpTarget>();
  const onFound = useCallback(
    (found: Found) => {
      let node: string | undefined;
      if (found.kind === 'node') {
        node = found.name;
        update({ panel: { kind: 'node', name: found.name } });
      } else if (found.kind === 'pod') {
        node = data.pods.find((p) => p.namespace === found.namespace && p.name === found.name)?.nodeName;
        update({ panel: { kind: 'pod', namespace: found.namespace ?? '', name: found.name } });
      } else {
        node = data.pods.find((p) => p.nodeName && workloadOf(p) === found.id)?.nodeName;
        update({ highlight: found.id }, 'replace');
      }
      if (node) setJumpTo((j) => ({ node: node!, seq: (j?.seq ?? 0) + 1 }));
    },
    [data.pods, update],
  );
  return [jumpTo, onFound];
}
