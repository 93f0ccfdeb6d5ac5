import { describe, expect, it } from 'vitest';
import { checkedIdentity, groupsOfClaim, identityOfClaims, isReservedName, nameProblem, usernamePrefixOf, type ClaimMapping, type RefusalCode } from '@/lib/domain/oidc-identity';

const ISSUER = 'https://idp.example.test/realms/corp';
/** The defaults: kube-apiserver's --oidc-username-claim=email, --oidc-groups-claim=groups, no prefixes. */
const EMAIL: ClaimMapping = { issuer: ISSUER, usernameClaim: 'email', groupsClaim: 'groups', groupsPrefix: '' };
const SUB: ClaimMapping = { ...EMAIL, usernameClaim: 'sub' };
const PREFIXED: ClaimMapping = { ...EMAIL, usernamePrefix: 'oidc:', groupsPrefix: 'oidc:' };

/** A verified email, the shape every row starts from. */
const vera = (extra: Record<string, unknown> = {}) => ({ sub: '42', email: 'vera@corp.example', email_verified: true, ...extra });

type Row = [description: string, claims: Record<string, unknown>, mapping: ClaimMapping, expected: { user: string; groups: string[] } | RefusalCode];

const ROWS: Row[] = [
  // Names as the apiserver takes them.
  ['a verified email and two groups', vera({ groups: ['viewers', 'ops'] }), EMAIL, { user: 'vera@corp.example', groups: ['viewers', 'ops'] }],
  ['a lone string as the groups claim is one group', vera({ groups: 'ops' }), EMAIL, { user: 'vera@corp.example', groups: ['ops'] }],
  ['no groups claim: no groups', vera(), EMAIL, { user: 'vera@corp.example', groups: [] }],
  ['a null groups claim: no groups', vera({ groups: null }), EMAIL, { user: 'vera@corp.example', groups: [] }],
  ['an empty groups list: no groups', vera({ groups: [] }), EMAIL, { user: 'vera@corp.example', groups: [] }],
  ['the same group twice counts once', vera({ groups: ['ops', 'ops'] }), EMAIL, { user: 'vera@corp.example', groups: ['ops'] }],
  ['an inner space is kept (AD groups have them)', vera({ groups: ['Domain Users'] }), EMAIL, { user: 'vera@corp.example', groups: ['Domain Users'] }],
  ['explicit prefixes go before the email and every group', vera({ groups: ['ops'] }), PREFIXED, { user: 'oidc:vera@corp.example', groups: ['oidc:ops'] }],
  ['a non-email claim is prefixed with the issuer and # by default', { sub: 'u-17' }, SUB, { user: `${ISSUER}#u-17`, groups: [] }],
  ['preferred_username is prefixed the same way', { sub: '1', preferred_username: 'admin' }, { ...EMAIL, usernameClaim: 'preferred_username' }, { user: `${ISSUER}#admin`, groups: [] }],
  ['`-` turns the default prefix off', { sub: 'u-17' }, { ...SUB, usernamePrefix: '-' }, { user: 'u-17', groups: [] }],
  ['an explicit prefix replaces the default', { sub: 'u-17' }, { ...SUB, usernamePrefix: 'corp:' }, { user: 'corp:u-17', groups: [] }],
  ['a custom groups claim is read, the default one ignored', vera({ roles: ['ops'], groups: ['admins'] }), { ...EMAIL, groupsClaim: 'roles' }, { user: 'vera@corp.example', groups: ['ops'] }],
  ['a namespaced (URL) groups claim', vera({ 'https://corp.example/groups': 'ops' }), { ...EMAIL, groupsClaim: 'https://corp.example/groups' }, { user: 'vera@corp.example', groups: ['ops'] }],
  ['a user name of exactly 1024 bytes', vera({ email: `${'a'.repeat(1012)}@corp.example`.slice(0, 1024) }), EMAIL, { user: `${'a'.repeat(1012)}@corp.example`.slice(0, 1024), groups: [] }],

  // The email must be verified, strictly.
  ['email_verified false', vera({ email: 'admin@corp.example', email_verified: false }), EMAIL, 'email_unverified'],
  ['email_verified absent', { sub: '1', email: 'admin@corp.example' }, EMAIL, 'email_unverified'],
  ['email_verified the string "true"', vera({ email: 'admin@corp.example', email_verified: 'true' }), EMAIL, 'email_unverified'],
  ['email_verified 1', vera({ email: 'admin@corp.example', email_verified: 1 }), EMAIL, 'email_unverified'],
  ['an unverified email is refused even with a prefix', vera({ email_verified: false }), PREFIXED, 'email_unverified'],

  // The user name claim must be there and a string.
  ['no email claim', { sub: '1', preferred_username: 'vera', email_verified: true }, EMAIL, 'username_missing'],
  ['a numeric sub', { sub: 42 }, SUB, 'username_missing'],
  ['an array as the user name', vera({ email: ['vera@corp.example'] }), EMAIL, 'username_missing'],
  ['an object as the user name', { sub: { id: 1 } }, SUB, 'username_missing'],
  ['an empty email', vera({ email: '' }), EMAIL, 'user_invalid'],

  // The user name must not be a Kubernetes name, however it is dressed.
  ['sub system:admin (with the prefix off)', { sub: 'system:admin' }, { ...SUB, usernamePrefix: '-' }, 'user_reserved'],
  ['sub SYSTEM:ADMIN', { sub: 'SYSTEM:ADMIN' }, { ...SUB, usernamePrefix: '-' }, 'user_reserved'],
  ['a leading space before system:kube-controller-manager', { sub: ' system:kube-controller-manager' }, { ...SUB, usernamePrefix: '-' }, 'user_reserved'],
  ['fullwidth ｓｙｓｔｅｍ：admin', { sub: 'ｓｙｓｔｅｍ：admin' }, { ...SUB, usernamePrefix: '-' }, 'user_reserved'],
  ['a tab before system:admin, though the default issuer prefix would go first', { sub: '\tsystem:admin' }, SUB, 'user_reserved'],
  ['a user name with a trailing tab', vera({ email: 'vera@corp.example\t' }), EMAIL, 'user_invalid'],
  ['a user name with a leading space', vera({ email: ' admin@corp.example' }), EMAIL, 'user_invalid'],
  ['a user name with a NUL inside', vera({ email: 'admin@corp.example\u0000.evil' }), EMAIL, 'user_invalid'],
  ['a user name with CR LF (header injection)', vera({ email: 'vera@corp.example\r\nImpersonate-Group: system:masters' }), EMAIL, 'user_invalid'],
  ['a user name with DEL', vera({ email: 'vera\u007f@corp.example' }), EMAIL, 'user_invalid'],
  ['a user name with a C1 control (NEL)', vera({ email: 'vera\u0085@corp.example' }), EMAIL, 'user_invalid'],
  ['a user name with a Cyrillic а (look-alike of a)', vera({ email: 'аdmin@corp.example' }), EMAIL, 'user_invalid'],
  ['a Latin-1 é, which Node would send as another byte', vera({ email: 'josé@corp.example' }), EMAIL, 'user_invalid'],
  ['a user name of 1025 bytes', vera({ email: 'a'.repeat(1025) }), EMAIL, 'user_invalid'],
  ['a very long user name (1 MB)', vera({ email: 'a'.repeat(1 << 20) }), EMAIL, 'user_invalid'],

  // Groups: the shape of the claim.
  ['a number as the groups claim', vera({ groups: 7 }), EMAIL, 'groups_claim_invalid'],
  ['an object as the groups claim', vera({ groups: { name: 'ops' } }), EMAIL, 'groups_claim_invalid'],
  ['an array of arrays', vera({ groups: [['system:masters']] }), EMAIL, 'groups_claim_invalid'],
  ['a list with a number in it', vera({ groups: ['ops', 7] }), EMAIL, 'groups_claim_invalid'],
  ['a list with null in it', vera({ groups: ['ops', null] }), EMAIL, 'groups_claim_invalid'],
  ['a boolean as the groups claim', vera({ groups: true }), EMAIL, 'groups_claim_invalid'],

  // Groups: Kubernetes' own, however dressed; one such group refuses the whole sign-in.
  ['system:masters', vera({ groups: ['ops', 'system:masters'] }), EMAIL, 'group_reserved'],
  ['a lone string system:masters', vera({ groups: 'system:masters' }), EMAIL, 'group_reserved'],
  ['a leading space before system:masters', vera({ groups: [' system:masters'] }), EMAIL, 'group_reserved'],
  ['a leading tab before system:masters', vera({ groups: ['\tsystem:masters'] }), EMAIL, 'group_reserved'],
  ['system:nodes with a trailing tab', vera({ groups: ['system:nodes\t'] }), EMAIL, 'group_reserved'],
  ['SYSTEM:MASTERS', vera({ groups: ['SYSTEM:MASTERS'] }), EMAIL, 'group_reserved'],
  ['System:Masters', vera({ groups: ['System:Masters'] }), EMAIL, 'group_reserved'],
  ['fullwidth ｓｙｓｔｅｍ:masters', vera({ groups: ['ｓｙｓｔｅｍ:masters'] }), EMAIL, 'group_reserved'],
  ['system with a fullwidth colon', vera({ groups: ['system：masters'] }), EMAIL, 'group_reserved'],
  ['a small form colon ﹕', vera({ groups: ['system﹕masters'] }), EMAIL, 'group_reserved'],
  ['a long s (ſ) for s', vera({ groups: ['ſystem:masters'] }), EMAIL, 'group_reserved'],
  ['a zero-width space inside system', vera({ groups: ['sys\u200btem:masters'] }), EMAIL, 'group_reserved'],
  ['a NUL before system:masters', vera({ groups: ['\u0000system:masters'] }), EMAIL, 'group_reserved'],
  ['an ideographic space before system:masters', vera({ groups: ['\u3000system:masters'] }), EMAIL, 'group_reserved'],
  ['a byte-order mark before system:masters', vera({ groups: ['\ufeffsystem:masters'] }), EMAIL, 'group_reserved'],
  ['system:masters under a groups prefix is still refused for its leading space', vera({ groups: [' system:masters'] }), PREFIXED, 'group_reserved'],

  // Groups: names a header would alter.
  ['an empty group', vera({ groups: ['ops', ''] }), EMAIL, 'group_invalid'],
  ['a group with a trailing space', vera({ groups: ['ops '] }), EMAIL, 'group_invalid'],
  ['a group with a newline', vera({ groups: ['ops\nadmins'] }), EMAIL, 'group_invalid'],
  ['a group with a NUL', vera({ groups: ['ops\u0000'] }), EMAIL, 'group_invalid'],
  ['a group with non-ASCII letters', vera({ groups: ['Développeurs'] }), EMAIL, 'group_invalid'],
  ['a group of 2,000 bytes', vera({ groups: ['g'.repeat(2000)] }), EMAIL, 'group_invalid'],
];

