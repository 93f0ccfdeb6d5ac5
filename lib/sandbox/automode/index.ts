// EKS Auto Mode inside the sandbox: NodeClass status, the provisioner and consolidation, sharing
// one event recorder. Started by the sandbox composition next to the core controllers.
import type { Store } from '../store';
import type { SimTimer } from '../sim/clock';
import { eventRecorder } from '../events';
import { Iam } from './iam';
import { reconcileNodeClasses } from './nodeclasses';
import { startProvisioner } from './provisioner';
import { startConsolidator } from './consolidator';

export function startAutoMode(store: Store, clock: SimTimer, iam = new Iam()) {
  const record = eventRecorder(store, 'karpenter');
  const refreshNodeClasses = reconcileNodeClasses(store, iam);
  const provisioner = startProvisioner(store, clock, record);
  const consolidator = startConsolidator(store, clock, record, provisioner);
  return {
    iam,
    provisioner,
    consolidator,
    refreshNodeClasses,
    stop() {
      provisioner.stop();
      consolidator.stop();
    },
  };
}

export type AutoMode = ReturnType<typeof startAutoMode>;
export { Iam };
