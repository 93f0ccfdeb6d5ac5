import { describe, expect, it } from 'vitest';
import {
  LabelSelectorError,
  dns1123LabelErrors,
  dns1123SubdomainErrors,
  formatLabelSelector,
  fromLabelSelectorObject,
  isEmptySelector,
  labelValueErrors,
  matchesLabelSelector,
  parseLabelSelector,
  qualifiedNameErrors,
} from './label-selector';

const NAME_PART_REGEX =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const VALUE_REGEX =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

function parseError(input: string): string {
  try {
    parseLabelSelector(input);
  } catch (e) {
    expect(e).toBeInstanceOf(LabelSelectorError);
    return (e as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
}

const matches = (selector: string, labels: Record<string, string>) =>
  matchesLabelSelector(parseLabelSelector(selector), labels);

describe('parseLabelSelector: syntax', () => {
  it('treats empty and blank selectors as everything', () => {
    expect(parseLabelSelector('').requirements).toEqual([]);
    expect(isEmptySelector(parseLabelSelector('  \t'))).toBe(true);
    expect(matches('', {})).toBe(true);
  });

  it('parses every operator and sorts requirements by key', () => {
    const selector = parseLabelSelector('tier notin (db, cache), app=web, env==prod, !legacy, track!=canary, zone, v in (2,1,1)');
    expect(selector.requirements).toEqual([
      { key: 'app', operator: '=', values: ['web'] },
      { key: 'env', operator: '==', values: ['prod'] },
      { key: 'legacy', operator: '!', values: [] },
      { key: 'tier', operator: 'notin', values: ['cache', 'db'] },
      { key: 'track', operator: '!=', values: ['canary'] },
      { key: 'v', operator: 'in', values: ['1', '2'] },
      { key: 'zone', operator: 'exists', values: [] },
    ]);
  });

  it('accepts prefixed keys and empty values', () => {
    expect(parseLabelSelector('karpenter.sh/nodepool=').requirements).toEqual([
      { key: 'karpenter.sh/nodepool', operator: '=', values: [''] },
    ]);
    expect(parseLabelSelector('a in ()').requirements[0].values).toEqual(['']);
    expect(parseLabelSelector('a in (,x)').requirements[0].values).toEqual(['', 'x']);
    expect(parseLabelSelector('a in (x,)').requirements[0].values).toEqual(['', 'x']);
    expect(parseLabelSelector('a in (x,,y)').requirements[0].values).toEqual(['', 'x', 'y']);
  });

  it('reads keywords as values inside a value position', () => {
    expect(parseLabelSelector('x in (in,notin)').requirements[0].values).toEqual(['in', 'notin']);
    expect(parseLabelSelector('x=in').requirements[0].values).toEqual(['in']);
  });

  it('parses the numeric comparisons the apiserver also accepts', () => {
    expect(parseLabelSelector('gen>3').requirements).toEqual([{ key: 'gen', operator: 'gt', values: ['3'] }]);
    expect(matches('gen>3', { gen: '4' })).toBe(true);
    expect(matches('gen>3', { gen: '3' })).toBe(false);
    expect(matches('gen<3', { gen: '-1' })).toBe(true);
    expect(matches('gen<3', { gen: 'x' })).toBe(false);
    expect(matches('gen<3', {})).toBe(false);
  });
});

describe('parseLabelSelector: the apiserver error texts', () => {
  it('rejects a second `=` at the token after the value', () => {
    expect(parseError('a=b=c')).toBe("found '=', expected: ',' or 'end of string'");
  });

  it('rejects an unterminated set', () => {
    expect(parseError('x in (')).toBe("unable to parse requirement: found '', expected: ',', ')' or identifier");
    expect(parseError('x in (a')).toBe("unable to parse requirement: found '', expected: ',' or ')'");
    expect(parseError('x in (a b)')).toBe("unable to parse requirement: found 'b', expected: ',' or ')'");
    expect(parseError('x in a')).toBe("unable to parse requirement: found 'a' expected: '('");
    expect(parseError('x in (=)')).toBe("unable to parse requirement: found '=', expected: ',', ')' or identifier");
  });

  it('rejects a missing operator or identifier', () => {
    expect(parseError('a b')).toBe('unable to parse requirement: found \'b\', expected: in, notin, =, ==, !=, gt, lt');
    expect(parseError(',a')).toBe("found ',', expected: !, identifier, or 'end of string'");
    expect(parseError('a,')).toBe("found '', expected: identifier after ','");
    expect(parseError('a=(')).toBe("unable to parse requirement: found '(', expected: identifier");
    expect(parseError('!=a')).toBe("found '!=', expected: !, identifier, or 'end of string'");
    expect(parseError('!a=b')).toBe("found '=', expected: ',' or 'end of string'");
  });

  it('reports an invalid key with the <nil> path the parser uses', () => {
    expect(parseError('-bad')).toBe(`unable to parse requirement: <nil>: Invalid value: "-bad": ${NAME_PART_REGEX}`);
    expect(parseError('app:monolith')).toBe(
      `unable to parse requirement: <nil>: Invalid value: "app:monolith": ${NAME_PART_REGEX}`,
    );
  });

  it('reports an invalid value under values[i][key]', () => {
    expect(parseError('a=b/c')).toBe(`unable to parse requirement: values[0][a]: Invalid value: "b/c": ${VALUE_REGEX}`);
    expect(parseError('a in (ok,-x,y-)')).toBe(
      `unable to parse requirement: [values[0][a]: Invalid value: "-x": ${VALUE_REGEX}, values[2][a]: Invalid value: "y-": ${VALUE_REGEX}]`,
    );
  });

  it('rejects non-integer comparison values', () => {
    expect(parseError('a>b')).toBe(
      `unable to parse requirement: values[0]: Invalid value: "b": for 'Gt', 'Lt' operators, the value must be an integer`,
    );
  });
});

describe('matchesLabelSelector', () => {
  const web = { app: 'web', tier: 'frontend' };
  it('applies set and equality semantics like the apiserver', () => {
    expect(matches('app=web', web)).toBe(true);
    expect(matches('app=api', web)).toBe(false);
    expect(matches('app!=api', web)).toBe(true);
    expect(matches('missing!=x', web)).toBe(true); // absent keys satisfy != and notin
    expect(matches('missing notin (x)', web)).toBe(true);
    expect(matches('tier notin (frontend)', web)).toBe(false);
    expect(matches('tier in (backend,frontend)', web)).toBe(true);
    expect(matches('missing in (x)', web)).toBe(false);
    expect(matches('app', web)).toBe(true);
    expect(matches('!app', web)).toBe(false);
    expect(matches('app=web,tier=backend', web)).toBe(false);
    expect(matches('x=', { x: '' })).toBe(true);
    expect(matches('x=', {})).toBe(false);
  });

  it('treats missing labels as an empty set', () => {
    expect(matchesLabelSelector(parseLabelSelector('!a'), undefined)).toBe(true);
    expect(matchesLabelSelector(parseLabelSelector('a'), null)).toBe(false);
  });

  it('does not take inherited object properties for labels', () => {
    expect(matches('constructor', {})).toBe(false);
  });
});

describe('fromLabelSelectorObject', () => {
  it('turns matchLabels and matchExpressions into requirements', () => {
    const selector = fromLabelSelectorObject({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['b', 'a'] },
        { key: 'canary', operator: 'DoesNotExist' },
        { key: 'env', operator: 'Exists' },
        { key: 'zone', operator: 'NotIn', values: ['z1'] },
      ],
    });
    expect(formatLabelSelector(selector)).toBe('app=web,!canary,env,tier in (a,b),zone notin (z1)');
    expect(matchesLabelSelector(selector, { app: 'web', tier: 'a', env: 'x' })).toBe(true);
    expect(matchesLabelSelector(selector, { app: 'web', tier: 'a', env: 'x', canary: '1' })).toBe(false);
  });

  it('selects nothing for null and everything for {}', () => {
    expect(matchesLabelSelector(fromLabelSelectorObject(null), {})).toBe(false);
    expect(isEmptySelector(fromLabelSelectorObject(null))).toBe(false);
    expect(isEmptySelector(fromLabelSelectorObject({}))).toBe(true);
    expect(matchesLabelSelector(fromLabelSelectorObject({}), { a: 'b' })).toBe(true);
  });

  it('rejects unknown operators and bad requirements with the apiserver texts', () => {
    expect(() => fromLabelSelectorObject({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] })).toThrow(
      '"Gt" is not a valid label selector operator',
    );
    expect(() => fromLabelSelectorObject({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] })).toThrow(
      "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
    );
    expect(() => fromLabelSelectorObject({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] })).toThrow(
      'values: Invalid value: []string{"x"}: values set must be empty for exists and does not exist',
    );
    expect(() => fromLabelSelectorObject({ matchLabels: { '-bad': 'x' } })).toThrow(
      `key: Invalid value: "-bad": ${NAME_PART_REGEX}`,
    );
    expect(() => fromLabelSelectorObject({ matchLabels: { a: 'b c' } })).toThrow(
      `values[0][a]: Invalid value: "b c": ${VALUE_REGEX}`,
    );
  });
});