describe('identityOfClaims: ID token claims as kube-apiserver takes them', () => {
  it('has at least 40 hostile claim sets', () => {
    expect(ROWS.filter(([, , , expected]) => typeof expected === 'string').length).toBeGreaterThanOrEqual(40);
  });

  it.each(ROWS)('%s', (_description, claims, mapping, expected) => {
    const verdict = identityOfClaims(claims, mapping);
    if (typeof expected === 'string') {
      expect(verdict).toMatchObject({ ok: false, code: expected });
    } else {
      expect(verdict).toEqual({ ok: true, ...expected });
    }
  });

  it('says what was refused, escaped so a log shows control characters', () => {
    const verdict = identityOfClaims(vera({ groups: [' system:masters'] }), EMAIL);
    expect(verdict).toEqual({ ok: false, code: 'group_reserved', reason: expect.stringContaining('group " system:masters" is under "system:"') });
    const nul = identityOfClaims(vera({ email: 'a\u0000b' }), EMAIL);
    expect(nul.ok ? '' : nul.reason).toContain('"a\\u0000b" contains a control character');
    const unverified = identityOfClaims(vera({ email_verified: 'true' }), EMAIL);
    expect(unverified.ok ? '' : unverified.reason).toContain('email_verified is "true"');
  });
});

