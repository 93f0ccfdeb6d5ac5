// The new-node-group form's fields as the user types them, and the CreateNodegroup intent the
// server is sent for them.
import { parseLabelLines } from '@/lib/domain/label-lines';

export type TaintEffect = 'NO_SCHEDULE' | 'NO_EXECUTE' | 'PREFER_NO_SCHEDULE';

export interface NodegroupFormState {
  name: string;
  nodeRole: string;
  subnets: string;
  instanceTypes: string[];
  minSize: string;
  maxSize: string;
  desiredSize: string;
  labels: string;
  tainted: boolean;
  taintKey: string;
  taintValue: string;
  taintEffect: TaintEffect;
  capacityType: 'ON_DEMAND' | 'SPOT';
}

export const DEFAULT_NODE_ROLE = 'AmazonEKSNodeRole';

export const INITIAL_NODEGROUP_FORM: NodegroupFormState = {
  name: '',
  nodeRole: '',
  subnets: '',
  instanceTypes: [],
  minSize: '1',
  maxSize: '3',
  desiredSize: '2',
  labels: '',
  tainted: false,
  taintKey: 'dedicated',
  taintValue: '',
  taintEffect: 'NO_SCHEDULE',
  capacityType: 'ON_DEMAND',
};

/** A number the server can judge: an empty or odd field goes as NaN-free text so zod names it. */
const num = (s: string): number | string => (s.trim() !== '' && Number.isFinite(Number(s)) ? Number(s) : s);

export function nodegroupIntentOf(f: NodegroupFormState) {
  const subnets = f.subnets.split(/[\s,]+/).filter(Boolean);
  const labels = parseLabelLines(f.labels);
  return {
    name: f.name,
    nodeRole: f.nodeRole || DEFAULT_NODE_ROLE,
    ...(subnets.length ? { subnets } : {}),
    instanceTypes: f.instanceTypes,
    scaling: { minSize: num(f.minSize), maxSize: num(f.maxSize), desiredSize: num(f.desiredSize) },
    ...(labels ? { labels } : {}),
    ...(f.tainted ? { taints: [{ key: f.taintKey, ...(f.taintValue || f.name ? { value: f.taintValue || f.name } : {}), effect: f.taintEffect }] } : {}),
    capacityType: f.capacityType,
  };
}
