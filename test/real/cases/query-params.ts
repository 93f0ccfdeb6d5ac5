// Query parameters, one case per spelling: booleans (`watch=yes` is a watch in 1.20: only "0" and
// "false" in any case are false), integers (strconv.ParseInt: `limit=1.5` is a 400, `limit=-1`
// is no limit), parameters 1.20 ignores, `pretty`, and DeleteOptions / PatchOptions read from the
// query. Each case also pins what the real server answered, so a case means what its name says.
import { expect } from 'vitest';
import { code, followUpCodes, message, reason, type Case, type Check } from '../case';
import type { RawResponse } from '../http';
import { NS, pod, podsPath } from '../fixtures';

const MERGE = 'application/merge-patch+json';
/** Matches nothing, so a watch stays silent and ends only at its timeoutSeconds. */
const QUIET = 'labelSelector=qp-none&timeoutSeconds=1';
/** The three pods below. */
const THREE = 'labelSelector=qp%3Dyes';

const podsSetup = ['qp-1', 'qp-2', 'qp-3'].map((name) => ({ method: 'POST', path: podsPath, body: pod(name, { qp: 'yes' }) }));

function isEvent(line: string): boolean {
  try {
    const e = JSON.parse(line);
    return typeof e?.type === 'string' && 'object' in e;
  } catch {
    return false;
  }
}

/** What kind of answer came back: a watch stream (with its events), a list, an object or a Status. */
export function shapeOf(r: RawResponse): string {
  if (r.json?.kind === 'Status') return `Status ${r.json.code} ${r.json.reason}`;
  if (typeof r.json?.kind === 'string' && r.json.kind.endsWith('List')) {
    return `${r.json.kind} of ${r.json.items?.length ?? 0}${r.json.metadata?.continue ? ' with continue' : ''}`;
  }
  if (typeof r.json?.kind === 'string') return r.json.kind;
  const lines = r.text.split('\n').filter((l) => l.trim());
  if (r.status === 200 && lines.every(isEvent)) {
    const events = lines.map((l) => JSON.parse(l)).map((e) => `${e.type}:${e.object?.metadata?.name}`);
    return `watch [${events.sort().join(' ')}]`;
  }
  return `other ${r.status}: ${r.text.slice(0, 80)}`;
}

/** The same shape on both servers, and on the real one the shape this case is about. */
const shape = (expected: string): Check => ({
  label: 'answer shape',
  run: (real, sandbox) => {
    expect(shapeOf(real.response), 'the real server').toBe(expected);
    expect(shapeOf(sandbox.response)).toBe(expected);
  },
});

const indented = (expected: boolean): Check => ({
  label: 'pretty printing',
  run: (real, sandbox) => {
    const isIndented = (r: RawResponse) => r.text.startsWith('{\n  "');
    expect(isIndented(real.response), 'the real server').toBe(expected);
    expect(isIndented(sandbox.response)).toBe(expected);
  },
});

const watch = (q: string, expected = 'watch []'): Case => ({ name: `?${q} on a list`, request: { path: `${podsPath}?${q}&${QUIET}` }, checks: [code, shape(expected)] });
const list = (q: string, expected: string): Case => ({ name: `?${q}`, request: { path: `${podsPath}?${q}&${THREE}` }, checks: [code, shape(expected)] });
const badInt = (q: string, path = `${podsPath}?${q}&${THREE}`): Case => ({ name: `?${q} is a 400`, request: { path }, checks: [code, reason, message, shape('Status 400 BadRequest')] });

