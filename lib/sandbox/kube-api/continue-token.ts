// Why kube-apiserver refuses a continue token, in its own words: its etcd3 store decodes the
// token as unpadded base64url, then as JSON, and quotes the Go decoder's error after "continue
// key is not valid: ". Clients show the message as it is, so the sandbox words it the same.

/** Go's base64.RawURLEncoding error for the token, or undefined when it decodes. */
function base64Problem(token: string): string | undefined {
  let inQuantum = 0;
  for (let i = 0; i < token.length; i++) {
    const c = token[i];
    if (c === '\n' || c === '\r') continue;
    if (!/[A-Za-z0-9_-]/.test(c)) return `illegal base64 data at input byte ${i}`;
    inQuantum = (inQuantum + 1) % 4;
  }
  // A lone character cannot carry a byte.
  return inQuantum === 1 ? `illegal base64 data at input byte ${token.length - 1}` : undefined;
}

/** A byte as Go's encoding/json quotes it in "invalid character ..." (strconv.Quote of the rune). */
function goQuoteChar(b: number): string {
  if (b === 0x27) return `'\\''`;
  if (b === 0x22) return `'"'`;
  const escapes: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r', 0x5c: '\\\\' };
  if (escapes[b]) return `'${escapes[b]}'`;
  const printable = (b >= 0x20 && b <= 0x7e) || (b >= 0xa1 && b <= 0xff && b !== 0xad);
  if (printable) return `'${String.fromCharCode(b)}'`;
  return b < 0x80 ? `'\\x${b.toString(16).padStart(2, '0')}'` : `'\\u${b.toString(16).padStart(4, '0')}'`;
}

/**
 * The reason a token that this server cannot read is refused: Go's base64 error, or Go's JSON
 * error when the decoded bytes cannot start a JSON value; '' when neither applies.
 */
export function continueTokenProblem(token: string): string {
  const base64 = base64Problem(token);
  if (base64) return base64;
  const bytes = Buffer.from(token.replace(/[\r\n]/g, ''), 'base64url');
  const first = bytes.find((b) => b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d);
  if (first === undefined) return 'unexpected end of JSON input';
  if (!'{["-0123456789tfn'.includes(String.fromCharCode(first))) return `invalid character ${goQuoteChar(first)} looking for beginning of value`;
  return '';
}
