/**
 * AWS Systems Manager as a service module of the fake endpoint: awsJson1_1, target prefix AmazonSSM.
 * Parameter Store (GetParameter, GetParameters) is in parameters.ts; Session Manager joins the
 * operation table below from a file of its own.
 */
import { AwsError } from '../errors';
import { awsJsonProtocol } from '../protocols/awsJson';
import type { CallContext, ServiceModule } from '../services';
import { parameterStoreHandlers, type FakeSsmParameters } from './parameters';

export const SSM_TARGET_PREFIX = 'AmazonSSM';

export interface FakeSsm {
  readonly parameters: FakeSsmParameters;
}

export function ssmModule(ssm: FakeSsm): ServiceModule {
  const handlers: Record<string, (input: unknown, ctx: CallContext) => unknown> = {
    ...parameterStoreHandlers(ssm.parameters),
  };
  return {
    signingName: 'ssm',
    protocol: awsJsonProtocol('com.amazonaws.ssm'),
    jsonTargetPrefix: SSM_TARGET_PREFIX,
    errors: {
      serverError: {
        code: 'InternalServerError',
        status: 500,
        message: 'An internal server error occurred.',
      },
    },
    handle(operation: string, input: unknown, ctx: CallContext): unknown {
      const handler = Object.hasOwn(handlers, operation) ? handlers[operation] : undefined;
      if (!handler) throw new AwsError('UnknownOperationException', `Unknown operation ${operation}`);
      return handler(input, ctx);
    },
  };
}
