// TokenRequest (`kubectl create token <sa>`): bound ServiceAccount tokens as signed JWTs carrying
// the claims kube-apiserver writes, so the sandbox's authenticator can read them back as
// `system:serviceaccount:<ns>:<sa>`. Signed with HMAC under a key made per sandbox: the tokens are
// worth nothing outside it, and nothing is stored per token.
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { ApiError, badRequest } from '../errors';
import type { KObject } from '../store';

export const ISSUER = 'https://kubernetes.default.svc';
const DEFAULT_SECONDS = 3600;
const MIN_SECONDS = 600;
const MAX_SECONDS = 2 ** 32;

export interface TokenClaims {
  iss: string;
  sub: string;
  aud: string[];
  exp: number;
  iat: number;
  nbf: number;
  jti: string;
  'kubernetes.io': { namespace: string; serviceaccount: { name: string; uid: string } };
}

export interface TokenRequestBody {
  metadata?: { name?: string };
  spec?: { audiences?: string[] | null; expirationSeconds?: number | null; boundObjectRef?: { kind?: string; name?: string } | null };
}

const b64 = (v: string | Buffer) => Buffer.from(v).toString('base64url');

export class ServiceAccountTokens {
  private readonly key = randomBytes(32);

  /** The TokenRequest the apiserver answers with: spec defaulted, status with the token. */
  issue(sa: KObject, body: TokenRequestBody, now: Date) {
    const spec = body.spec ?? {};
    const seconds = spec.expirationSeconds ?? DEFAULT_SECONDS;
    if (!Number.isInteger(seconds) || seconds < MIN_SECONDS || seconds > MAX_SECONDS) {
      const why = seconds < MIN_SECONDS ? 'may not specify a duration less than 10 minutes' : 'may not specify a duration larger than 2^32 seconds';
      const message = `Invalid value: ${seconds}: ${why}`;
      throw new ApiError(422, 'Invalid', `TokenRequest.authentication.k8s.io "${sa.metadata.name}" is invalid: spec.expirationSeconds: ${message}`, {
        name: sa.metadata.name,
        group: 'authentication.k8s.io',
        kind: 'TokenRequest',
        causes: [{ reason: 'FieldValueInvalid', message, field: 'spec.expirationSeconds' }],
      });
    }
    // Binding to a pod or secret needs that object's uid checks; the sandbox binds to the account only.
    if (spec.boundObjectRef?.kind) throw badRequest(`cannot bind a token to a ${spec.boundObjectRef.kind}: this sandbox issues tokens bound to the ServiceAccount only`);
    const audiences = spec.audiences?.length ? spec.audiences : [ISSUER];
    const iat = Math.floor(now.getTime() / 1000);
    const claims: TokenClaims = {
      iss: ISSUER,
      sub: `system:serviceaccount:${sa.metadata.namespace}:${sa.metadata.name}`,
      aud: audiences,
      exp: iat + seconds,
      iat,
      nbf: iat,
      jti: randomUUID(),
      'kubernetes.io': { namespace: sa.metadata.namespace!, serviceaccount: { name: sa.metadata.name, uid: sa.metadata.uid! } },
    };
    return {
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { name: sa.metadata.name, namespace: sa.metadata.namespace, creationTimestamp: null },
      spec: { audiences, expirationSeconds: seconds, boundObjectRef: null },
      status: { token: this.sign(claims), expirationTimestamp: new Date(claims.exp * 1000).toISOString().replace('.000Z', 'Z') },
    };
  }

  /** The claims of a token this sandbox signed, or undefined for any other string. Expiry is the caller's. */
  read(token: string): TokenClaims | undefined {
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    const expected = this.mac(`${parts[0]}.${parts[1]}`);
    const given = Buffer.from(parts[2], 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      return JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as TokenClaims;
    } catch {
      return undefined;
    }
  }

  private sign(claims: TokenClaims): string {
    const head = `${b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64(JSON.stringify(claims))}`;
    return `${head}.${b64(this.mac(head))}`;
  }

  private mac(text: string): Buffer {
    return createHmac('sha256', this.key).update(text).digest();
  }
}
