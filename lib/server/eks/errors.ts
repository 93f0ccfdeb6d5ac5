// AWS SDK (EKS API) failures → the app's errors, keeping AWS's own message. The SDK's service
// exceptions carry `name` (the error type) and `$metadata.httpStatusCode`.

import { AppError } from '../errors';

const BY_NAME: Record<string, { status: AppError['status']; code: string }> = {
  AccessDeniedException: { status: 403, code: 'forbidden' },
  UnauthorizedOperation: { status: 403, code: 'forbidden' },
  ResourceNotFoundException: { status: 404, code: 'not_found' },
  NotFoundException: { status: 404, code: 'not_found' },
  ResourceInUseException: { status: 409, code: 'conflict' },
  InvalidStateException: { status: 409, code: 'conflict' },
  InvalidParameterException: { status: 422, code: 'invalid' },
  InvalidRequestException: { status: 422, code: 'invalid' },
  BadRequestException: { status: 422, code: 'invalid' },
  ResourceLimitExceededException: { status: 422, code: 'limit_exceeded' },
  UnsupportedAvailabilityZoneException: { status: 422, code: 'invalid' },
  ThrottlingException: { status: 429, code: 'too_many_requests' },
  TooManyRequestsException: { status: 429, code: 'too_many_requests' },
  ServerException: { status: 503, code: 'eks_unavailable' },
  ServiceUnavailableException: { status: 503, code: 'eks_unavailable' },
};

export function eksErrorToAppError(err: unknown): AppError | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const e = err as { name?: unknown; message?: unknown; $metadata?: { httpStatusCode?: number }; $fault?: unknown };
  if (!e.$metadata || typeof e.name !== 'string') return undefined;
  const message = typeof e.message === 'string' && e.message ? e.message : e.name;
  const known = BY_NAME[e.name];
  if (known) return new AppError(known.status, known.code, message);
  const http = e.$metadata.httpStatusCode ?? 0;
  if (http >= 500 || e.$fault === 'server') return new AppError(503, 'eks_unavailable', message);
  if (http === 403) return new AppError(403, 'forbidden', message);
  if (http === 404) return new AppError(404, 'not_found', message);
  return new AppError(422, 'refused', message);
}
