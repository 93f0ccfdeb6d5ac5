import { describe, expect, it } from 'vitest';
import { failureReason, networkReason } from './failure-reason';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('failureReason', () => {
  it('names the kind of network failure, never the address in the message', () => {
    const refused = withCode('request to https://10.0.12.7:443/api/v1/pods?limit=500 failed, reason: connect ECONNREFUSED 10.0.12.7:443', 'ECONNREFUSED');
    expect(failureReason(refused)).toBe('connection refused (ECONNREFUSED)');
    expect(failureReason(withCode('Premature close', 'ERR_STREAM_PREMATURE_CLOSE'))).toBe('the connection closed mid-answer (ERR_STREAM_PREMATURE_CLOSE)');
  });

  it('gives the status an API server answered', () => {
    expect(failureReason(Object.assign(new Error('HTTP-Code: 403 listing /api/v1/pods'), { code: 403 }))).toBe('the API server answered 403');
    expect(failureReason({ statusCode: 500, message: 'internal error at 10.0.0.1' })).toBe('the API server answered 500');
  });

  it('keeps its own idle timeout, and says no more than that a request failed otherwise', () => {
    expect(failureReason(new Error('no data for 660000 ms'))).toBe('no data for 660000 ms');
    expect(failureReason(new Error('socket hang up at https://internal.example:6443'))).toBe('the request failed');
  });
});

describe('networkReason', () => {
  it('falls back to the first line of an unknown failure (the cluster picker shows it to operators)', () => {
    expect(networkReason(withCode('getaddrinfo EAI_AGAIN x\nmore', 'EAI_AGAIN'))).toBe('getaddrinfo EAI_AGAIN x');
  });
});
