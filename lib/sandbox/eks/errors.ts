// AWS-style failures for the sandbox's EKS API: restJson1 errors carry their type in the
// `x-amzn-ErrorType` header (and `__type` in the body), which is what the AWS SDK and CLI read.

export type EksErrorType =
  | 'InvalidParameterException'
  | 'InvalidRequestException'
  | 'ResourceInUseException'
  | 'ResourceNotFoundException'
  | 'ResourceLimitExceededException'
  | 'ClientException'
  | 'ServerException';

const STATUS: Record<EksErrorType, number> = {
  InvalidParameterException: 400,
  InvalidRequestException: 400,
  ResourceInUseException: 409,
  ResourceNotFoundException: 404,
  ResourceLimitExceededException: 400,
  ClientException: 400,
  ServerException: 500,
};

export class EksError extends Error {
  readonly status: number;
  constructor(
    readonly type: EksErrorType,
    message: string,
    readonly extra: { clusterName?: string; nodegroupName?: string } = {},
  ) {
    super(message);
    this.status = STATUS[type];
  }

  body() {
    return { __type: this.type, message: this.message, ...this.extra };
  }
}
