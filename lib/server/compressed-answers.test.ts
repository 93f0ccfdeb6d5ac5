import { describe, expect, it } from 'vitest';
import { answersJson } from './compressed-answers';

const q = (s = '') => new URLSearchParams(s);

describe('answersJson', () => {
  it('names the large JSON answers', () => {
    expect(answersJson('GET', '/api/clusters/prod/topology', q())).toBe(true);
    expect(answersJson('GET', '/api/clusters/prod/topology/usage', q('pods=all'))).toBe(true);
    expect(answersJson('GET', '/api/clusters/prod/review', q())).toBe(true);
    expect(answersJson('GET', '/api/clusters/prod/review', q('format=json'))).toBe(true);
  });

  it('leaves out the stream, the CSV, writes and other routes', () => {
    expect(answersJson('GET', '/api/clusters/prod/topology/stream', q())).toBe(false);
    expect(answersJson('GET', '/api/clusters/prod/review', q('format=csv'))).toBe(false);
    expect(answersJson('POST', '/api/clusters/prod/topology', q())).toBe(false);
    expect(answersJson('GET', '/clusters/prod', q())).toBe(false);
  });
});
