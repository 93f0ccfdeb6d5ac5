import { describe, expect, it } from 'vitest';
import { sameOriginPath } from './callback-url';

const ORIGIN = 'https://nodelanes.corp.example';

describe('sameOriginPath', () => {
  it('keeps paths in this app, with their query and fragment', () => {
    expect(sameOriginPath('/clusters/sandbox/lanes', ORIGIN)).toBe('/clusters/sandbox/lanes');
    expect(sameOriginPath('/clusters/a/lanes?pool=x#top', ORIGIN)).toBe('/clusters/a/lanes?pool=x#top');
    expect(sameOriginPath(`${ORIGIN}/clusters/a/lanes`, ORIGIN)).toBe('/clusters/a/lanes');
    expect(sameOriginPath(['/first', '/second'], ORIGIN)).toBe('/first');
  });

  it.each([
    ['/\t/evil.example'],
    ['/\n/evil.example'],
    ['//evil.example'],
    ['///evil.example'],
    ['/\\evil.example'],
    ['\\\\evil.example'],
    ['/.//evil.example'],
    ['https://evil.example'],
    ['https://evil.example/clusters'],
    ['http://nodelanes.corp.example/'], // another scheme is another origin
    ['https://nodelanes.corp.example:8443/'],
    ['https://nodelanes.corp.example@evil.example/'],
    ['https://nodelanes.corp.example.evil.example/'],
    [`${ORIGIN}//evil.example`],
    ['javascript:alert(1)'],
    [' javascript:alert(1)'],
    ['data:text/html,<script>alert(1)</script>'],
    ['http://[::1'],
    [''],
  ])('refuses %j: back to /', (value) => {
    expect(sameOriginPath(value, ORIGIN)).toBe('/');
  });

  it('refuses what is not a string', () => {
    expect(sameOriginPath(undefined, ORIGIN)).toBe('/');
    expect(sameOriginPath([], ORIGIN)).toBe('/');
    expect(sameOriginPath(42, ORIGIN)).toBe('/');
  });
});
