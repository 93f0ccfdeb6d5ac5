import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors';
import { deleteQuery, goQuote, listQuery, parseBool, parseGoInt64, queryBool, queryInt, validateListOptions, wantsPretty } from './query-params';
import { isDryRun, readDeleteOptions } from './delete-options';
import { APPLY_PATCH, checkPatchOptions } from './patch-options';

const q = (s: string) => new URLSearchParams(s);
const thrown = (f: () => unknown): ApiError => {
  try {
    f();
  } catch (err) {
    return err as ApiError;
  }
  throw new Error('expected a throw');
};

describe('queryBool (the apiserver: false only for absent, "0" or "false" in any case)', () => {
  it.each(['0', 'false', 'False', 'FALSE', 'fAlSe', 'fal\u017fe'])('%j is false', (v) => expect(queryBool([v])).toBe(false));
  it.each(['1', 'true', 't', 'T', 'f', 'F', 'yes', 'no', '', '00', ' false', '2', '\ufb02se'])('%j is true', (v) => expect(queryBool([v])).toBe(true));
  it('is false when absent and reads only the first value', () => {
    expect(queryBool([])).toBe(false);
    expect(queryBool(['false', 'true'])).toBe(false);
    expect(queryBool(['true', 'false'])).toBe(true);
  });
});

describe('parseGoInt64 (strconv.ParseInt base 10)', () => {
  it.each([
    ['0', 0],
    ['-0', 0],
    ['+1', 1],
    ['01', 1],
    ['-1', -1],
    ['500', 500],
    ['9223372036854775807', 9223372036854775807],
    ['-9223372036854775808', -9223372036854775808],
  ])('%j → %d', (s, n) => expect(parseGoInt64(s)).toBe(n));

  it.each(['', 'abc', '1.5', '1e3', ' 1', '1 ', '0x10', '1_0', '+', '-', '++1', '１'])('%j is invalid syntax, a 400 BadRequest', (s) => {
    const err = thrown(() => parseGoInt64(s));
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe(400);
    expect(err.reason).toBe('BadRequest');
    expect(err.message).toBe(`strconv.ParseInt: parsing ${JSON.stringify(s)}: invalid syntax`);
  });

  it.each(['9223372036854775808', '-9223372036854775809', '99999999999999999999', '99999999999999999999x'])('%j is out of range', (s) => {
    expect(thrown(() => parseGoInt64(s)).message).toBe(`strconv.ParseInt: parsing "${s}": value out of range`);
  });

  it('quotes the value as Go does', () => {
    expect(thrown(() => parseGoInt64('a"b\\c\n\x01\x7f\u00ad\u00e9')).message).toBe('strconv.ParseInt: parsing "a\\"b\\\\c\\n\\x01\\x7f\\u00ad\u00e9": invalid syntax');
    expect(goQuote('tab\there ok')).toBe('"tab\\there ok"');
  });
});

describe('queryInt', () => {
  it('is undefined when absent and reads only the first value', () => {
    expect(queryInt([])).toBeUndefined();
    expect(queryInt(['3', 'x'])).toBe(3);
    expect(() => queryInt(['x', '3'])).toThrow('parsing "x"');
  });
});

describe('parseBool (strconv.ParseBool, for pretty)', () => {
  it.each(['1', 't', 'T', 'TRUE', 'true', 'True'])('%j is true', (v) => expect(parseBool(v)).toBe(true));
  it.each(['0', 'f', 'F', 'FALSE', 'false', 'False'])('%j is false', (v) => expect(parseBool(v)).toBe(false));
  it.each(['yes', 'tRUE', '', ' 1', 'falſe'])('%j is refused', (v) => expect(parseBool(v)).toBeUndefined());
});

describe('wantsPretty', () => {
  it('follows a non-empty pretty, else the User-Agent', () => {
    expect(wantsPretty(q('pretty=1'), 'kubectl/v1.32')).toBe(true);
    expect(wantsPretty(q('pretty=yes'), 'kubectl/v1.32')).toBe(false);
    expect(wantsPretty(q('pretty=false'), 'curl/8.0')).toBe(false);
    expect(wantsPretty(q('pretty=abc'), 'curl/8.0')).toBe(false);
    expect(wantsPretty(q('pretty='), 'curl/8.0')).toBe(true);
    expect(wantsPretty(q(''), 'Wget/1.21')).toBe(true);
    expect(wantsPretty(q(''), 'Mozilla/5.0 (X11)')).toBe(true);
    expect(wantsPretty(q(''), 'node')).toBe(false);
    expect(wantsPretty(q(''), undefined)).toBe(false);
  });
});

