// Kubernetes label selectors, parsed and matched exactly as the apiserver does
// (k8s.io/apimachinery/pkg/labels), so that `?labelSelector=` behaves the same against the
// sandbox and a real cluster, error text included. Isomorphic: the browser's lane filter uses it.

export type LabelOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  /** Sorted and de-duplicated when parsed from a string; as given when built from an object. */
  values: string[];
}

export interface LabelSelector {
  /** ANDed; sorted by key like the apiserver's parser. */
  requirements: LabelRequirement[];
  /** A nil `LabelSelector` object selects nothing (not everything): `labels.Nothing()`. */
  matchesNothing?: boolean;
}

export class LabelSelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LabelSelectorError';
  }
}

export const EVERYTHING: LabelSelector = Object.freeze({ requirements: [] }) as LabelSelector;
export const NOTHING: LabelSelector = Object.freeze({ requirements: [], matchesNothing: true }) as LabelSelector;

// ---------------------------------------------------------------------------------------------
// Name and value rules (k8s.io/apimachinery/pkg/util/validation). Exported for validate.ts.

const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME_RE = new RegExp(`^${QUALIFIED_NAME_FMT}$`);
const QUALIFIED_NAME_MSG =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE_FMT}$`);
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_LABEL_RE = new RegExp(`^${DNS1123_LABEL_FMT}$`);
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);

/** The apiserver's `RegexError`, down to the doubled space after each example. */
export function regexError(message: string, format: string, ...examples: string[]): string {
  if (examples.length === 0) return `${message} (regex used for validation is '${format}')`;
  const shown = examples.map((e) => `'${e}', `).join(' or ');
  return `${message} (e.g. ${shown}regex used for validation is '${format}')`;
}

export const maxLenError = (length: number) => `must be no more than ${length} characters`;
const EMPTY_ERROR = 'must be non-empty';

/** Go measures string length in bytes; so must we, or multi-byte names pass here and fail there. */
export const byteLength = (s: string): number => new TextEncoder().encode(s).length;

export function dns1123SubdomainErrors(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > 253) errors.push(maxLenError(253));
  if (!DNS1123_SUBDOMAIN_RE.test(value)) {
    errors.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        DNS1123_SUBDOMAIN_FMT,
        'example.com',
      ),
    );
  }
  return errors;
}

export function dns1123LabelErrors(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > 63) errors.push(maxLenError(63));
  if (!DNS1123_LABEL_RE.test(value)) {
    // A valid subdomain that is not a valid label can only be failing because of its dots.
    if (DNS1123_SUBDOMAIN_RE.test(value)) errors.push('must not contain dots');
    else
      errors.push(
        regexError(
          "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
          DNS1123_LABEL_FMT,
          'my-name',
          '123-abc',
        ),
      );
  }
  return errors;
}

/** `IsQualifiedName`: label keys, annotation keys, finalizer-like names. */
export function qualifiedNameErrors(value: string): string[] {
  const errors: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0];
  } else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) errors.push(`prefix part ${EMPTY_ERROR}`);
    else errors.push(...dns1123SubdomainErrors(prefix).map((m) => `prefix part ${m}`));
  } else {
    return [
      `a qualified name ${regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errors.push(`name part ${EMPTY_ERROR}`);
  else if (byteLength(name) > 63) errors.push(`name part ${maxLenError(63)}`);
  if (!QUALIFIED_NAME_RE.test(name)) {
    errors.push(`name part ${regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}`);
  }
  return errors;
}

export function labelValueErrors(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > 63) errors.push(maxLenError(63));
  if (!LABEL_VALUE_RE.test(value)) errors.push(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  return errors;
}

// ---------------------------------------------------------------------------------------------
// Field-error text, as `field.Error.Error()` prints it.

/** Go's `%q` for the strings that appear in selectors (JSON escaping is close enough for ASCII). */
export const goQuote = (s: string): string => JSON.stringify(s);

/** Go's `%#v` of a `[]string`, which is how the apiserver shows a bad value list. */
export const goStringSlice = (values: string[] | null): string =>
  values === null ? '[]string(nil)' : `[]string{${values.map(goQuote).join(', ')}}`;

/** `field.Invalid(path, value, detail).Error()`; a nil path prints as `<nil>`. */
const invalidText = (path: string, shownValue: string, detail: string) => `${path}: Invalid value: ${shownValue}: ${detail}`;

