// What a request sees of stored objects: the ones its label and field selectors match, shown in
// the group/version it asked for.
import { badRequest } from '../errors';
import type { KObject } from '../store';
import { parseFieldSelector } from '../field-selector';
import { LabelSelectorError, matchesLabelSelector, parseLabelSelector } from '@/lib/domain/label-selector';
import { apiVersionOf, type ResourceDef } from './registry';
import { toVersion } from './conversion';

/** A predicate for label + field selectors, throwing 400 for bad syntax. */
export function selectorFilter(def: ResourceDef, labelSelector?: string, fieldSelector?: string): (o: KObject) => boolean {
  let labels: ReturnType<typeof parseLabelSelector> | undefined;
  if (labelSelector) {
    try {
      labels = parseLabelSelector(labelSelector);
    } catch (err) {
      if (err instanceof LabelSelectorError) throw badRequest(err.message);
      throw err;
    }
  }
  const fields = fieldSelector ? parseFieldSelector(fieldSelector, def.storage) : undefined;
  return (o) => (!labels || matchesLabelSelector(labels, o.metadata.labels)) && (!fields || fields(o));
}

/** Objects as this group/version shows them (events.k8s.io/v1 reads core events). */
export function present(def: ResourceDef, o: KObject): KObject {
  if (def.group === 'events.k8s.io') {
    const { involvedObject, message, source, firstTimestamp, lastTimestamp, count, ...rest } = o;
    return {
      ...rest,
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      regarding: involvedObject,
      note: message,
      reportingController: o.reportingComponent ?? source?.component ?? '',
      reportingInstance: o.reportingInstance ?? '',
      deprecatedSource: source,
      deprecatedFirstTimestamp: firstTimestamp,
      deprecatedLastTimestamp: lastTimestamp,
      deprecatedCount: count,
      eventTime: o.eventTime ?? null,
      action: o.action ?? o.reason ?? '',
    };
  }
  return toVersion(def.storage, o, apiVersionOf(def));
}