const booleans: Case[] = [
  { ...watch('watch=true'), setup: podsSetup },
  ...['True', 'TRUE', 't', 'T', '1', 'yes', 'no', '2', '00', 'f', 'F', '%20false', '\ufb02se'].map((v) => watch(`watch=${v}`)),
  watch('watch='),
  watch('watch'),
  watch('watch=true&watch=false'),
  ...['false', 'False', 'FALSE', 'fAlSe', '0', 'fal%C5%BFe', 'false&watch=true'].map((v) => watch(`watch=${v}`, 'PodList of 0')),
  watch('watch=1&allowWatchBookmarks=yes'),
  list('allowWatchBookmarks=abc', 'PodList of 3'),
  // sendInitialEvents is not a 1.20 parameter: a watch without a resourceVersion starts with
  // the current objects whatever it says.
  { name: '?watch=1&sendInitialEvents=false still sends the current objects', request: { path: `${podsPath}?watch=1&sendInitialEvents=false&timeoutSeconds=1&${THREE}` }, checks: [code, shape('watch [ADDED:qp-1 ADDED:qp-2 ADDED:qp-3]')] },
  list('sendInitialEvents=abc', 'PodList of 3'),
];

const integers: Case[] = [
  ...['abc', '1.5', '', '1e3', '%201', '0x10', '1_0', '99999999999999999999', '9223372036854775808', 'x&limit=1'].map((v) => badInt(`limit=${v}`)),
  list('limit=-1', 'PodList of 3'),
  list('limit=0', 'PodList of 3'),
  list('limit=-0', 'PodList of 3'),
  list('limit=%2B1', 'PodList of 1 with continue'),
  list('limit=01', 'PodList of 1 with continue'),
  list('limit=2&limit=x', 'PodList of 2 with continue'),
  list('limit=9223372036854775807', 'PodList of 3'),
  ...['abc', '', '1.5'].map((v) => badInt(`timeoutSeconds=${v}`)),
  list('timeoutSeconds=-1', 'PodList of 3'),
  badInt('limit=xyz&timeoutSeconds=abc'),
  badInt('watch=1&limit=abc'),
  badInt('watch=1&timeoutSeconds=1.5'),
  { name: '?watch=1&timeoutSeconds=-1 ends the watch before any event', request: { path: `${podsPath}?watch=1&timeoutSeconds=-1&${THREE}` }, checks: [code, shape('watch []')] },
  {
    name: 'a get by name ignores list parameters',
    request: { path: `${podsPath}/qp-1?watch=true&limit=abc&timeoutSeconds=abc` },
    checks: [code, shape('Pod')],
  },
  ...[
    'resourceVersionMatch=abc',
    'resourceVersionMatch=NotOlderThan',
    'resourceVersionMatch=notolderthan&resourceVersion=0',
    'resourceVersionMatch=Exact&resourceVersion=0',
    'resourceVersionMatch=NotOlderThan&resourceVersion=1&watch=1',
    'resourceVersionMatch=NotOlderThan&resourceVersion=1&continue=abc',
  ].map((v): Case => ({ name: `?${v} is a 422`, request: { path: `${podsPath}?${v}&${THREE}` }, checks: [code, reason, message, shape('Status 422 Invalid')] })),
  list('resourceVersionMatch=NotOlderThan&resourceVersion=0', 'PodList of 3'),
  {
    name: 'DELETE collection ?resourceVersionMatch=abc is a 422',
    request: { method: 'DELETE', path: `${podsPath}?resourceVersionMatch=abc&labelSelector=qp-none` },
    checks: [code, reason, message],
  },
  { name: 'parameters 1.20 does not know, and an empty resourceVersionMatch, are ignored', request: { path: `${podsPath}?foo=bar&timeout=abc&includeUninitialized=abc&resourceVersionMatch=&${THREE}` }, checks: [code, shape('PodList of 3')] },
];

const pretty: Case[] = [
  ...['1', 'true', 'True'].map((v): Case => ({ name: `?pretty=${v} indents`, request: { path: `${podsPath}?pretty=${v}&${THREE}` }, checks: [code, indented(true)] })),
  ...['yes', '0', '', 'tRUE'].map((v): Case => ({ name: `?pretty=${v} does not`, request: { path: `${podsPath}?pretty=${v}&${THREE}` }, checks: [code, indented(false)] })),
  { name: 'a Status is indented too', request: { path: `${podsPath}/nope?pretty=t` }, checks: [code, reason, indented(true)] },
  { name: '/version is indented whatever pretty says', request: { path: '/version?pretty=false' }, checks: [code, indented(true)] },
];

