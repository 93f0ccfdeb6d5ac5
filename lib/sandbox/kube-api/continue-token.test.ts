import { describe, expect, it } from 'vitest';
import { continueTokenProblem } from './continue-token';

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64url');

describe('continueTokenProblem (kube-apiserver 1.20 says exactly these)', () => {
  it('names the first byte base64url cannot hold', () => {
    expect(continueTokenProblem('abc!def')).toBe('illegal base64 data at input byte 3');
    expect(continueTokenProblem('abcd=')).toBe('illegal base64 data at input byte 4');
  });
  it('refuses a lone character at the end, which cannot carry a byte', () => {
    expect(continueTokenProblem('abcde')).toBe('illegal base64 data at input byte 4');
  });
  it('quotes a byte that cannot start JSON as Go does', () => {
    // "not-a-continue-token" decodes to 0x9e…: the real server says '\u009e'.
    expect(continueTokenProblem('not-a-continue-token')).toBe(`invalid character '\\u009e' looking for beginning of value`);
    expect(continueTokenProblem(b64('hello'))).toBe(`invalid character 'h' looking for beginning of value`);
    expect(continueTokenProblem(b64(Buffer.from([0x01, 0x7b])))).toBe(`invalid character '\\x01' looking for beginning of value`);
    expect(continueTokenProblem(b64("'"))).toBe(`invalid character '\\'' looking for beginning of value`);
  });
  it('has nothing to add for bytes that start a JSON value', () => {
    expect(continueTokenProblem(b64('{"v":"x"}'))).toBe('');
    expect(continueTokenProblem(b64('[1]'))).toBe('');
  });
});
