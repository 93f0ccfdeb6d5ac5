import type { EventInfo } from '@/lib/domain/model';
import { timeOf, type Raw } from './raw';

/** Events repeat the same long message thousands of times on a bad day; the views need the gist. */
const MAX_EVENT_MESSAGE = 1024;

export function transformEvent(raw: Raw): EventInfo {
  const meta = raw?.metadata ?? {};
  const involved = raw?.involvedObject ?? raw?.regarding ?? {};
  const message = String(raw?.message ?? raw?.note ?? '');
  const info: EventInfo = {
    namespace: meta.namespace ?? '',
    name: meta.name,
    involved: { kind: String(involved.kind ?? ''), name: String(involved.name ?? '') },
    reason: String(raw?.reason ?? ''),
    message: message.length > MAX_EVENT_MESSAGE ? `${message.slice(0, MAX_EVENT_MESSAGE - 1)}…` : message,
    type: raw?.type === 'Warning' ? 'Warning' : 'Normal',
    count: Number(raw?.count ?? raw?.series?.count ?? raw?.deprecatedCount) || 1,
    // Events written through events.k8s.io leave lastTimestamp empty and carry eventTime / series.
    lastTimestamp:
      timeOf(raw?.lastTimestamp) ?? timeOf(raw?.series?.lastObservedTime) ?? timeOf(raw?.eventTime) ?? timeOf(raw?.firstTimestamp) ?? timeOf(meta.creationTimestamp) ?? '',
  };
  if (involved.namespace) info.involved.namespace = String(involved.namespace);
  const source = raw?.source?.component || raw?.reportingComponent || raw?.reportingController;
  if (source) info.source = String(source);
  return info;
}