const deletes: Case[] = [
  ...['abc', '', '1.5'].map((v): Case => ({ ...badInt(`gracePeriodSeconds=${v}`), name: `DELETE ?gracePeriodSeconds=${v} is a 400`, request: { method: 'DELETE', path: `${podsPath}/nope?gracePeriodSeconds=${v}` } })),
  { name: 'DELETE ?gracePeriodSeconds=-5 passes the parser', request: { method: 'DELETE', path: `${podsPath}/nope?gracePeriodSeconds=-5` }, checks: [code, reason, message] },
  {
    name: 'DELETE with a body does not read the query at all',
    request: { method: 'DELETE', path: `${podsPath}/nope?gracePeriodSeconds=abc&dryRun=Bogus&propagationPolicy=Bogus`, body: { kind: 'DeleteOptions', apiVersion: 'v1' } },
    checks: [code, reason, message, shape('Status 404 NotFound')],
  },
  {
    name: 'DELETE ?propagationPolicy=Bogus is a 422',
    request: { method: 'DELETE', path: `${podsPath}/nope?propagationPolicy=Bogus` },
    checks: [code, reason, message, shape('Status 422 Invalid')],
  },
  {
    name: 'DELETE ?orphanDependents=yes&propagationPolicy=Orphan is a 422',
    request: { method: 'DELETE', path: `${podsPath}/nope?orphanDependents=yes&propagationPolicy=Orphan` },
    checks: [code, reason, message],
  },
  {
    name: 'DELETE with propagationPolicy Bogus in the body is a 422',
    request: { method: 'DELETE', path: `${podsPath}/nope`, body: { propagationPolicy: 'Bogus' } },
    checks: [code, reason, message],
  },
  {
    name: 'DELETE with dryRun in the body (kubectl delete --dry-run=server) keeps the pod',
    setup: [{ method: 'POST', path: podsPath, body: pod('qp-dry') }],
    request: { method: 'DELETE', path: `${podsPath}/qp-dry`, body: { dryRun: ['All'] } },
    then: [{ path: `${podsPath}/qp-dry` }],
    checks: [code, followUpCodes, { label: 'kept', run: (a) => expect(a.followUps[0].status).toBe(200) }],
  },
  {
    name: 'DELETE ?dryRun=All with a body deletes for real (the body decides)',
    setup: [{ method: 'POST', path: podsPath, body: pod('qp-wet') }],
    request: { method: 'DELETE', path: `${podsPath}/qp-wet?dryRun=All`, body: {} },
    then: [{ path: `${podsPath}/qp-wet` }],
    checks: [code, followUpCodes, { label: 'gone', run: (a) => expect(a.followUps[0].status).toBe(404) }],
  },
  {
    name: 'DELETE collection ?limit=abc is a 400 before anything is deleted',
    request: { method: 'DELETE', path: `${podsPath}?limit=abc&${THREE}` },
    then: [{ path: `${podsPath}?${THREE}` }],
    checks: [code, reason, message, { label: 'nothing deleted', run: (a, b) => expect([shapeOf(a.followUps[0]), shapeOf(b.followUps[0])]).toEqual(['PodList of 3', 'PodList of 3']) }],
  },
];

const patches: Case[] = [
  ...['false', '', 'true'].map(
    (v): Case => ({
      name: `merge patch with ?force=${v} is a 422`,
      request: { method: 'PATCH', path: `${podsPath}/qp-1?force=${v}`, contentType: MERGE, body: {} },
      checks: [code, reason, message],
    }),
  ),
  {
    name: 'apply patch without a fieldManager is a 422',
    request: { method: 'PATCH', path: `${podsPath}/qp-1`, contentType: 'application/apply-patch+yaml', raw: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'qp-1', namespace: NS } }) },
    checks: [code, reason, message],
  },
];

export const queryParamCases: Case[] = [...booleans, ...integers, ...pretty, ...deletes, ...patches];
