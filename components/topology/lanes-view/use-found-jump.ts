import { useCallback, useEffect, useRef, useState } from 'react';
import type { Found } from '@/lib/domain/find-index';
import { workloadOf } from '@/lib/domain/lane-view';
import type { TopologySnapshot } from '@/lib/domain/model';
import type { UpdateView } from './use-lanes-board';
import type { JumpTarget } from './virtual-lanes';

/**
 * What picking a search result does: a pod or node opens its details, a workload lights up; then
 * the lanes scroll to the node it runs on (a workload's first pod's), which wears a ring for a
 * moment (drawn by the tile from its handlers, so it survives the lane being drawn again).
 */
const FLASH_MS = 2_000;

export type Jump = (target: Omit<JumpTarget, 'seq'>) => void;

export function useFoundJump(data: TopologySnapshot, update: UpdateView): [JumpTarget | undefined, (found: Found) => void, string | undefined, Jump] {
  const [jumpTo, setJumpTo] = useState<JumpTarget>();
  const jump: Jump = useCallback((target) => setJumpTo((j) => ({ ...target, seq: (j?.seq ?? 0) + 1 })), []);
  // Read when a result is picked: a callback that changed with every batch of deltas drew the toolbar again.
  const pods = useRef(data.pods);
  pods.current = data.pods;
  const onFound = useCallback(
    (found: Found) => {
      let node: string | undefined;
      if (found.kind === 'node') {
        node = found.name;
        update({ panel: { kind: 'node', name: found.name } });
      } else if (found.kind === 'pod') {
        node = pods.current.find((p) => p.namespace === found.namespace && p.name === found.name)?.nodeName;
        update({ panel: { kind: 'pod', namespace: found.namespace ?? '', name: found.name } });
      } else {
        node = pods.current.find((p) => p.nodeName && workloadOf(p) === found.id)?.nodeName;
        update({ highlight: found.id }, 'replace');
      }
      if (node) jump({ node });
    },
    [update, jump],
  );
  const [flashNode, setFlashNode] = useState<string>();
  useEffect(() => {
    if (!jumpTo) return;
    setFlashNode(jumpTo.node);
    const t = setTimeout(() => setFlashNode(undefined), FLASH_MS);
    return () => clearTimeout(t);
  }, [jumpTo]);
  return [jumpTo, onFound, flashNode, jump];
}
