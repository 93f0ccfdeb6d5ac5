// PriorityClasses and the Priority admission plugin: the system classes, a class created, a pod's
// class resolved to spec.priority and spec.preemptionPolicy, and the apiserver's refusals (an
// unknown class, a priority the pod sets itself, a user class above one billion, deleting a
// system class) word for word. No class here is a global default, so later cases are unaffected.
import { code, message, names, object, status, type Case } from '../case';
import { normalizeObject } from '../normalize';
import { pod, podsPath } from '../fixtures';

const CLASSES = '/apis/scheduling.k8s.io/v1/priorityclasses';
const samePod = object((o) => normalizeObject(o));
const sameClass = object((o) => normalizeObject(o));
const priorityClass = (name: string, value: number, extra: Record<string, unknown> = {}) => ({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value, ...extra });

export const priorityCases: Case[] = [
  { name: 'priority: the system classes are listed', request: { path: CLASSES }, checks: [code, names] },
  { name: 'priority: a system class reads the same', request: { path: `${CLASSES}/system-node-critical` }, checks: [code, sameClass] },
  {
    name: 'priority: create a class (defaults)',
    request: { method: 'POST', path: CLASSES, body: priorityClass('diff-high', 1000, { description: 'differential' }) },
    checks: [code, sameClass],
  },
  {
    name: 'priority: a pod of an unknown class is refused',
    request: { method: 'POST', path: podsPath, body: pod('pc-unknown', {}, { priorityClassName: 'diff-no-such-class' }) },
    checks: [...status, message],
  },
  {
    name: 'priority: a pod setting its own priority is refused',
    request: { method: 'POST', path: podsPath, body: pod('pc-self', {}, { priority: 5 }) },
    checks: [...status, message],
  },
  {
    name: 'priority: a pod of a class gets its priority',
    setup: [{ method: 'POST', path: CLASSES, body: priorityClass('diff-high', 1000, { description: 'differential' }) }],
    request: { method: 'POST', path: podsPath, body: pod('pc-resolved', {}, { priorityClassName: 'diff-high' }) },
    checks: [code, samePod],
  },
  {
    name: 'priority: a pod of a Never class',
    setup: [{ method: 'POST', path: CLASSES, body: priorityClass('diff-never', 500, { preemptionPolicy: 'Never' }) }],
    request: { method: 'POST', path: podsPath, body: pod('pc-never', {}, { priorityClassName: 'diff-never' }) },
    checks: [code, samePod],
  },
  {
    name: 'priority: a user class above one billion is refused',
    request: { method: 'POST', path: CLASSES, body: priorityClass('diff-huge', 1_000_000_001) },
    checks: [...status, message],
  },
  { name: 'priority: a system class may not be deleted', request: { method: 'DELETE', path: `${CLASSES}/system-cluster-critical` }, checks: [...status, message] },
];
