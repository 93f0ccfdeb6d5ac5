// Who an ID token says someone is, read exactly as kube-apiserver's OIDC authenticator reads it
// (--oidc-username-claim, --oidc-username-prefix, --oidc-groups-claim, --oidc-groups-prefix), so
// an RBAC binding names a dashboard user as it names the same person using kubectl. Every name
// read here is forwarded as an Impersonate-User / Impersonate-Group header by a ServiceAccount
// that may impersonate anyone, so each one is a privilege decision and the rules are strict:
//
//   - a name is printable ASCII with no whitespace at either end. Header parsers (Node's and
//     Go's) trim surrounding whitespace, so ' system:masters' would arrive as system:masters;
//     control characters are refused or mangled; Node writes a JS string above U+007F as Latin-1
//     or refuses it, so the API server would see other bytes than the IdP's name;
//   - nothing under `system:` (Kubernetes' own: system:masters is cluster-admin), compared after
//     NFKC, with whitespace, control and format characters removed and case folded, so that
//     look-alikes (fullwidth letters or colon, SYSTEM:, a zero-width space) count too;
//   - a user refused or a single group refused refuses the whole sign-in: dropping a group
//     silently would hide an IdP misconfiguration from the people who can fix it.
//
// Stricter than the apiserver in one place: with the `email` claim, `email_verified` must be
// present and exactly `true` (the apiserver also accepts it absent), since some IdPs let users
// set their own email and omit the claim.

export interface ClaimMapping {
  /** The issuer URL as configured: kube-apiserver's default user name prefix is `<issuer>#`. */
  issuer: string;
  usernameClaim: string;
  /** Unset: none for `email`, `<issuer>#` for any other claim (the apiserver's default). `-`: none. */
  usernamePrefix?: string;
  groupsClaim: string;
  groupsPrefix: string;
}

export type RefusalCode =
  | 'username_missing'
  | 'email_unverified'
  | 'user_reserved'
  | 'user_invalid'
  | 'groups_claim_invalid'
  | 'group_reserved'
  | 'group_invalid';

export type IdentityVerdict = { ok: true; user: string; groups: string[] } | { ok: false; code: RefusalCode; reason: string };

/** Longer names are no one's: headers and RBAC bindings with kilobyte names are a mistake or an attack. */
export const MAX_NAME_BYTES = 1024;

const RESERVED_PREFIX = 'system:';

/** The ID token's claims as the cluster's user and groups, or why they must not be used. */
export function identityOfClaims(claims: Record<string, unknown>, mapping: ClaimMapping): IdentityVerdict {
  const raw = claims[mapping.usernameClaim];
  if (typeof raw !== 'string') {
    const what = raw === undefined || raw === null ? 'has no' : 'has a non-string';
    return refuse('username_missing', `the ID token ${what} ${JSON.stringify(mapping.usernameClaim)} claim`);
  }
  if (mapping.usernameClaim === 'email' && claims.email_verified !== true) {
    return refuse('email_unverified', `the email ${shown(raw)} is not verified (email_verified is ${JSON.stringify(claims.email_verified) ?? 'absent'})`);
  }
  const user = usernamePrefixOf(mapping) + raw;
  const userProblem = nameProblem(raw) ?? nameProblem(user);
  if (userProblem) return refuse(userProblem.reserved ? 'user_reserved' : 'user_invalid', `user name ${shown(user)} ${userProblem.reason}`);

  const groups = groupsOfClaim(claims[mapping.groupsClaim]);
  if (!groups) return refuse('groups_claim_invalid', `the ${JSON.stringify(mapping.groupsClaim)} claim is neither a string nor a list of strings`);
  const named: string[] = [];
  for (const group of groups) {
    const full = mapping.groupsPrefix + group;
    const problem = nameProblem(group) ?? nameProblem(full);
    if (problem) return refuse(problem.reserved ? 'group_reserved' : 'group_invalid', `group ${shown(full)} ${problem.reason}`);
    if (!named.includes(full)) named.push(full);
  }
  return { ok: true, user, groups: named };
}

/**
 * A stored identity (the session cookie's) checked by the same name rules, so a cookie minted
 * before a rule existed, or by a server with other rules, stops working instead of keeping a name
 * that would be refused today.
 */
export function checkedIdentity(user: unknown, groups: unknown): IdentityVerdict {
  if (typeof user !== 'string') return refuse('username_missing', 'the session has no user name');
  const userProblem = nameProblem(user);
  if (userProblem) return refuse(userProblem.reserved ? 'user_reserved' : 'user_invalid', `user name ${shown(user)} ${userProblem.reason}`);
  if (!Array.isArray(groups) || !groups.every((g): g is string => typeof g === 'string')) {
    return refuse('groups_claim_invalid', 'the session’s groups are not a list of strings');
  }
  for (const group of groups) {
    const problem = nameProblem(group);
    if (problem) return refuse(problem.reserved ? 'group_reserved' : 'group_invalid', `group ${shown(group)} ${problem.reason}`);
  }
  return { ok: true, user, groups: [...groups] };
}

/** The prefix put before every user name, by kube-apiserver's --oidc-username-prefix rules. */
export function usernamePrefixOf(mapping: Pick<ClaimMapping, 'issuer' | 'usernameClaim' | 'usernamePrefix'>): string {
  if (mapping.usernamePrefix === '-') return '';
  if (mapping.usernamePrefix !== undefined) return mapping.usernamePrefix;
  return mapping.usernameClaim === 'email' ? '' : `${mapping.issuer}#`;
}

/**
 * The groups claim as the apiserver takes it: absent or null is no groups, a string is one group,
 * a list of strings is the groups; anything else (a number, an object, a list holding anything but
 * strings) makes the apiserver refuse the token, and so the sign-in here.
 */
export function groupsOfClaim(value: unknown): string[] | null {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((g) => typeof g === 'string')) return value as string[];
  return null;
}

/** Why a user or group name must not be forwarded (`reserved` for Kubernetes' own names), or null. */
export function nameProblem(name: string): { reserved: boolean; reason: string } | null {
  if (name === '') return { reserved: false, reason: 'is empty' };
  if (isReservedName(name)) return { reserved: true, reason: `is under "${RESERVED_PREFIX}", which Kubernetes reserves for its own users and groups` };
  if (new TextEncoder().encode(name).length > MAX_NAME_BYTES) return { reserved: false, reason: `is longer than ${MAX_NAME_BYTES} bytes` };
  if (/^\s|\s$/u.test(name)) return { reserved: false, reason: 'starts or ends with whitespace, which HTTP headers drop' };
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) return { reserved: false, reason: 'contains a control character' };
  if (/[^\u0020-\u007e]/.test(name)) return { reserved: false, reason: 'contains characters outside printable ASCII, which an HTTP header does not carry unchanged' };
  return null;
}

/**
 * Whether a name is under `system:` once the tricks that would hide it are undone: compatibility
 * forms (fullwidth ｓｙｓｔｅｍ：, the long s), case, and whitespace, control or format characters
 * (a tab, a NUL, a zero-width space) anywhere in it.
 */
export function isReservedName(name: string): boolean {
  return name
    .normalize('NFKC')
    .replace(/[\s\p{Cc}\p{Cf}]/gu, '')
    .toLowerCase()
    .startsWith(RESERVED_PREFIX);
}

const refuse = (code: RefusalCode, reason: string): IdentityVerdict => ({ ok: false, code, reason });

/** A name as a log shows it: quoted and escaped (a NUL or newline stays visible), cut short. */
const shown = (name: string) => JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}…` : name);