describe('the name rules alone', () => {
  it('reads the username prefix as --oidc-username-prefix does', () => {
    expect(usernamePrefixOf({ issuer: ISSUER, usernameClaim: 'email' })).toBe('');
    expect(usernamePrefixOf({ issuer: ISSUER, usernameClaim: 'sub' })).toBe(`${ISSUER}#`);
    expect(usernamePrefixOf({ issuer: ISSUER, usernameClaim: 'sub', usernamePrefix: '-' })).toBe('');
    expect(usernamePrefixOf({ issuer: ISSUER, usernameClaim: 'email', usernamePrefix: 'oidc:' })).toBe('oidc:');
  });

  it('reads the groups claim as the apiserver’s string-or-array', () => {
    expect(groupsOfClaim(undefined)).toEqual([]);
    expect(groupsOfClaim('a')).toEqual(['a']);
    expect(groupsOfClaim(['a', 'b'])).toEqual(['a', 'b']);
    expect(groupsOfClaim([1])).toBeNull();
  });

  it('finds system: behind look-alikes and leaves names that merely contain it', () => {
    for (const name of ['system:masters', 'SyStEm:x', ' system:x', 'ｓｙｓｔｅｍ：x', 'sys\u00adtem:x']) expect(isReservedName(name), name).toBe(true);
    for (const name of ['systems:x', 'team-system:x', 'system', 'my system:x', 'oidc:system:masters']) expect(isReservedName(name), name).toBe(false);
  });

  it('accepts ordinary names', () => {
    for (const name of ['vera@corp.example', 'Domain Users', 'oidc:ops', 'https://idp.example.test#u-1', 'a']) expect(nameProblem(name), name).toBeNull();
  });
});

describe('checkedIdentity: a stored session by the same rules', () => {
  it('keeps a good one', () => {
    expect(checkedIdentity('vera@corp.example', ['viewers'])).toEqual({ ok: true, user: 'vera@corp.example', groups: ['viewers'] });
  });

  it('refuses a whole session holding one bad group, a bad user, or a malformed list', () => {
    expect(checkedIdentity('vera', ['ops', ' system:masters'])).toMatchObject({ ok: false, code: 'group_reserved' });
    expect(checkedIdentity('vera', ['ops\t'])).toMatchObject({ ok: false, code: 'group_invalid' });
    expect(checkedIdentity('system:admin', [])).toMatchObject({ ok: false, code: 'user_reserved' });
    expect(checkedIdentity(' vera', [])).toMatchObject({ ok: false, code: 'user_invalid' });
    expect(checkedIdentity(undefined, [])).toMatchObject({ ok: false, code: 'username_missing' });
    expect(checkedIdentity('vera', 'ops')).toMatchObject({ ok: false, code: 'groups_claim_invalid' });
    expect(checkedIdentity('vera', [1])).toMatchObject({ ok: false, code: 'groups_claim_invalid' });
  });
});
