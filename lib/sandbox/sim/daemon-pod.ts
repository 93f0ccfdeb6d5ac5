// A DaemonSet's pod for one node, as the DaemonSet controller makes it: pinned to the node by a
// required node affinity the default scheduler then honours (since Kubernetes 1.12 the controller
// no longer sets nodeName itself), with the controller's own tolerations and the labels that say
// which revision and template generation it was made from.
import type { KObject } from '../store';
import { daemonPodTolerations, type DaemonPodShape } from '@/lib/domain/daemon-placement';
import { requiredAffinity } from '@/lib/domain/transform';
import { NODE_NAME_FIELD } from '@/lib/domain/requirements';
import { podFromTemplate } from './owned-pods';

export const REVISION_LABEL = 'controller-revision-hash';
export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';

/**
 * The template's affinity with its required node affinity replaced by one term naming the node
 * (upstream replaces every term: the controller has already checked that the node matches them).
 * Preferred node affinity and pod (anti-)affinity are kept.
 */
export function pinToNode(affinity: KObject['spec'] | undefined, node: string): Record<string, unknown> {
  const required = { nodeSelectorTerms: [{ matchFields: [{ key: NODE_NAME_FIELD, operator: 'In', values: [node] }] }] };
  const a = structuredClone(affinity ?? {});
  return { ...a, nodeAffinity: { ...a.nodeAffinity, requiredDuringSchedulingIgnoredDuringExecution: required } };
}

/** The node a daemon pod is for: where it runs, or where its affinity pins it while it is pending. */
export function targetNode(pod: Readonly<KObject>): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  for (const term of Array.isArray(terms) ? terms : []) {
    for (const f of term?.matchFields ?? []) if (f?.key === NODE_NAME_FIELD && f.operator === 'In' && f.values?.length === 1) return String(f.values[0]);
  }
  return undefined;
}

/** The template as the placement rule reads it. */
export function daemonPodShape(template: KObject | undefined): DaemonPodShape {
  const spec = template?.spec;
  return {
    nodeName: spec?.nodeName || undefined,
    nodeSelector: spec?.nodeSelector,
    affinityTerms: requiredAffinity(spec?.affinity),
    tolerations: spec?.tolerations,
    hostNetwork: Boolean(spec?.hostNetwork),
  };
}

export function daemonPod(ds: KObject, node: string, name: string, revision: string): KObject {
  const template = ds.spec.template as KObject;
  return podFromTemplate(ds, template, name, {
    labels: { [REVISION_LABEL]: revision, [TEMPLATE_GENERATION_LABEL]: String(ds.metadata.generation ?? 1) },
    spec: {
      affinity: pinToNode(template.spec?.affinity, node),
      tolerations: daemonPodTolerations(template.spec?.tolerations, Boolean(template.spec?.hostNetwork)),
    },
  });
}