/** The apiserver's aggregate error: one message alone, several in brackets, duplicates dropped. */
function aggregate(messages: string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
}

const INTEGER_RE = /^[+-]?\d+$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Go's `strconv.ParseInt(s, 10, 64)`; undefined where it would fail. */
function parseInt64(s: string): bigint | undefined {
  if (!INTEGER_RE.test(s)) return undefined;
  const n = BigInt(s);
  return n < INT64_MIN || n > INT64_MAX ? undefined : n;
}

/**
 * `labels.NewRequirement`: the checks shared by the string parser and the object form.
 * `values` null stands for a nil Go slice (only matters in the error text).
 */
function newRequirement(key: string, operator: LabelOperator, values: string[] | null): LabelRequirement {
  const errors: string[] = [];
  const keyErrors = qualifiedNameErrors(key);
  if (keyErrors.length) errors.push(invalidText('key', goQuote(key), keyErrors.join('; ')));
  const vals = values ?? [];
  switch (operator) {
    case 'in':
    case 'notin':
      if (vals.length === 0)
        errors.push(invalidText('values', goStringSlice(values), "for 'in', 'notin' operators, values set can't be empty"));
      break;
    case '=':
    case '==':
    case '!=':
      if (vals.length !== 1)
        errors.push(invalidText('values', goStringSlice(values), 'exact-match compatibility requires one single value'));
      break;
    case 'exists':
    case '!':
      if (vals.length !== 0)
        errors.push(invalidText('values', goStringSlice(values), 'values set must be empty for exists and does not exist'));
      break;
    case 'gt':
    case 'lt':
      if (vals.length !== 1)
        errors.push(invalidText('values', goStringSlice(values), "for 'Gt', 'Lt' operators, exactly one value is required"));
      vals.forEach((v, i) => {
        if (parseInt64(v) === undefined)
          errors.push(invalidText(`values[${i}]`, goQuote(v), "for 'Gt', 'Lt' operators, the value must be an integer"));
      });
      break;
  }
  vals.forEach((v, i) => {
    const valueErrors = labelValueErrors(v);
    if (valueErrors.length) errors.push(invalidText(`values[${i}][${key}]`, goQuote(v), valueErrors.join('; ')));
  });
  if (errors.length) throw new LabelSelectorError(aggregate(errors));
  return { key, operator, values: vals };
}

// ---------------------------------------------------------------------------------------------
// The string syntax. A hand-written lexer and recursive-descent parser mirroring the apiserver's,
// because its error messages name the exact token it tripped over.

type TokenKind =
  | 'end'
  | 'error'
  | ')'
  | ','
  | '!'
  | '=='
  | '='
  | '>'
  | 'identifier'
  | 'in'
  | '<'
  | '!='
  | 'notin'
  | '(';

interface Token {
  kind: TokenKind;
  literal: string;
}

const LITERAL_TOKENS: Record<string, TokenKind> = {
  ')': ')',
  ',': ',',
  '!': '!',
  '==': '==',
  '=': '=',
  '>': '>',
  in: 'in',
  '<': '<',
  '!=': '!=',
  notin: 'notin',
  '(': '(',
};

const isWhitespace = (ch: string) => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecialSymbol = (ch: string) => '=!(),><'.includes(ch) && ch !== '';

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  for (;;) {
    while (pos < input.length && isWhitespace(input[pos])) pos++;
    if (pos >= input.length) {
      tokens.push({ kind: 'end', literal: '' });
      return tokens;
    }
    const start = pos;
    if (isSpecialSymbol(input[pos])) {
      // Longest run of symbols that still spells a token: `!=` is one token, `=(` two.
      let best: Token | undefined;
      while (pos < input.length && isSpecialSymbol(input[pos])) {
        const candidate = input.slice(start, pos + 1);
        const kind = LITERAL_TOKENS[candidate];
        if (kind) best = { kind, literal: candidate };
        else if (best) break;
        pos++;
      }
      if (!best) tokens.push({ kind: 'error', literal: `error expected: keyword found '${input.slice(start, pos)}'` });
      else {
        pos = start + best.literal.length;
        tokens.push(best);
      }
      continue;
    }
    while (pos < input.length && !isSpecialSymbol(input[pos]) && !isWhitespace(input[pos])) pos++;
    const word = input.slice(start, pos);
    const kind = LITERAL_TOKENS[word];
    tokens.push({ kind: kind === 'in' || kind === 'notin' ? kind : 'identifier', literal: word });
  }
}

