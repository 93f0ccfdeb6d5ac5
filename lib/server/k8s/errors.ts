// API server refusals → the app's errors, with the cluster's own words. A 403 from RBAC, a 409 on
// a stale resourceVersion, a 422 from admission: the user must read what the cluster said, not a
// 500. client-node throws ApiException { code, body } where body is the Status as JSON text (or
// nothing for a 401); network failures are plain errors with an errno code.

import { AppError } from '../errors';

interface KubeStatus {
  kind?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; kind?: string; group?: string; causes?: Array<{ field?: string; message?: string; reason?: string }> };
}

function parseStatus(body: unknown): KubeStatus | undefined {
  if (body && typeof body === 'object') return body as KubeStatus;
  if (typeof body !== 'string' || !body) return undefined;
  try {
    const parsed = JSON.parse(body);
    return parsed && typeof parsed === 'object' ? (parsed as KubeStatus) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Token mode: the API server refused the signed-in user's own ID token (401): expired, or not
 * one the cluster's OIDC authenticator accepts. Shaped like client-node's ApiException
 * ({ code, body }) so statusOf reads it; the user must sign in again, nothing else helps.
 */
export class UserTokenRefusedError extends Error {
  readonly code = 401;
  constructor(readonly body: string) {
    super('HTTP-Code: 401 the API server refused the signed-in user\'s ID token');
    this.name = 'UserTokenRefusedError';
  }
}

export function isUserTokenRefused(err: unknown): err is UserTokenRefusedError {
  return err instanceof UserTokenRefusedError || (!!err && typeof err === 'object' && (err as { name?: unknown }).name === 'UserTokenRefusedError');
}

/** What a user whose ID token the cluster refused reads: 401, sign in again. */
export function tokenRefusedAppError(): AppError {
  return new AppError(
    401,
    'token_expired',
    'The cluster no longer accepts your sign-in (your ID token has expired or was refused). Sign in again; if this keeps happening, the cluster\'s OIDC identity provider must trust this dashboard\'s issuer and client id.',
  );
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'UND_ERR_SOCKET']);

/** The cluster could not be reached at all (connection refused, reset, DNS, timeout). */
export function isNetworkError(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; errno?: unknown; type?: unknown; cause?: unknown; name?: unknown };
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true;
  if (e.type === 'system' || e.name === 'FetchError') return true;
  return e.cause !== undefined && e.cause !== err && isNetworkError(e.cause);
}

/** An AppError for a Kubernetes API failure, or undefined when `err` is not one. */
export function kubeErrorToAppError(err: unknown, clusterId?: string): AppError | undefined {
  if (isUserTokenRefused(err)) return tokenRefusedAppError();
  if (isNetworkError(err)) {
    return new AppError(503, 'cluster_unavailable', `The cluster${clusterId ? ` "${clusterId}"` : ''} cannot be reached right now; nothing was changed.`);
  }
  if (!err || typeof err !== 'object' || !('code' in err) || typeof (err as { code: unknown }).code !== 'number' || !('body' in err)) return undefined;
  const code = (err as { code: number }).code;
  const status = parseStatus((err as { body: unknown }).body);
  const message = status?.message || `The API server answered ${code}.`;
  const details = status?.details?.causes?.length ? { causes: status.details.causes } : undefined;
  switch (code) {
    case 400:
      return new AppError(422, 'refused', message, details);
    case 401:
      // The app's own credentials were refused: nothing the user can fix from the browser.
      return new AppError(503, 'cluster_unavailable', 'The cluster refused the dashboard\'s credentials; an administrator must fix its kubeconfig or service account.');
    case 403:
      return new AppError(403, 'forbidden', message);
    case 404:
      return new AppError(404, 'not_found', message);
    case 409:
      return status?.reason === 'AlreadyExists'
        ? new AppError(409, 'already_exists', message)
        : new AppError(409, 'conflict', `Changed by someone else since you opened it: ${message}`);
    case 410:
      return new AppError(409, 'conflict', message);
    case 415:
    case 422:
      return new AppError(422, 'invalid', message, details);
    case 429:
      return new AppError(429, 'too_many_requests', message);
    default:
      if (code >= 500) return new AppError(503, 'cluster_unavailable', `The API server failed: ${message}`);
      return new AppError(422, 'refused', message, details);
  }
}
