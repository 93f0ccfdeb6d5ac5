// DeleteOptions as the apiserver's delete handler reads them: from the body when there is one
// (the query is then not read at all, not even `dryRun`: kubectl delete --dry-run=server sends
// `dryRun: ["All"]` in the body), else from the query; then validated before the object is looked up.
import { ApiError, type StatusCause } from '../errors';
import { deleteQuery, type DeleteQuery } from './query-params';
import { decodeProtobufObject, isProtobuf } from './protobuf';

export interface ParsedDeleteOptions extends DeleteQuery {
  preconditions?: { uid?: string; resourceVersion?: string };
}

const POLICIES = ['Foreground', 'Background', 'Orphan'];

/**
 * `body` is the raw request body: JSON, or protobuf (`kubectl drain --disable-eviction` and its
 * fallback without the Eviction API); any other non-empty body still replaces the query.
 */
export function readDeleteOptions(body: Buffer, q: URLSearchParams): ParsedDeleteOptions {
  const options = body.length > 0 ? fromBody(body) : deleteQuery(q);
  validate(options);
  return options;
}

function fromBody(body: Buffer): ParsedDeleteOptions {
  if (isProtobuf(body)) return (decodeProtobufObject(body, 'DeleteOptions') ?? {}) as ParsedDeleteOptions;
  if (body[0] !== 0x7b) return {};
  try {
    const parsed = JSON.parse(body.toString('utf8'));
    return parsed && typeof parsed === 'object' ? parsed : {};
  } catch {
    return {};
  }
}

function validate(o: ParsedDeleteOptions) {
  const causes: StatusCause[] = [];
  const quoted = (v: unknown) => JSON.stringify(v);
  if (o.orphanDependents !== undefined && o.orphanDependents !== null && o.propagationPolicy !== undefined && o.propagationPolicy !== null) {
    causes.push({
      reason: 'FieldValueInvalid',
      message: `Invalid value: ${quoted(o.propagationPolicy)}: orphanDependents and deletionPropagation cannot be both set`,
      field: 'propagationPolicy',
    });
  }
  if (o.propagationPolicy !== undefined && o.propagationPolicy !== null && !POLICIES.includes(o.propagationPolicy)) {
    causes.push({
      reason: 'FieldValueNotSupported',
      message: `Unsupported value: ${quoted(o.propagationPolicy)}: supported values: ${[...POLICIES, 'nil'].map(quoted).join(', ')}`,
      field: 'propagationPolicy',
    });
  }
  const dryRun = Array.isArray(o.dryRun) ? o.dryRun : o.dryRun === undefined || o.dryRun === null ? [] : [o.dryRun];
  if (dryRun.some((v) => v !== 'All')) {
    causes.push({
      reason: 'FieldValueNotSupported',
      message: `Unsupported value: []string{${dryRun.map(quoted).join(', ')}}: supported values: "All"`,
      field: 'dryRun',
    });
  }
  if (causes.length === 0) return;
  const listed = causes.map((c) => `${c.field}: ${c.message}`);
  const summary = listed.length === 1 ? listed[0] : `[${listed.join(', ')}]`;
  throw new ApiError(422, 'Invalid', `DeleteOptions.meta.k8s.io "" is invalid: ${summary}`, { group: 'meta.k8s.io', kind: 'DeleteOptions', causes });
}

/** Whether these options ask for a dry run (already validated: only "All" is possible). */
export const isDryRun = (o: ParsedDeleteOptions) => Array.isArray(o.dryRun) && o.dryRun.length > 0;