describe('formatLabelSelector', () => {
  it('prints the canonical form with sorted values', () => {
    expect(formatLabelSelector(parseLabelSelector('b notin (y,x), a==1,c!=2 , !d,e,f>3'))).toBe(
      'a==1,b notin (x,y),c!=2,!d,e,f>3',
    );
    expect(formatLabelSelector(fromLabelSelectorObject({ matchLabels: { tier: 'web', app: 'api' } }))).toBe('app=api,tier=web');
    expect(formatLabelSelector(parseLabelSelector(''))).toBe('');
  });

  it('round-trips through the parser', () => {
    const text = 'app=web,tier in (a,b),!x';
    expect(formatLabelSelector(parseLabelSelector(formatLabelSelector(parseLabelSelector(text))))).toBe(text);
  });
});

describe('name and value rules', () => {
  it('validates qualified names (label keys)', () => {
    expect(qualifiedNameErrors('app.kubernetes.io/name')).toEqual([]);
    expect(qualifiedNameErrors('a'.repeat(64))).toEqual(['name part must be no more than 63 characters']);
    expect(qualifiedNameErrors('/x')).toEqual(['prefix part must be non-empty']);
    expect(qualifiedNameErrors('Example.com/x')[0]).toMatch(/^prefix part a lowercase RFC 1123 subdomain must consist/);
    expect(qualifiedNameErrors('a/b/c')[0]).toMatch(/^a qualified name must consist .* with an optional DNS subdomain prefix and '\/' \(e\.g\. 'example\.com\/MyName'\)$/);
    expect(qualifiedNameErrors('x/')).toEqual(['name part must be non-empty', NAME_PART_REGEX]);
  });

  it('validates label values', () => {
    expect(labelValueErrors('')).toEqual([]);
    expect(labelValueErrors('My_value.1')).toEqual([]);
    expect(labelValueErrors('v'.repeat(64))).toEqual(['must be no more than 63 characters']);
    expect(labelValueErrors('_x')).toEqual([VALUE_REGEX]);
  });

  it('validates DNS-1123 names', () => {
    expect(dns1123SubdomainErrors('web.example')).toEqual([]);
    expect(dns1123SubdomainErrors('Bad_Name')).toEqual([
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ]);
    expect(dns1123LabelErrors('a.b')).toEqual(['must not contain dots']);
    expect(dns1123LabelErrors('UP')).toEqual([
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });
});
