// `?fieldSelector=` as the apiserver implements it (k8s.io/apimachinery/pkg/fields plus each
// kind's field-label conversion and selectable-fields function). Returns a predicate over stored
// objects; every refusal is a 400 BadRequest with the apiserver's own text.

import { ApiError, badRequest } from './errors';
import type { KObject, ResourceKey } from './store';

type FieldValue = (obj: KObject) => string;

const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const bool = (v: unknown): string => (v === true ? 'true' : 'false');

const name: FieldValue = (o) => str(o.metadata?.name);
const namespace: FieldValue = (o) => str(o.metadata?.namespace);

/**
 * Kinds with their own field-label conversion answer unknown fields with
 * `field label not supported: <f>`; every other kind (Deployments, custom resources…) falls back
 * to `DefaultMetaV1FieldSelectorConversion` and its `"<f>" is not a known field selector…` text.
 */
interface FieldSet {
  registered: boolean;
  fields: Record<string, FieldValue>;
}

const POD_FIELDS: FieldSet = {
  registered: true,
  fields: {
    'metadata.name': name,
    'metadata.namespace': namespace,
    'spec.nodeName': (o) => str(o.spec?.nodeName),
    'spec.restartPolicy': (o) => str(o.spec?.restartPolicy),
    'spec.schedulerName': (o) => str(o.spec?.schedulerName),
    'spec.serviceAccountName': (o) => str(o.spec?.serviceAccountName),
    'spec.hostNetwork': (o) => bool(o.spec?.hostNetwork),
    'status.phase': (o) => str(o.status?.phase),
    // The apiserver reads the first of status.podIPs, not status.podIP.
    'status.podIP': (o) => str(o.status?.podIPs?.[0]?.ip ?? o.status?.podIP),
    // Accepted by the conversion but absent from the selectable set, so it always reads "".
    'status.podIPs': () => '',
    'status.nominatedNodeName': (o) => str(o.status?.nominatedNodeName),
  },
};

const EVENT_FIELDS: FieldSet = {
  registered: true,
  fields: {
    'metadata.name': name,
    'metadata.namespace': namespace,
    'involvedObject.kind': (o) => str(o.involvedObject?.kind),
    'involvedObject.namespace': (o) => str(o.involvedObject?.namespace),
    'involvedObject.name': (o) => str(o.involvedObject?.name),
    'involvedObject.uid': (o) => str(o.involvedObject?.uid),
    'involvedObject.apiVersion': (o) => str(o.involvedObject?.apiVersion),
    'involvedObject.resourceVersion': (o) => str(o.involvedObject?.resourceVersion),
    'involvedObject.fieldPath': (o) => str(o.involvedObject?.fieldPath),
    reason: (o) => str(o.reason),
    reportingComponent: (o) => str(o.reportingComponent),
    // `source.component`, or the reporting controller when the old field is empty.
    source: (o) => str(o.source?.component) || str(o.reportingComponent),
    type: (o) => str(o.type),
  },
};

const FIELD_SETS: Record<ResourceKey, FieldSet> = {
  pods: POD_FIELDS,
  events: EVENT_FIELDS,
  // Cluster-scoped kinds with their own conversion do not accept metadata.namespace at all.
  nodes: {
    registered: true,
    fields: { 'metadata.name': name, 'spec.unschedulable': (o) => bool(o.spec?.unschedulable) },
  },
  namespaces: {
    registered: true,
    fields: { 'metadata.name': name, 'status.phase': (o) => str(o.status?.phase) },
  },
  replicationcontrollers: {
    registered: true,
    fields: { 'metadata.name': name, 'metadata.namespace': namespace, 'status.replicas': (o) => str(o.status?.replicas ?? 0) },
  },
  secrets: {
    registered: true,
    fields: { 'metadata.name': name, 'metadata.namespace': namespace, type: (o) => str(o.type) },
  },
  services: {
    registered: true,
    fields: {
      'metadata.name': name,
      'metadata.namespace': namespace,
      'spec.clusterIP': (o) => str(o.spec?.clusterIP),
      'spec.type': (o) => str(o.spec?.type),
    },
  },
  // UNSURE: the ReplicaSet registry exposes status.replicas as selectable, but apps/v1 may have no
  // conversion function of its own, in which case the real server rejects `status.replicas` with
  // the default text. We accept it (the brief asks for it) and use the default text otherwise.
  'apps/replicasets': {
    registered: false,
    fields: { 'metadata.name': name, 'metadata.namespace': namespace, 'status.replicas': (o) => str(o.status?.replicas ?? 0) },
  },
};

