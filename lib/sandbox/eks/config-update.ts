// UpdateNodegroupConfig as a pure step: the group's config now and the request in, the config
// after and the update's `params` out (one per thing asked for, typed as EKS's UpdateParamType:
// MinSize, MaxSize, DesiredSize, LabelsToAdd, LabelsToRemove, TaintsToAdd, TaintsToRemove,
// MaxUnavailable, MaxUnavailablePercentage; values are strings, JSON for maps and lists).
import { EksError } from './errors';
import { checkLabels, checkScaling, checkTaints, isObject, type NodegroupTaint, type ScalingConfig } from './validation';

export interface NodegroupUpdateConfig {
  maxUnavailable?: number;
  maxUnavailablePercentage?: number;
}

export interface NodegroupConfig {
  scalingConfig: ScalingConfig;
  labels: Record<string, string>;
  taints: NodegroupTaint[];
  updateConfig: NodegroupUpdateConfig;
}

export interface UpdateParam {
  type: string;
  value: string;
}

export interface ConfigChange extends NodegroupConfig {
  /** Label keys to take off the group's nodes (they are no longer the group's). */
  removedLabels: string[];
  params: UpdateParam[];
}

/** EKS's limit on taints per managed node group. */
export const MAX_TAINTS = 50;

const invalid = (message: string) => new EksError('InvalidParameterException', message);
const taintId = (t: NodegroupTaint) => `${t.key}:${t.effect}`;

export function planConfigUpdate(current: NodegroupConfig, input: unknown): ConfigChange {
  if (!isObject(input)) throw invalid('The request body must be a JSON object');
  const { scalingConfig, labels, taints, updateConfig } = input;
  if (scalingConfig === undefined && labels === undefined && taints === undefined && updateConfig === undefined) {
    throw invalid('No changes needed for the nodegroup config update request');
  }
  const next: ConfigChange = {
    scalingConfig: { ...current.scalingConfig },
    labels: { ...current.labels },
    taints: [...current.taints],
    updateConfig: { ...current.updateConfig },
    removedLabels: [],
    params: [],
  };

  if (scalingConfig !== undefined) {
    if (!isObject(scalingConfig)) throw invalid('scalingConfig must be an object');
    for (const [field, type] of [['minSize', 'MinSize'], ['maxSize', 'MaxSize'], ['desiredSize', 'DesiredSize']] as const) {
      if (scalingConfig[field] === undefined) continue;
      next.scalingConfig[field] = scalingConfig[field] as number;
      next.params.push({ type, value: String(scalingConfig[field]) });
    }
    checkScaling(next.scalingConfig);
  }

  if (labels !== undefined) {
    if (!isObject(labels)) throw invalid('labels must be an object with addOrUpdateLabels and/or removeLabels');
    const add = checkLabels(labels.addOrUpdateLabels ?? {}, 'labels.addOrUpdateLabels');
    const remove = labels.removeLabels ?? [];
    if (!Array.isArray(remove) || remove.some((k) => typeof k !== 'string')) throw invalid('labels.removeLabels must be a list of label keys');
    const both = remove.filter((k) => k in add);
    if (both.length) throw invalid(`Labels ${both.join(', ')} cannot be both added and removed in the same update`);
    for (const k of remove) delete next.labels[k];
    Object.assign(next.labels, add);
    next.removedLabels = remove.filter((k) => k in current.labels);
    if (Object.keys(add).length) next.params.push({ type: 'LabelsToAdd', value: JSON.stringify(add) });
    if (remove.length) next.params.push({ type: 'LabelsToRemove', value: JSON.stringify(remove) });
  }

  if (taints !== undefined) {
    if (!isObject(taints)) throw invalid('taints must be an object with addOrUpdateTaints and/or removeTaints');
    const add = checkTaints(taints.addOrUpdateTaints ?? [], 'taints.addOrUpdateTaints');
    const remove = checkTaints(taints.removeTaints ?? [], 'taints.removeTaints');
    const removing = new Set(remove.map(taintId));
    const both = add.filter((t) => removing.has(taintId(t)));
    if (both.length) throw invalid(`Taints ${both.map(taintId).join(', ')} cannot be both added and removed in the same update`);
    // A taint is one per key and effect; adding one that exists replaces its value.
    const adding = new Set(add.map(taintId));
    next.taints = [...next.taints.filter((t) => !removing.has(taintId(t)) && !adding.has(taintId(t))), ...add];
    if (next.taints.length > MAX_TAINTS) throw invalid(`A node group can have at most ${MAX_TAINTS} taints`);
    if (add.length) next.params.push({ type: 'TaintsToAdd', value: JSON.stringify(add) });
    if (remove.length) next.params.push({ type: 'TaintsToRemove', value: JSON.stringify(remove) });
  }

  if (updateConfig !== undefined) {
    if (!isObject(updateConfig)) throw invalid('updateConfig must be an object');
    const given = (['maxUnavailable', 'maxUnavailablePercentage'] as const).filter((k) => updateConfig[k] !== undefined);
    if (given.length !== 1) throw invalid('updateConfig needs exactly one of maxUnavailable and maxUnavailablePercentage');
    const [field] = given;
    const value = updateConfig[field];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 100) throw invalid(`${field} must be an integer from 1 to 100`);
    next.updateConfig = { [field]: value };
    next.params.push({ type: field === 'maxUnavailable' ? 'MaxUnavailable' : 'MaxUnavailablePercentage', value: String(value) });
  }

  return next;
}
