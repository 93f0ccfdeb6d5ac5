// Query parameters as kube-apiserver 1.20 decodes them (apimachinery's url.Values → options
// conversions), measured against the real server:
// - only the first value of a repeated parameter counts, and unknown parameters are ignored;
// - a boolean is false only when absent, "0", or "false" in any case (Go's strings.EqualFold, so
//   even "falſe" with a long s); anything else — "yes", "f", "2", an empty value — is true;
// - an integer is Go's strconv.ParseInt(v, 10, 64): "+1" and "01" pass; "", "1.5", "1e3", " 1",
//   "0x10" and values past int64 are a 400 BadRequest with Go's own message. Negative values pass.
// `pretty` alone is read with strconv.ParseBool (an unknown spelling means not pretty).
import { ApiError, type StatusCause } from '../errors';

const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** Go's strconv.Quote, as error messages print a value: printable runes kept, the rest escaped. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const r = ch.codePointAt(0)!;
    const named: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v' };
    if (named[ch]) out += named[ch];
    else if (r < 0x20 || r === 0x7f) out += `\\x${r.toString(16).padStart(2, '0')}`;
    else if (ch !== ' ' && /[\p{C}\p{Z}]/u.test(ch)) out += r < 0x10000 ? `\\u${r.toString(16).padStart(4, '0')}` : `\\U${r.toString(16).padStart(8, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

const numError = (s: string, why: 'invalid syntax' | 'value out of range') =>
  new ApiError(400, 'BadRequest', `strconv.ParseInt: parsing ${goQuote(s)}: ${why}`);

/**
 * strconv.ParseInt(s, 10, 64). Digits are read left to right and an overflow is reported where it
 * happens, so "99999999999999999999x" is out of range rather than invalid, as in Go.
 */
export function parseGoInt64(s: string): number {
  const negative = s.startsWith('-');
  const digits = s.startsWith('-') || s.startsWith('+') ? s.slice(1) : s;
  if (digits === '') throw numError(s, 'invalid syntax');
  let n = 0n;
  for (const c of digits) {
    if (c < '0' || c > '9') throw numError(s, 'invalid syntax');
    n = n * 10n + BigInt(c.charCodeAt(0) - 48);
    if (n > UINT64_MAX) throw numError(s, 'value out of range');
  }
  if (negative ? n > INT64_MAX + 1n : n > INT64_MAX) throw numError(s, 'value out of range');
  return Number(negative ? -n : n);
}

/** A boolean query parameter (all its values, as URLSearchParams.getAll gives them). */
export function queryBool(values: string[]): boolean {
  if (values.length === 0) return false;
  const v = values[0];
  // toUpperCase folds exactly the runes Go's EqualFold matches against "false" (ſ → S).
  return !(v === '0' || v.toUpperCase() === 'FALSE');
}

/** An integer query parameter: undefined when absent, a 400 when not an int64. */
export function queryInt(values: string[]): number | undefined {
  return values.length === 0 ? undefined : parseGoInt64(values[0]);
}

/** Go's strconv.ParseBool: undefined for anything it refuses. */
export function parseBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return undefined;
}

/**
 * Whether the answer is indented JSON: a non-empty `pretty` decides (ParseBool, errors mean no);
 * otherwise curl, Wget and browsers get it pretty, going by their User-Agent.
 */
export function wantsPretty(q: URLSearchParams, userAgent: string | undefined): boolean {
  const pretty = q.get('pretty');
  if (pretty) return parseBool(pretty) ?? false;
  return ['curl', 'Wget', 'Mozilla/5.0'].some((p) => userAgent?.startsWith(p));
}

export interface ListQuery {
  watch: boolean;
  allowWatchBookmarks: boolean;
  timeoutSeconds?: number;
  limit?: number;
}

/**
 * The typed ListOptions fields of a list, watch or deletecollection, decoded in the struct's
 * field order (timeoutSeconds before limit), so the first bad one is the one reported.
 * `sendInitialEvents` is not a 1.20 field and is ignored, as there.
 */
export function listQuery(q: URLSearchParams): ListQuery {
  const watch = queryBool(q.getAll('watch'));
  const allowWatchBookmarks = queryBool(q.getAll('allowWatchBookmarks'));
  const timeoutSeconds = queryInt(q.getAll('timeoutSeconds'));
  const limit = queryInt(q.getAll('limit'));
  return { watch, allowWatchBookmarks, timeoutSeconds, limit };
}

/**
 * The apiserver's ListOptions validation, after decoding: resourceVersionMatch needs a
 * resourceVersion, is no watch's, and is Exact or NotOlderThan (Exact not with "0").
 */
export function validateListOptions(q: URLSearchParams, watch: boolean) {
  const match = q.get('resourceVersionMatch') ?? '';
  if (!match) return;
  const rv = q.get('resourceVersion') ?? '';
  const forbidden = (why: string): StatusCause => ({ reason: 'FieldValueForbidden', message: `Forbidden: ${why}`, field: 'resourceVersionMatch' });
  const causes: StatusCause[] = [];
  if (watch) causes.push(forbidden('resourceVersionMatch is forbidden for watch'));
  if (!rv) causes.push(forbidden('resourceVersionMatch is forbidden unless resourceVersion is provided'));
  if (q.get('continue')) causes.push(forbidden('resourceVersionMatch is forbidden when continue is provided'));
  if (match !== 'Exact' && match !== 'NotOlderThan') {
    causes.push({
      reason: 'FieldValueNotSupported',
      message: `Unsupported value: ${JSON.stringify(match)}: supported values: "Exact", "NotOlderThan", ""`,
      field: 'resourceVersionMatch',
    });
  }
  if (match === 'Exact' && rv === '0') causes.push(forbidden('resourceVersionMatch "exact" is forbidden for resourceVersion "0"'));
  if (causes.length === 0) return;
  const listed = causes.map((c) => `${c.field}: ${c.message}`);
  throw new ApiError(422, 'Invalid', `ListOptions.meta.k8s.io "" is invalid: ${listed.length === 1 ? listed[0] : `[${listed.join(', ')}]`}`, {
    group: 'meta.k8s.io',
    kind: 'ListOptions',
    causes,
  });
}

export interface DeleteQuery {
  gracePeriodSeconds?: number;
  orphanDependents?: boolean;
  propagationPolicy?: string;
  dryRun?: string[];
}

/** DeleteOptions from the query, as the apiserver reads them when the DELETE has no body. */
export function deleteQuery(q: URLSearchParams): DeleteQuery {
  const out: DeleteQuery = {};
  const grace = queryInt(q.getAll('gracePeriodSeconds'));
  if (grace !== undefined) out.gracePeriodSeconds = grace;
  if (q.has('orphanDependents')) out.orphanDependents = queryBool(q.getAll('orphanDependents'));
  if (q.has('propagationPolicy')) out.propagationPolicy = q.get('propagationPolicy')!;
  if (q.has('dryRun')) out.dryRun = q.getAll('dryRun');
  return out;
}
