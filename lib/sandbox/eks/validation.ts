// Checks EKS makes on node group input, shared by CreateNodegroup and UpdateNodegroupConfig.
// Every refusal is an InvalidParameterException, which the AWS SDK and CLI surface by name.
import { EksError } from './errors';

export type TaintEffect = 'NO_SCHEDULE' | 'NO_EXECUTE' | 'PREFER_NO_SCHEDULE';

export interface NodegroupTaint {
  key: string;
  value?: string;
  effect: TaintEffect;
}

export interface ScalingConfig {
  minSize: number;
  maxSize: number;
  desiredSize: number;
}

export const TAINT_EFFECTS: Record<TaintEffect, string> = {
  NO_SCHEDULE: 'NoSchedule',
  NO_EXECUTE: 'NoExecute',
  PREFER_NO_SCHEDULE: 'PreferNoSchedule',
};

const invalid = (message: string) => new EksError('InvalidParameterException', message);
const LABEL_KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

export const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

export function checkScaling(s: ScalingConfig) {
  const ints = [s.minSize, s.maxSize, s.desiredSize];
  if (ints.some((n) => typeof n !== 'number' || !Number.isInteger(n) || n < 0)) throw invalid('scalingConfig sizes must be non-negative integers');
  if (s.maxSize < 1) throw invalid('Maximum capacity must be at least 1');
  if (s.minSize > s.maxSize) throw invalid('Minimum capacity cannot be greater than maximum capacity');
  if (s.desiredSize > s.maxSize) throw invalid('Desired capacity cannot be greater than maximum capacity');
  if (s.desiredSize < s.minSize) throw invalid('Desired capacity cannot be less than minimum capacity');
}

export function checkTaint(t: unknown): asserts t is NodegroupTaint {
  if (!isObject(t) || typeof t.key !== 'string' || !t.key) throw invalid('Taint key is required');
  if (t.value !== undefined && typeof t.value !== 'string') throw invalid(`Taint value for ${t.key} must be a string`);
  if (typeof t.effect !== 'string' || !(t.effect in TAINT_EFFECTS)) {
    throw invalid(`Taint effect ${String(t.effect)} is invalid; use NO_SCHEDULE, NO_EXECUTE or PREFER_NO_SCHEDULE`);
  }
}

export function checkTaints(list: unknown, field: string): NodegroupTaint[] {
  if (!Array.isArray(list)) throw invalid(`${field} must be a list`);
  list.forEach(checkTaint);
  return list as NodegroupTaint[];
}

export function checkLabels(labels: unknown, field: string): Record<string, string> {
  if (!isObject(labels)) throw invalid(`${field} must be a map of label keys to values`);
  for (const [k, v] of Object.entries(labels)) {
    if (typeof v !== 'string' || !LABEL_KEY.test(k)) throw invalid(`Label ${k}=${String(v)} is not a valid Kubernetes label`);
  }
  return labels as Record<string, string>;
}