const BINARY_OPERATORS = 'in, notin, =, ==, !=, gt, lt';

class Parser {
  private position = 0;
  constructor(private readonly tokens: Token[]) {}

  /** In value position the keywords `in`/`notin` are plain identifiers (`x in (in)`). */
  private static asValue(token: Token): Token {
    return token.kind === 'in' || token.kind === 'notin' ? { kind: 'identifier', literal: token.literal } : token;
  }
  private lookahead(): Token {
    return Parser.asValue(this.tokens[this.position]);
  }
  private consume(keywords = false): Token {
    const token = this.tokens[this.position++];
    return keywords ? token : Parser.asValue(token);
  }

  parse(): LabelRequirement[] {
    const requirements: LabelRequirement[] = [];
    for (;;) {
      const next = this.lookahead();
      if (next.kind === 'end') return requirements;
      if (next.kind !== 'identifier' && next.kind !== '!') {
        throw new LabelSelectorError(`found '${next.literal}', expected: !, identifier, or 'end of string'`);
      }
      try {
        requirements.push(this.parseRequirement());
      } catch (e) {
        if (e instanceof LabelSelectorError) throw new LabelSelectorError(`unable to parse requirement: ${e.message}`);
        throw e;
      }
      const after = this.consume();
      if (after.kind === 'end') return requirements;
      if (after.kind !== ',') throw new LabelSelectorError(`found '${after.literal}', expected: ',' or 'end of string'`);
      const following = this.lookahead();
      if (following.kind !== 'identifier' && following.kind !== '!') {
        throw new LabelSelectorError(`found '${following.literal}', expected: identifier after ','`);
      }
    }
  }

  private parseRequirement(): LabelRequirement {
    let token = this.consume();
    let operator: LabelOperator | undefined;
    if (token.kind === '!') {
      operator = '!';
      token = this.consume();
    }
    if (token.kind !== 'identifier') throw new LabelSelectorError(`found '${token.literal}', expected: identifier`);
    const key = token.literal;
    // The parser checks the key before anything else, with no field path: hence `<nil>:`.
    const keyErrors = qualifiedNameErrors(key);
    if (keyErrors.length) throw new LabelSelectorError(invalidText('<nil>', goQuote(key), keyErrors.join('; ')));
    // `!key` ends the requirement whatever follows, so `!a=b` fails later at the `=`.
    if (operator === '!') return newRequirement(key, '!', []);
    const next = this.lookahead().kind;
    if (next === 'end' || next === ',') return newRequirement(key, 'exists', []);
    operator = this.parseOperator();
    const values = operator === 'in' || operator === 'notin' ? this.parseValues() : this.parseExactValue();
    // `sets.String.List()`: unique and sorted.
    return newRequirement(key, operator, [...new Set(values)].sort());
  }

  private parseOperator(): LabelOperator {
    const token = this.consume(true);
    switch (token.kind) {
      case 'in':
        return 'in';
      case 'notin':
        return 'notin';
      case '=':
        return '=';
      case '==':
        return '==';
      case '!=':
        return '!=';
      case '>':
        return 'gt';
      case '<':
        return 'lt';
      default:
        throw new LabelSelectorError(`found '${token.literal}', expected: ${BINARY_OPERATORS}`);
    }
  }

  private parseValues(): string[] {
    const open = this.consume();
    if (open.kind !== '(') throw new LabelSelectorError(`found '${open.literal}' expected: '('`);
    const next = this.lookahead();
    if (next.kind === ')') {
      this.consume();
      return [''];
    }
    if (next.kind !== 'identifier' && next.kind !== ',') {
      throw new LabelSelectorError(`found '${next.literal}', expected: ',', ')' or identifier`);
    }
    const values = this.parseIdentifierList();
    this.consume(); // the `)` that parseIdentifierList stopped at
    return values;
  }

