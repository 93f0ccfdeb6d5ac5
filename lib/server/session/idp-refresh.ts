// Asks the identity provider for a fresh ID token with the session's refresh token (OAuth 2.0
// refresh_token grant at the discovery document's token_endpoint), and hands back its claims.
//
// The ID token comes straight from the token endpoint over the connection this server opened, so
// its signature is not checked again (OpenID Connect Core 3.1.3.7: TLS server validation may
// stand in for it there); issuer, audience and expiry are, and the caller compares `sub` with
// the session's.

import { z } from 'zod';

export type RefreshResult =
  | { ok: true; claims: Record<string, unknown>; idToken: string; refreshToken?: string }
  /** `transient`: the IdP did not answer or answered 5xx; anything else is a refusal. */
  | { ok: false; transient: boolean; reason: string };

export interface IdpClient {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

export type Refresher = (refreshToken: string) => Promise<RefreshResult>;

const discoverySchema = z.object({ issuer: z.string(), token_endpoint: z.url() });
const tokenResponseSchema = z.object({ id_token: z.string().optional(), refresh_token: z.string().optional() });

const discovered = new Map<string, Promise<z.infer<typeof discoverySchema>>>();

function discover(issuer: string, fetchImpl: typeof fetch) {
  let hit = discovered.get(issuer);
  if (!hit) {
    hit = fetchImpl(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(10_000) })
      .then(async (res) => {
        if (!res.ok) throw new Error(`discovery answered ${res.status}`);
        return discoverySchema.parse(await res.json());
      })
      .catch((err) => {
        // A failed discovery is asked again next time, not remembered.
        discovered.delete(issuer);
        throw err;
      });
    discovered.set(issuer, hit);
  }
  return hit;
}

export function idpRefresher(client: IdpClient, fetchImpl: typeof fetch = fetch, now: () => number = Date.now): Refresher {
  return async (refreshToken) => {
    let endpoint: string;
    let issuer: string;
    let res: Response;
    try {
      ({ token_endpoint: endpoint, issuer } = await discover(client.issuer, fetchImpl));
      res = await fetchImpl(endpoint, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
          // client_secret_basic, as next-auth signs in with: both parts form-encoded first (RFC 6749 2.3.1).
          Authorization: `Basic ${Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`).toString('base64')}`,
        },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (err) {
      return { ok: false, transient: true, reason: `the identity provider did not answer: ${(err as Error).message}` };
    }
    if (res.status >= 500) return { ok: false, transient: true, reason: `the identity provider answered ${res.status}` };
    const body = await res.json().catch(() => undefined);
    if (!res.ok) {
      const code = body && typeof body === 'object' && typeof (body as { error?: unknown }).error === 'string' ? (body as { error: string }).error : String(res.status);
      return { ok: false, transient: false, reason: `the identity provider refused the refresh (${code})` };
    }
    const parsed = tokenResponseSchema.safeParse(body);
    if (!parsed.success || !parsed.data.id_token) return { ok: false, transient: false, reason: 'the identity provider sent no new ID token' };
    const claims = payloadOf(parsed.data.id_token);
    if (!claims) return { ok: false, transient: false, reason: 'the new ID token is not a JWT' };
    const problem = claimsProblem(claims, issuer, client.clientId, now());
    if (problem) return { ok: false, transient: false, reason: problem };
    return { ok: true, claims, idToken: parsed.data.id_token, ...(parsed.data.refresh_token ? { refreshToken: parsed.data.refresh_token } : {}) };
  };
}

function payloadOf(jwt: string): Record<string, unknown> | undefined {
  const parts = jwt.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as unknown;
    return payload && typeof payload === 'object' && !Array.isArray(payload) ? (payload as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** What makes an ID token not one for this client from this issuer, now (OIDC Core 3.1.3.7 and 12.2). */
export function claimsProblem(claims: Record<string, unknown>, issuer: string, clientId: string, now: number): string | undefined {
  if (claims.iss !== issuer) return 'the new ID token names another issuer';
  const aud = claims.aud;
  if (!(aud === clientId || (Array.isArray(aud) && aud.includes(clientId)))) return 'the new ID token is for another client';
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now) return 'the new ID token has expired';
  return undefined;
}
