import { describe, expect, it } from 'vitest';
import { awsErrorLogFields, deniedAction, eksErrorToAppError, showableAwsMessage } from './errors';

const sdk = (name: string, message: string, httpStatusCode = 400) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode, requestId: 'r-1' }, $fault: 'client' });
const DENIED =
  'User: arn:aws:sts::111122223333:assumed-role/nodelanes-dashboard/botocore-session-1 is not authorized to perform: eks:ListNodegroups on resource: arn:aws:eks:us-east-1:111122223333:cluster/prod';

describe('eksErrorToAppError', () => {
  it('turns AccessDenied into the project’s sentence naming the action, never the ARN or the role', () => {
    for (const name of ['AccessDeniedException', 'UnauthorizedOperation', 'ExpiredTokenException']) {
      const err = eksErrorToAppError(sdk(name, DENIED, 403))!;
      expect(err.status).toBe(502);
      expect(err.code).toBe('aws_access_denied');
      expect(err.message).toBe("The dashboard's AWS role is not allowed to call eks:ListNodegroups on this cluster. An administrator can grant it in IAM; the server's log has AWS's full answer.");
      expect(err.message).not.toMatch(/arn:|111122223333|nodelanes-dashboard/);
    }
    expect(eksErrorToAppError(sdk('SomethingNew', 'nope', 403))!.message).toContain('not allowed to make this EKS call');
  });

  it('keeps AWS’s words when they name no ARN, role or account, and uses its own otherwise', () => {
    expect(eksErrorToAppError(sdk('ResourceInUseException', 'NodeGroup already exists with name batch-pool and cluster name prod', 409))).toMatchObject({
      status: 409,
      code: 'conflict',
      message: 'NodeGroup already exists with name batch-pool and cluster name prod',
    });
    expect(eksErrorToAppError(sdk('InvalidParameterException', 'The role arn:aws:iam::111122223333:role/x is not valid')))?.toMatchObject({
      status: 422,
      code: 'invalid',
      message: 'EKS refused the request as invalid.',
    });
    expect(eksErrorToAppError(sdk('ResourceNotFoundException', 'No cluster found for name: prod.', 404))).toMatchObject({ status: 404, message: 'No cluster found for name: prod.' });
    expect(eksErrorToAppError(sdk('ServiceUnavailableException', 'down for account 111122223333', 503))).toMatchObject({ status: 503, message: 'The EKS API did not answer; try again shortly.' });
    expect(eksErrorToAppError(sdk('Unknown', '', 500))).toMatchObject({ status: 503, code: 'eks_unavailable' });
    expect(eksErrorToAppError(new Error('plain'))).toBeUndefined();
  });

  it('logs AWS’s whole answer for the administrator', () => {
    expect(awsErrorLogFields(sdk('AccessDeniedException', DENIED, 403))).toEqual({ awsError: 'AccessDeniedException', awsMessage: DENIED, awsStatus: 403, awsRequestId: 'r-1' });
  });
});

describe('showableAwsMessage / deniedAction', () => {
  it.each([
    ['Subnet subnet-0abc does not exist', true],
    ['arn:aws-us-gov:iam::123456789012:role/x', false],
    ['assumed-role/dash/session', false],
    ['account 123456789012 is suspended', false],
    ['', false],
  ])('%j → %s', (message, showable) => expect(showableAwsMessage(message)).toBe(showable));

  it('reads the IAM action from AWS’s sentence', () => {
    expect(deniedAction(DENIED)).toBe('eks:ListNodegroups');
    expect(deniedAction('not authorized to perform eks:DescribeNodegroup')).toBe('eks:DescribeNodegroup');
    expect(deniedAction('Access denied')).toBeUndefined();
  });
});