  /** `(a,,b)`, `(,a)` and `(a,)` all include the empty value. */
  private parseIdentifierList(): string[] {
    const values: string[] = [];
    for (;;) {
      const token = this.consume();
      if (token.kind === 'identifier') {
        values.push(token.literal);
        const next = this.lookahead();
        if (next.kind === ',') continue;
        if (next.kind === ')') return values;
        throw new LabelSelectorError(`found '${next.literal}', expected: ',' or ')'`);
      }
      if (token.kind === ',') {
        if (values.length === 0) values.push('');
        const next = this.lookahead();
        if (next.kind === ')') {
          values.push('');
          return values;
        }
        if (next.kind === ',') values.push('');
        continue;
      }
      throw new LabelSelectorError(`found '${token.literal}', expected: ',', or identifier`);
    }
  }

  private parseExactValue(): string[] {
    const next = this.lookahead();
    if (next.kind === 'end' || next.kind === ',') return [''];
    const token = this.consume();
    if (token.kind === 'identifier') return [token.literal];
    throw new LabelSelectorError(`found '${token.literal}', expected: identifier`);
  }
}

const byKey = (a: LabelRequirement, b: LabelRequirement) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** Parses `?labelSelector=`. The empty string (or only spaces) selects everything. */
export function parseLabelSelector(input: string): LabelSelector {
  const requirements = new Parser(tokenize(input)).parse();
  return { requirements: requirements.sort(byKey) };
}

// ---------------------------------------------------------------------------------------------
// The object form (`metav1.LabelSelector`, as in Deployment.spec.selector).

export interface LabelSelectorObject {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] | null }> | null;
}

const EXPRESSION_OPERATORS: Record<string, LabelOperator> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
};

/** `metav1.LabelSelectorAsSelector`: null selects nothing, `{}` everything. */
export function fromLabelSelectorObject(object: LabelSelectorObject | null | undefined): LabelSelector {
  if (object === null || object === undefined) return NOTHING;
  const matchLabels = object.matchLabels ?? {};
  const expressions = object.matchExpressions ?? [];
  const requirements: LabelRequirement[] = [];
  // Go walks the map in random order; sorted keys make the first reported error deterministic.
  for (const key of Object.keys(matchLabels).sort()) {
    requirements.push(newRequirement(key, '=', [String(matchLabels[key])]));
  }
  for (const expression of expressions) {
    const operator = EXPRESSION_OPERATORS[expression.operator];
    if (!operator) throw new LabelSelectorError(`${goQuote(String(expression.operator))} is not a valid label selector operator`);
    const values = expression.values && expression.values.length ? [...expression.values] : null;
    requirements.push(newRequirement(expression.key, operator, values));
  }
  return { requirements: requirements.sort(byKey) };
}

// ---------------------------------------------------------------------------------------------

export function isEmptySelector(selector: LabelSelector): boolean {
  return !selector.matchesNothing && selector.requirements.length === 0;
}

function requirementMatches(requirement: LabelRequirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, requirement.key);
  const value = has ? labels[requirement.key] : undefined;
  switch (requirement.operator) {
    case 'in':
    case '=':
    case '==':
      return has && requirement.values.includes(value as string);
    case 'notin':
    case '!=':
      return !has || !requirement.values.includes(value as string);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || requirement.values.length !== 1) return false;
      const actual = parseInt64(value as string);
      const bound = parseInt64(requirement.values[0]);
      if (actual === undefined || bound === undefined) return false;
      return requirement.operator === 'gt' ? actual > bound : actual < bound;
    }
  }
}

export function matchesLabelSelector(selector: LabelSelector, labels: Record<string, string> | null | undefined): boolean {
  if (selector.matchesNothing) return false;
  const set = labels ?? {};
  return selector.requirements.every((r) => requirementMatches(r, set));
}

const OPERATOR_TEXT: Record<LabelOperator, string> = {
  '=': '=',
  '==': '==',
  '!=': '!=',
  in: ' in ',
  notin: ' notin ',
  gt: '>',
  lt: '<',
  exists: '',
  '!': '',
};

function formatRequirement(requirement: LabelRequirement): string {
  const { key, operator } = requirement;
  if (operator === 'exists') return key;
  if (operator === '!') return `!${key}`;
  const values = [...requirement.values].sort().join(',');
  const shown = operator === 'in' || operator === 'notin' ? `(${values})` : values;
  return `${key}${OPERATOR_TEXT[operator]}${shown}`;
}

/** `Selector.String()`: what `status.selector` and `kubectl get -o wide` show, e.g. `app=web,tier in (a,b)`. */
export function formatLabelSelector(selector: LabelSelector): string {
  return selector.requirements.map(formatRequirement).join(',');
}