describe('listQuery', () => {
  it('decodes watch, bookmarks, timeoutSeconds and limit; ignores what 1.20 does not know', () => {
    expect(listQuery(q('watch=yes&allowWatchBookmarks=&timeoutSeconds=-1&limit=%2B5&sendInitialEvents=abc&foo=bar'))).toEqual({
      watch: true,
      allowWatchBookmarks: true,
      timeoutSeconds: -1,
      limit: 5,
    });
    expect(listQuery(q(''))).toEqual({ watch: false, allowWatchBookmarks: false, timeoutSeconds: undefined, limit: undefined });
  });

  it('reports timeoutSeconds before limit, in the struct order', () => {
    expect(() => listQuery(q('limit=xyz&timeoutSeconds=abc'))).toThrow('parsing "abc"');
  });
});

describe('DeleteOptions', () => {
  const none = Buffer.alloc(0);
  const json = (o: unknown) => Buffer.from(JSON.stringify(o));

  it('come from the query when there is no body', () => {
    expect(deleteQuery(q('gracePeriodSeconds=0&orphanDependents=f&propagationPolicy=Background&dryRun=All'))).toEqual({
      gracePeriodSeconds: 0,
      orphanDependents: true,
      propagationPolicy: 'Background',
      dryRun: ['All'],
    });
    expect(() => readDeleteOptions(none, q('gracePeriodSeconds=1.5'))).toThrow('strconv.ParseInt: parsing "1.5": invalid syntax');
  });

  it('come only from the body when there is one: the query is not even parsed', () => {
    const options = readDeleteOptions(json({ dryRun: ['All'] }), q('gracePeriodSeconds=abc&dryRun=Bogus&propagationPolicy=Bogus'));
    expect(options).toEqual({ dryRun: ['All'] });
    expect(isDryRun(options)).toBe(true);
    expect(isDryRun(readDeleteOptions(json({}), q('dryRun=All')))).toBe(false);
  });

  it('refuse an unknown policy, both orphanDependents and a policy, and an unknown dry run, with 422 Invalid', () => {
    const bogus = thrown(() => readDeleteOptions(none, q('propagationPolicy=Bogus')));
    expect(bogus.code).toBe(422);
    expect(bogus.message).toBe('DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "Bogus": supported values: "Foreground", "Background", "Orphan", "nil"');
    const both = thrown(() => readDeleteOptions(json({ orphanDependents: true, propagationPolicy: 'Orphan' }), q('')));
    expect(both.message).toBe('DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Invalid value: "Orphan": orphanDependents and deletionPropagation cannot be both set');
    const dry = thrown(() => readDeleteOptions(json({ dryRun: ['Bogus'] }), q('')));
    expect(dry.details?.causes).toEqual([{ reason: 'FieldValueNotSupported', message: 'Unsupported value: []string{"Bogus"}: supported values: "All"', field: 'dryRun' }]);
  });
});

describe('PatchOptions', () => {
  it('refuse force on a non-apply patch, whatever its value, and an apply without a field manager', () => {
    for (const force of ['force=false', 'force=', 'force=true']) {
      const err = thrown(() => checkPatchOptions(q(force), 'application/merge-patch+json'));
      expect(err.code).toBe(422);
      expect(err.message).toBe('PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch');
    }
    expect(thrown(() => checkPatchOptions(q('force=true'), APPLY_PATCH)).message).toBe(
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    );
    expect(() => checkPatchOptions(q('force=true&fieldManager=kubectl'), APPLY_PATCH)).not.toThrow();
    expect(() => checkPatchOptions(q('fieldManager=x'), 'application/strategic-merge-patch+json')).not.toThrow();
  });
});

describe('validateListOptions', () => {
  const check = (s: string, watch = false) => () => validateListOptions(q(s), watch);
  it('lets resourceVersionMatch through with a resourceVersion, on a list', () => {
    expect(check('resourceVersionMatch=NotOlderThan&resourceVersion=5')).not.toThrow();
    expect(check('resourceVersionMatch=Exact&resourceVersion=5')).not.toThrow();
    expect(check('resourceVersionMatch=')).not.toThrow();
  });

  it('refuses it without a resourceVersion, on a watch, with continue, unknown, or Exact at "0"', () => {
    expect(check('resourceVersionMatch=NotOlderThan')).toThrow(
      'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided',
    );
    expect(check('resourceVersionMatch=Exact&resourceVersion=0')).toThrow('resourceVersionMatch: Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"');
    expect(check('resourceVersionMatch=NotOlderThan&resourceVersion=1', true)).toThrow('resourceVersionMatch is forbidden for watch');
    expect(check('resourceVersionMatch=NotOlderThan&resourceVersion=1&continue=x')).toThrow('resourceVersionMatch is forbidden when continue is provided');
    const err = thrown(check('resourceVersionMatch=abc'));
    expect(err.code).toBe(422);
    expect(err.message).toBe(
      'ListOptions.meta.k8s.io "" is invalid: [resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided, resourceVersionMatch: Unsupported value: "abc": supported values: "Exact", "NotOlderThan", ""]',
    );
  });
});