const DEFAULT_FIELDS: FieldSet = {
  registered: false,
  fields: { 'metadata.name': name, 'metadata.namespace': namespace },
};

function unsupportedField(fieldSet: FieldSet, field: string): ApiError {
  return badRequest(
    fieldSet.registered
      ? `field label not supported: ${field}`
      : `"${field}" is not a known field selector: only "metadata.name", "metadata.namespace"`,
  );
}

/** Splits on commas that are not backslash-escaped; the backslashes stay for `unescapeValue`. */
function splitTerms(selector: string): string[] {
  if (selector.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let escaped = false;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (escaped) escaped = false;
    else if (c === '\\') escaped = true;
    else if (c === ',') {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}

const TERM_OPERATORS = ['!=', '==', '='] as const;
type TermOperator = (typeof TERM_OPERATORS)[number];

/** The first operator found from the left wins; the field name itself cannot be escaped. */
function splitTerm(term: string): { field: string; operator: TermOperator; raw: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const operator of TERM_OPERATORS) {
      if (term.startsWith(operator, i)) return { field: term.slice(0, i), operator, raw: term.slice(i + operator.length) };
    }
  }
  return undefined;
}

/** `\\`, `\,` and `\=` are the only escapes; a bare `,` or `=` in a value is refused. */
function unescapeValue(raw: string): string {
  let value = '';
  let escaped = false;
  for (const c of raw) {
    if (escaped) {
      if (c !== '\\' && c !== ',' && c !== '=') throw badRequest(`invalid field selector: invalid escape sequence: \\${c}`);
      value += c;
      escaped = false;
    } else if (c === '\\') escaped = true;
    else if (c === ',' || c === '=') {
      // Go prints the rune with %v, i.e. as its code point number.
      throw badRequest(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    } else value += c;
  }
  if (escaped) throw badRequest('invalid field selector: invalid escape sequence: \\');
  return value;
}

interface FieldTerm {
  read: FieldValue;
  value: string;
  negated: boolean;
}

/**
 * Parses a field selector for one resource (store key: `pods`, `events`, `apps/deployments`…).
 * Terms are checked in sorted order, as the apiserver does, so the first bad field it would name
 * is the one we name.
 */
export function parseFieldSelector(selector: string, resource: ResourceKey): (obj: KObject) => boolean {
  const fieldSet = FIELD_SETS[resource] ?? DEFAULT_FIELDS;
  const parsed: Array<{ field: string; value: string; negated: boolean }> = [];
  // Go's sort.Strings compares bytes; plain JS comparison agrees for ASCII selectors.
  for (const part of splitTerms(selector).sort()) {
    if (part === '') continue;
    const term = splitTerm(part);
    if (!term) throw badRequest(`invalid selector: '${selector}'; can't understand '${part}'`);
    parsed.push({ field: term.field, value: unescapeValue(term.raw), negated: term.operator === '!=' });
  }
  const terms: FieldTerm[] = parsed.map(({ field, value, negated }) => {
    const read = Object.prototype.hasOwnProperty.call(fieldSet.fields, field) ? fieldSet.fields[field] : undefined;
    if (!read) throw unsupportedField(fieldSet, field);
    return { read, value, negated };
  });
  return (obj) => terms.every((t) => (t.read(obj) === t.value) !== t.negated);
}
