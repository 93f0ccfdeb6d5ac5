// A list's resourceVersion against what the server holds. The strict real server compacts etcd
// every 5 s, so an exact version from the past is gone there as in the sandbox (which keeps no
// old states): 410 with etcd's wording. A version the server has not reached is a 504 Timeout
// with a ResourceVersionTooLarge cause; the current version differs, so the message is compared
// up to it.
import { expect } from 'vitest';
import { code, message, reason, type Case, type Check } from '../case';
import { podsPath } from '../fixtures';

const AHEAD = '999999999';

const tooLarge: Check = {
  label: 'Too large resource version',
  run: (real, sandbox) => {
    const pick = (text: string | undefined) => text?.replace(/current: \d+$/, 'current: N');
    expect(pick(real.response.json?.message), 'the real server').toBe(`Timeout: Too large resource version: ${AHEAD}, current: N`);
    expect(pick(sandbox.response.json?.message)).toBe(pick(real.response.json?.message));
    expect(sandbox.response.json?.details?.causes).toEqual(real.response.json?.details?.causes);
  },
};

export const listVersionCases: Case[] = [
  {
    name: 'Exact at a compacted version is 410 Expired',
    request: { path: `${podsPath}?resourceVersion=2&resourceVersionMatch=Exact` },
    checks: [code, reason, message],
  },
  {
    name: 'NotOlderThan a version not reached is 504 Too large resource version',
    request: { path: `${podsPath}?resourceVersion=${AHEAD}&resourceVersionMatch=NotOlderThan` },
    checks: [code, reason, tooLarge],
  },
  {
    name: 'a resourceVersion not reached, without a match, is the same 504',
    request: { path: `${podsPath}?resourceVersion=${AHEAD}` },
    checks: [code, reason, tooLarge],
  },
];
