// Raw Kubernetes objects → the compact model (lib/domain/model.ts). Pure functions of the
// objects the API serves, used by the server's informers and by the sandbox's own controllers
// (Auto Mode judges the same model the dashboard shows). Input is whatever arrives: plain JSON
// from a watch, or client-node's typed objects from a list (same field names, but timestamps as
// Date). Pod requests come from lib/domain/pod-requests, the one function the sandbox schedules with.
export { NODE_LABEL_KEYS, nodeLabels } from './node-labels';
export { timeOf } from './raw';
export { normalizeCapacityType } from '../capacity-type';
export { transformNode } from './nodes';
export { cronJobOf, podStatusText, podTrouble, resolvePodOwner, transformPod, type ReplicaSetOwnerLookup } from './pods';
export { replicaSetOwner, transformDeployment } from './workloads';
export { transformNodeClaim, transformNodeClass, transformNodePool } from './karpenter';
export { transformPdb } from './pdb';
export { transformHpa, withHpa, type HpaRecord } from './hpa';
export { requiredAffinity, requirementsOf } from './requirements';
export { transformEvent } from './events';
