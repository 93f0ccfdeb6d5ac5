// AWS SDK (EKS API) failures → the app's errors. The SDK's service exceptions carry `name` (the
// error type) and `$metadata.httpStatusCode`.
//
// Every EKS call is made with the server's own AWS credentials, so AWS's words are about the
// server, not the user: an AccessDenied names the server's role ARN and account, which a user of
// the dashboard has no business seeing. So an authorization failure becomes the project's own
// sentence (502: the server's role, not the user, was refused), any other message that holds an
// ARN or a role is replaced by the project's words for its kind, and AWS's own message is kept
// only when it holds neither (a validation message such as "Node group … already exists" is the
// most useful thing to show). The full message goes to the server log (awsErrorLogFields).

import { AppError } from '../errors';

interface Kind {
  status: AppError['status'];
  code: string;
  /** What the user reads when AWS's message cannot be shown. */
  words: string;
}

const NOT_ALLOWED = 'not_allowed';

const KINDS: Record<string, Kind> = {
  forbidden: { status: 502, code: 'aws_access_denied', words: NOT_ALLOWED },
  not_found: { status: 404, code: 'not_found', words: 'EKS does not know this resource.' },
  conflict: { status: 409, code: 'conflict', words: 'EKS refused: the resource is in use or changing.' },
  invalid: { status: 422, code: 'invalid', words: 'EKS refused the request as invalid.' },
  limit_exceeded: { status: 422, code: 'limit_exceeded', words: 'EKS refused: an AWS account limit was reached.' },
  too_many_requests: { status: 429, code: 'too_many_requests', words: 'EKS is throttling the dashboard; try again shortly.' },
  eks_unavailable: { status: 503, code: 'eks_unavailable', words: 'The EKS API did not answer; try again shortly.' },
  refused: { status: 422, code: 'refused', words: 'EKS refused the request.' },
};

const BY_NAME: Record<string, keyof typeof KINDS> = {
  AccessDeniedException: 'forbidden',
  AccessDenied: 'forbidden',
  UnauthorizedOperation: 'forbidden',
  UnauthorizedException: 'forbidden',
  UnrecognizedClientException: 'forbidden',
  InvalidClientTokenId: 'forbidden',
  ExpiredTokenException: 'forbidden',
  ResourceNotFoundException: 'not_found',
  NotFoundException: 'not_found',
  ResourceInUseException: 'conflict',
  InvalidStateException: 'conflict',
  InvalidParameterException: 'invalid',
  InvalidRequestException: 'invalid',
  BadRequestException: 'invalid',
  ResourceLimitExceededException: 'limit_exceeded',
  UnsupportedAvailabilityZoneException: 'invalid',
  ThrottlingException: 'too_many_requests',
  TooManyRequestsException: 'too_many_requests',
  ServerException: 'eks_unavailable',
  ServiceUnavailableException: 'eks_unavailable',
};

interface SdkError {
  name: string;
  message?: unknown;
  $metadata: { httpStatusCode?: number };
  $fault?: unknown;
}

function sdkErrorOf(err: unknown): SdkError | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const e = err as Partial<SdkError>;
  return e.$metadata && typeof e.name === 'string' ? (e as SdkError) : undefined;
}

function kindOf(e: SdkError): Kind {
  const named = BY_NAME[e.name];
  if (named) return KINDS[named];
  const http = e.$metadata.httpStatusCode ?? 0;
  if (http >= 500 || e.$fault === 'server') return KINDS.eks_unavailable;
  if (http === 401 || http === 403) return KINDS.forbidden;
  if (http === 404) return KINDS.not_found;
  return KINDS.refused;
}

/** An ARN, an STS/IAM role path or a 12-digit account id: names of the server's AWS identity. */
const REVEALING = /arn:aws[a-z-]*:|assumed-role|:role\/|\b\d{12}\b/i;

/** Whether AWS's message may be shown to a user as it is. */
export function showableAwsMessage(message: string): boolean {
  return message.length > 0 && !REVEALING.test(message);
}

/** The IAM action an AccessDenied names ("… not authorized to perform: eks:ListNodegroups on …"), if any. */
export function deniedAction(message: string): string | undefined {
  return /perform:?\s+([a-z0-9-]+:[A-Za-z0-9*]+)/i.exec(message)?.[1];
}

export function eksErrorToAppError(err: unknown): AppError | undefined {
  const e = sdkErrorOf(err);
  if (!e) return undefined;
  const message = typeof e.message === 'string' ? e.message : '';
  const kind = kindOf(e);
  if (kind.words === NOT_ALLOWED) {
    const action = deniedAction(message);
    return new AppError(
      kind.status,
      kind.code,
      `The dashboard's AWS role is not allowed to ${action ? `call ${action}` : 'make this EKS call'} on this cluster. An administrator can grant it in IAM; the server's log has AWS's full answer.`,
    );
  }
  return new AppError(kind.status, kind.code, showableAwsMessage(message) ? message : kind.words);
}

/** What the server logs of an EKS failure: everything AWS said, for the administrator. */
export function awsErrorLogFields(err: unknown): Record<string, unknown> | undefined {
  const e = sdkErrorOf(err);
  if (!e) return undefined;
  return { awsError: e.name, awsMessage: typeof e.message === 'string' ? e.message : undefined, awsStatus: e.$metadata.httpStatusCode, awsRequestId: (e.$metadata as { requestId?: string }).requestId };
}
